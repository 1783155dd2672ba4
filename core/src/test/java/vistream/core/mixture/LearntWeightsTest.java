package vistream.core.mixture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vistream.core.Tolerance.assertRelativelyClose;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import vistream.core.inference.Cavi;
import vistream.core.inference.CaviOptions;
import vistream.core.inference.CaviResult;
import vistream.core.inference.Initialisation;
import vistream.core.inference.IterationListener;
import vistream.core.numeric.SpecialFunctions;

/**
 * The lecture's known-variance model with learnt weights (Dirichlet and a truncated Dirichlet
 * process), against independent truth: the exact log evidence by enumeration of every assignment
 * under the weights' own marginal, the closed form for one component, and the ELBO summed point by
 * point.
 */
class LearntWeightsTest {

    private static final double LOG_2PI = Math.log(2 * Math.PI);
    /** A sum of a few thousand terms of order 10 agrees to about 1e-13 relative; 1e-11 leaves room. */
    private static final double SUMS = 1e-11;

    private final SplittableRandom random = new SplittableRandom(11);

    @Test
    void withOneComponentTheElboIsTheExactLogEvidence() {
        // With K = 1 every label is 1 and q(μ) is the exact posterior, so the ELBO equals the
        // normal–normal marginal likelihood of MATHS.md §2 for either learnt prior.
        double[] x = {0.3, -1.2, 2.5, 0.9, 1.7, -0.4, 3.1};
        double sigma0 = 2.0;
        double sigma = 0.8;
        double exact = clusterLogMarginal(x, sigma0 * sigma0, sigma * sigma);
        for (WeightFactor weights : new WeightFactor[] {new WeightFactor.Dirichlet(0.5), new WeightFactor.StickBreaking(1.5)}) {
            KnownVarianceGaussianMixture model = new KnownVarianceGaussianMixture(1, sigma0, sigma, weights);
            CaviResult fit = Cavi.fit(model, x, new Initialisation.GivenMeans(new double[] {0.0}, 1.0),
                    new CaviOptions(50, 0.0, 1), IterationListener.NONE);
            // The Dirichlet (or the single stick's Beta) keeps a KL to its prior even though π = 1
            // for one component: Dirichlet(α0 + n) over one weight is a point mass, KL 0; the stick
            // v ~ Beta(1 + n, α0) is not, and its KL is the price of the truncation's leftover mass.
            double weightTerm = weights instanceof WeightFactor.Dirichlet ? 0.0 : stickLogMass(x.length, 1.5);
            assertRelativelyClose(exact + weightTerm, fit.finalElbo(), SUMS, weights + ": ELBO with K = 1");
        }
    }

    /**
     * log E[v^n] under v ~ Beta(1, α0), the prior probability that n labels all take the only stick
     * of a one-stick truncation: what the stick-breaking ELBO of K = 1 converges to beside the
     * data's marginal.
     */
    private static double stickLogMass(int n, double alpha0) {
        return logBeta(1 + n, alpha0) - logBeta(1, alpha0);
    }

    @Test
    void theElboStaysBelowTheExactLogEvidenceUnderTheWeightsOwnPrior() {
        // log p(x) = log Σ_c p(c) Π_k p(x_k) over all K^n labellings, with p(c) the
        // Dirichlet-multinomial or the truncated stick-breaking marginal of the labels.
        for (int trial = 0; trial < 6; trial++) {
            int k = 2 + trial % 2;
            int n = 7;
            double[] x = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = (random.nextInt(k) * 4.0 - 4.0) + random.nextGaussian();
            }
            double sigma0 = 3.0;
            double sigma = 1.0;
            double alpha0 = 0.3 + random.nextDouble();
            for (WeightFactor weights : new WeightFactor[] {new WeightFactor.Dirichlet(alpha0),
                new WeightFactor.StickBreaking(alpha0)}) {
                KnownVarianceGaussianMixture model = new KnownVarianceGaussianMixture(k, sigma0, sigma, weights);
                double exact = exactLogEvidence(x, k, sigma0 * sigma0, sigma * sigma, weights);
                CaviResult fit = Cavi.fit(model, x, new Initialisation.KMeansPlusPlus(trial, 3, 1.0),
                        new CaviOptions(500, 1e-12, 1), IterationListener.NONE);
                double[] trace = fit.elbo();
                for (int t = 1; t < trace.length; t++) {
                    assertTrue(trace[t] >= trace[t - 1] - 1e-12 * Math.abs(trace[t]),
                            weights + ": ELBO fell at iteration " + (t + 1));
                }
                assertTrue(fit.finalElbo() <= exact, weights + ": ELBO " + fit.finalElbo() + " above log p(x) " + exact);
                // Mean field on well-separated clusters leaves a small gap: the labels' posterior
                // is nearly a point mass, so KL(q ‖ p) is a few nats at most.
                assertTrue(exact - fit.finalElbo() < 5.0, weights + ": gap " + (exact - fit.finalElbo()));
            }
        }
    }

    @Test
    void theFusedElboEqualsTheElboSummedPointByPoint() {
        double[] x = new double[300];
        for (int i = 0; i < x.length; i++) {
            x[i] = (i % 3) * 3.0 + random.nextGaussian();
        }
        for (WeightFactor weights : new WeightFactor[] {new WeightFactor.Dirichlet(0.25), new WeightFactor.StickBreaking(2.0)}) {
            KnownVarianceGaussianMixture model = new KnownVarianceGaussianMixture(3, 5.0, 1.1, weights);
            NaturalParameters before = Cavi.fit(model, x, new Initialisation.GivenMeans(new double[] {0, 2, 7}, 1.0),
                    new CaviOptions(2, 0.0, 1), IterationListener.NONE).posterior();
            SufficientStatistics s = model.newStatistics();
            model.localStep(before).accumulate(x, 0, x.length, s);
            NaturalParameters after = model.globalStep(s, 1.0);
            assertRelativelyClose(naiveElbo(model, weights, x, before, after, 25.0, 1.21), model.elbo(after, s), SUMS,
                    weights + ": ELBO");
        }
    }

    @Test
    void aComponentTheDataDoNotNeedIsSwitchedOff() {
        double[] x = new double[2000];
        for (int i = 0; i < x.length; i++) {
            x[i] = (i % 2 == 0 ? -5.0 : 5.0) + random.nextGaussian();
        }
        for (WeightFactor weights : new WeightFactor[] {new WeightFactor.Dirichlet(0.01), new WeightFactor.StickBreaking(0.5)}) {
            KnownVarianceGaussianMixture model = new KnownVarianceGaussianMixture(4, 10.0, 1.0, weights);
            // Two spare components start beyond the data. (Two that start on one cluster share it for
            // thousands of iterations, mean field's slow symmetry breaking: what merge moves are for.)
            CaviResult fit = Cavi.fit(model, x, new Initialisation.GivenMeans(new double[] {-5.5, 4.8, 15.0, 25.0}, 1.0),
                    new CaviOptions(3000, 1e-13, 1), IterationListener.NONE);
            double[] w = model.weights(fit.posterior());
            java.util.Arrays.sort(w);
            // Two components share the data; the others keep less than one observation in a hundred.
            assertTrue(w[0] + w[1] < 0.01, weights + ": spare weights " + w[0] + ", " + w[1]);
            assertEquals(1.0, w[2] + w[3], 0.011, weights + ": weights of the two clusters");
        }
    }

    @Test
    void uniformWeightsAreTheLecturesModelBitForBit() {
        double[] x = {1.0, 2.5, -3.0, 0.2, 4.4};
        KnownVarianceGaussianMixture lecture = new KnownVarianceGaussianMixture(2, 3.0, 1.0);
        KnownVarianceGaussianMixture uniform = new KnownVarianceGaussianMixture(2, 3.0, 1.0, new WeightFactor.Uniform());
        CaviOptions options = new CaviOptions(20, 0.0, 1);
        Initialisation start = new Initialisation.GivenMeans(new double[] {-1, 1}, 1.0);
        assertEquals(Cavi.fit(lecture, x, start, options, IterationListener.NONE),
                Cavi.fit(uniform, x, start, options, IterationListener.NONE));
        assertEquals(4, lecture.prior().size(), "no weight parameters for uniform weights");
    }

    /** MATHS.md §4 with the learnt weights' terms, φ recomputed per point by plain exponentials. */
    private static double naiveElbo(KnownVarianceGaussianMixture model, WeightFactor weights, double[] x,
            NaturalParameters phiFrom, NaturalParameters q, double tau2, double s2known) {
        int k = model.components();
        double[] logPiOld = expectedLogPi(weights, phiFrom.values(), k);
        double[] logPi = expectedLogPi(weights, q.values(), k);
        double[] mOld = model.means(phiFrom);
        double[] vOld = model.variances(phiFrom);
        double[] m = model.means(q);
        double[] v = model.variances(q);
        double elbo = weightElbo(weights, q.values(), k, logPi);
        for (int j = 0; j < k; j++) {
            elbo += -0.5 * Math.log(2 * Math.PI * tau2) - (v[j] + m[j] * m[j]) / (2 * tau2)
                    + 0.5 * Math.log(2 * Math.PI * Math.E * v[j]);
        }
        for (double xi : x) {
            double[] phi = new double[k];
            double z = 0;
            for (int j = 0; j < k; j++) {
                phi[j] = Math.exp(logPiOld[j] + mOld[j] * xi / s2known - (vOld[j] + mOld[j] * mOld[j]) / (2 * s2known));
                z += phi[j];
            }
            for (int j = 0; j < k; j++) {
                phi[j] /= z;
                elbo += phi[j] * (logPi[j] - 0.5 * Math.log(2 * Math.PI * s2known)
                        - (xi * xi - 2 * xi * m[j] + v[j] + m[j] * m[j]) / (2 * s2known));
                if (phi[j] > 0) {
                    elbo -= phi[j] * Math.log(phi[j]);
                }
            }
        }
        return elbo;
    }

    /** E[log π_k] from the definitions, not through the factor's code. */
    private static double[] expectedLogPi(WeightFactor weights, double[] lambda, int k) {
        double[] out = new double[k];
        if (weights instanceof WeightFactor.Dirichlet) {
            double total = 0;
            for (int j = 0; j < k; j++) {
                total += lambda[j];
            }
            for (int j = 0; j < k; j++) {
                out[j] = SpecialFunctions.digamma(lambda[j]) - SpecialFunctions.digamma(total);
            }
            return out;
        }
        double before = 0;
        for (int j = 0; j < k; j++) {
            double a = lambda[2 * j];
            double b = lambda[2 * j + 1];
            out[j] = SpecialFunctions.digamma(a) - SpecialFunctions.digamma(a + b) + before;
            before += SpecialFunctions.digamma(b) - SpecialFunctions.digamma(a + b);
        }
        return out;
    }

    /** −KL(q(π) ‖ p(π)) as E[log p] − E[log q] with explicit normalisers. */
    private static double weightElbo(WeightFactor weights, double[] lambda, int k, double[] logPi) {
        if (weights instanceof WeightFactor.Dirichlet d) {
            double a0 = d.alpha0();
            double logP = SpecialFunctions.logGamma(k * a0) - k * SpecialFunctions.logGamma(a0);
            double total = 0;
            double logQ = 0;
            for (int j = 0; j < k; j++) {
                logP += (a0 - 1) * logPi[j];
                logQ += (lambda[j] - 1) * logPi[j] - SpecialFunctions.logGamma(lambda[j]);
                total += lambda[j];
            }
            logQ += SpecialFunctions.logGamma(total);
            return logP - logQ;
        }
        double a0 = ((WeightFactor.StickBreaking) weights).alpha0();
        double sum = 0;
        for (int j = 0; j < k; j++) {
            double a = lambda[2 * j];
            double b = lambda[2 * j + 1];
            double eLogV = SpecialFunctions.digamma(a) - SpecialFunctions.digamma(a + b);
            double eLog1mV = SpecialFunctions.digamma(b) - SpecialFunctions.digamma(a + b);
            sum += (-logBeta(1, a0) + (a0 - 1) * eLog1mV) - (-logBeta(a, b) + (a - 1) * eLogV + (b - 1) * eLog1mV);
        }
        return sum;
    }

    /** log Σ over all K^n labellings of p(c) Π_k p(x_{c = k}). */
    private static double exactLogEvidence(double[] x, int k, double tau2, double s2, WeightFactor weights) {
        int n = x.length;
        int[] c = new int[n];
        double max = Double.NEGATIVE_INFINITY;
        int total = (int) Math.pow(k, n);
        double[] terms = new double[total];
        for (int code = 0; code < total; code++) {
            int rest = code;
            for (int i = 0; i < n; i++) {
                c[i] = rest % k;
                rest /= k;
            }
            double logJoint = logLabelPrior(c, k, weights);
            for (int j = 0; j < k; j++) {
                int count = 0;
                for (int i = 0; i < n; i++) {
                    if (c[i] == j) {
                        count++;
                    }
                }
                double[] members = new double[count];
                int at = 0;
                for (int i = 0; i < n; i++) {
                    if (c[i] == j) {
                        members[at++] = x[i];
                    }
                }
                logJoint += clusterLogMarginal(members, tau2, s2);
            }
            terms[code] = logJoint;
            max = Math.max(max, logJoint);
        }
        double sum = 0;
        for (double t : terms) {
            sum += Math.exp(t - max);
        }
        return max + Math.log(sum);
    }

    /** log p(c) of a labelled sequence: Dirichlet-multinomial, or the product of the sticks' Beta integrals. */
    private static double logLabelPrior(int[] c, int k, WeightFactor weights) {
        int[] counts = new int[k];
        for (int label : c) {
            counts[label]++;
        }
        if (weights instanceof WeightFactor.Dirichlet d) {
            double a0 = d.alpha0();
            double sum = SpecialFunctions.logGamma(k * a0) - SpecialFunctions.logGamma(c.length + k * a0);
            for (int j = 0; j < k; j++) {
                sum += SpecialFunctions.logGamma(counts[j] + a0) - SpecialFunctions.logGamma(a0);
            }
            return sum;
        }
        double a0 = ((WeightFactor.StickBreaking) weights).alpha0();
        double sum = 0;
        int later = c.length;
        for (int j = 0; j < k; j++) {
            later -= counts[j];
            // E[v^{n_j} (1 − v)^{Σ_{l>j} n_l}] under Beta(1, α0).
            sum += logBeta(1 + counts[j], a0 + later) - logBeta(1, a0);
        }
        return sum;
    }

    /** The normal–normal marginal of MATHS.md §2 for one cluster's points (0 for none). */
    private static double clusterLogMarginal(double[] x, double tau2, double s2) {
        int n = x.length;
        if (n == 0) {
            return 0.0;
        }
        double s = 0;
        double q = 0;
        for (double v : x) {
            s += v;
            q += v * v;
        }
        return -0.5 * n * (LOG_2PI + Math.log(s2)) - 0.5 * Math.log(1 + n * tau2 / s2) - q / (2 * s2)
                + tau2 * s * s / (2 * s2 * (s2 + n * tau2));
    }

    private static double logBeta(double a, double b) {
        return SpecialFunctions.logGamma(a) + SpecialFunctions.logGamma(b) - SpecialFunctions.logGamma(a + b);
    }
}
