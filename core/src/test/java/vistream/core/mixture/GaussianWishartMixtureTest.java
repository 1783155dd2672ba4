package vistream.core.mixture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vistream.core.Rejections.assertMessage;
import static vistream.core.Tolerance.assertRelativelyClose;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import vistream.core.inference.Cavi;
import vistream.core.inference.CaviOptions;
import vistream.core.inference.CaviResult;
import vistream.core.inference.Initialisation;
import vistream.core.inference.IterationListener;
import vistream.core.numeric.Cholesky;
import vistream.core.numeric.SpecialFunctions;

/** The full-covariance Gaussian–Wishart mixture against closed forms and invariants. */
class GaussianWishartMixtureTest {

    @Test
    void withOneComponentTheElboIsTheExactLogMarginalLikelihood() {
        // K = 1: q(μ, Λ) Gaussian–Wishart is the exact posterior, so after one CAVI step the ELBO
        // equals log p(X) of the Normal–Wishart model (Murphy 2007, eq. 266):
        // −(nD/2) log π + log Γ_D(ν_n/2) − log Γ_D(ν0/2) + (ν0/2) log|W0⁻¹| − (ν_n/2) log|W_n⁻¹| + (D/2) log(β0/β_n).
        SplittableRandom random = new SplittableRandom(1);
        for (int d = 1; d <= 4; d++) {
            for (int trial = 0; trial < 5; trial++) {
                int n = 5 + random.nextInt(60);
                double[] x = gaussianData(random, n, d, 3.0);
                double[] w0inv = randomSpd(random, d);
                double[] m0 = new double[d];
                for (int a = 0; a < d; a++) {
                    m0[a] = random.nextDouble() * 4 - 2;
                }
                double beta0 = 0.1 + random.nextDouble() * 3;
                double nu0 = d + random.nextDouble() * 4;
                GaussianWishartPrior prior = new GaussianWishartPrior(0.7, m0, beta0, w0inv, nu0);
                GaussianWishartMixture model = new GaussianWishartMixture(1, prior);
                CaviResult fit = Cavi.fit(model, x, model.initialPosterior(m0, 1.0), new CaviOptions(2, 0.0),
                        IterationListener.NONE);
                assertRelativelyClose(logMarginal(x, d, m0, beta0, w0inv, nu0), fit.finalElbo(), 1e-11,
                        "D = " + d + ", n = " + n);
            }
        }
    }

    /** The Normal–Wishart marginal likelihood computed from its own update equations (uncentred). */
    private static double logMarginal(double[] x, int d, double[] m0, double beta0, double[] w0inv, double nu0) {
        int n = x.length / d;
        double[] mean = new double[d];
        for (int i = 0; i < n; i++) {
            for (int a = 0; a < d; a++) {
                mean[a] += x[i * d + a] / n;
            }
        }
        double[] wn = w0inv.clone();
        for (int i = 0; i < n; i++) {
            for (int a = 0; a < d; a++) {
                for (int b = 0; b < d; b++) {
                    wn[a * d + b] += (x[i * d + a] - mean[a]) * (x[i * d + b] - mean[b]);
                }
            }
        }
        double betaN = beta0 + n;
        for (int a = 0; a < d; a++) {
            for (int b = 0; b < d; b++) {
                wn[a * d + b] += beta0 * n / betaN * (mean[a] - m0[a]) * (mean[b] - m0[b]);
            }
        }
        double nuN = nu0 + n;
        return -0.5 * n * d * Math.log(Math.PI) + SpecialFunctions.multivariateLogGamma(nuN / 2, d)
                - SpecialFunctions.multivariateLogGamma(nu0 / 2, d)
                + 0.5 * nu0 * Cholesky.logDeterminant(Cholesky.decompose(w0inv, d), d)
                - 0.5 * nuN * Cholesky.logDeterminant(Cholesky.decompose(wn, d), d) + 0.5 * d * Math.log(beta0 / betaN);
    }

    @Test
    void elboNeverDecreasesUnderCavi() {
        SplittableRandom random = new SplittableRandom(2);
        for (int trial = 0; trial < 90; trial++) {
            int d = 1 + random.nextInt(4);
            int k = 1 + random.nextInt(5);
            double[] x = mixtureData(random, 50 + random.nextInt(300), d, 1 + random.nextInt(4));
            WeightPrior weights = trial % 2 == 0 ? WeightPrior.DIRICHLET : WeightPrior.DIRICHLET_PROCESS;
            CovarianceType type = CovarianceType.values()[trial % 3];
            GaussianWishartMixture model = new GaussianWishartMixture(k, GaussianWishartPrior.defaults(x, d, k), weights,
                    type);
            CaviResult fit = Cavi.fit(model, x, new Initialisation.KMeansPlusPlus(random.nextLong(), 1, 1.0),
                    new CaviOptions(80, 0.0), IterationListener.NONE);
            double[] elbo = fit.elbo();
            for (int t = 1; t < elbo.length; t++) {
                assertTrue(elbo[t - 1] - elbo[t] <= 1e-10 * Math.abs(elbo[t]), "trial " + trial + " (D " + d + ", K " + k
                        + ", " + weights + ", " + type + "): ELBO fell from " + elbo[t - 1] + " to " + elbo[t]);
            }
        }
    }

    @Test
    void aDirichletProcessSwitchesOffTheComponentsItDoesNotNeed() {
        // Three well-separated clusters fitted with a truncation of 8.
        SplittableRandom random = new SplittableRandom(9);
        double[][] centres = {{-10, 0}, {0, 10}, {10, 0}};
        double[] x = new double[900 * 2];
        for (int i = 0; i < 900; i++) {
            double[] c = centres[i % 3];
            x[2 * i] = c[0] + gaussian(random);
            x[2 * i + 1] = c[1] + gaussian(random);
        }
        GaussianWishartMixture model = new GaussianWishartMixture(8, GaussianWishartPrior.defaults(x, 2, 8),
                WeightPrior.DIRICHLET_PROCESS);
        CaviResult fit = Cavi.fit(model, x, new Initialisation.KMeansPlusPlus(3, 3, 1.0), CaviOptions.defaults(),
                IterationListener.NONE);
        assertEquals(3, model.effectiveComponents(fit.posterior(), GaussianWishartMixture.EFFECTIVE_WEIGHT),
                java.util.Arrays.toString(model.weights(fit.posterior())));
        // New points are assigned to the component whose mean is nearest their centre.
        LocalStep step = model.localStep(fit.posterior());
        double[] means = model.means(fit.posterior());
        for (double[] c : centres) {
            int k = step.assign(c, 0, 8);
            assertEquals(c[0], means[2 * k], 0.2, "assigned to the cluster at " + java.util.Arrays.toString(c));
            assertEquals(c[1], means[2 * k + 1], 0.2);
        }
        double total = 0;
        for (double w : model.weights(fit.posterior())) {
            total += w;
        }
        assertEquals(1.0, total, 1e-12);
    }

    @Test
    void predictiveDensityIntegratesToOne() {
        SplittableRandom random = new SplittableRandom(3);
        double[] x = mixtureData(random, 200, 2, 2);
        GaussianWishartMixture model = new GaussianWishartMixture(2, GaussianWishartPrior.defaults(x, 2, 2));
        CaviResult fit = Cavi.fit(model, x, new Initialisation.KMeansPlusPlus(4, 3, 1.0), CaviOptions.defaults(),
                IterationListener.NONE);
        PosteriorPredictive p = model.posteriorPredictive(fit.posterior());
        double h = 0.05;
        double sum = 0;
        double[] point = new double[2];
        for (double a = -40; a <= 40; a += h) {
            for (double b = -40; b <= 40; b += h) {
                point[0] = a;
                point[1] = b;
                sum += Math.exp(p.logDensity(point, 0)) * h * h;
            }
        }
        // Student-t tails beyond ±40 and the Riemann sum's error are both below 1e-3 here.
        assertEquals(1.0, sum, 2e-3);
    }

    @Test
    void divergenceIsZeroForTheSamePosteriorAndPositiveOtherwise() {
        SplittableRandom random = new SplittableRandom(4);
        double[] x = mixtureData(random, 300, 3, 2);
        GaussianWishartMixture model = new GaussianWishartMixture(2, GaussianWishartPrior.defaults(x, 3, 2));
        NaturalParameters a = Cavi.fit(model, x, new Initialisation.KMeansPlusPlus(1, 1, 1.0), new CaviOptions(3, 0),
                IterationListener.NONE).posterior();
        NaturalParameters b = Cavi.fit(model, x, new Initialisation.KMeansPlusPlus(1, 1, 1.0), new CaviOptions(30, 0),
                IterationListener.NONE).posterior();
        assertEquals(0.0, model.componentDivergence(a, a, 0), 1e-9);
        assertTrue(model.componentDivergence(a, b, 0) > 0 || model.componentDivergence(a, b, 1) > 0);
    }

    @Test
    void divergenceEqualsTheIntegralOfTheLogRatioInOneDimension() {
        // In one dimension q(μ, λ) = N(μ | m, 1/(βλ)) Gamma(λ | ν/2, rate 1/(2w)) with w = 1/W⁻¹:
        // integrate q log(q/p) over μ and u = log λ on a fine grid.
        GaussianWishartMixture model = new GaussianWishartMixture(1,
                new GaussianWishartPrior(1, new double[] {0}, 1, new double[] {1}, 1));
        SufficientStatistics s1 = model.newStatistics();
        SufficientStatistics s2 = model.newStatistics();
        model.localStep(model.prior()).accumulate(new double[] {0.5, 1.5, 2.0, -0.3}, 0, 4, s1);
        model.localStep(model.prior()).accumulate(new double[] {0.5, 1.5, 2.0, -0.3, 3.1, 2.9, 2.2}, 0, 7, s2);
        NaturalParameters from = model.globalStep(s1, 1.0);
        NaturalParameters to = model.globalStep(s2, 1.0);
        GaussianWishartMixture.Component p = model.expectations(from)[0];
        GaussianWishartMixture.Component q = model.expectations(to)[0];
        double sum = 0;
        double du = 0.004;
        double dmu = 0.004;
        for (double u = -12; u <= 6; u += du) {
            double lambda = Math.exp(u);
            double logQLambda = logGammaDensity(lambda, q.nu() / 2, 1 / (2 / q.inverseScale()[0])) + u;
            double logPLambda = logGammaDensity(lambda, p.nu() / 2, 1 / (2 / p.inverseScale()[0])) + u;
            double qLambda = Math.exp(logQLambda);
            if (qLambda < 1e-300) {
                continue;
            }
            for (double mu = -8; mu <= 10; mu += dmu) {
                double logQ = logQLambda + logNormal(mu, q.mean()[0], 1 / (q.beta() * lambda));
                double logP = logPLambda + logNormal(mu, p.mean()[0], 1 / (p.beta() * lambda));
                sum += Math.exp(logQ) * (logQ - logP) * du * dmu;
            }
        }
        // A midpoint-free Riemann sum of a smooth density over its whole mass: error below 1e-4.
        assertEquals(sum, model.componentDivergence(from, to, 0), 1e-4);
        assertTrue(sum > 0.1, "the posteriors differ: KL " + sum);
    }

    private static double logGammaDensity(double x, double shape, double rate) {
        return shape * Math.log(rate) - SpecialFunctions.logGamma(shape) + (shape - 1) * Math.log(x) - rate * x;
    }

    private static double logNormal(double x, double mean, double variance) {
        return -0.5 * Math.log(2 * Math.PI * variance) - (x - mean) * (x - mean) / (2 * variance);
    }

    @Test
    void rejectsBadSettingsNamingThem() {
        assertMessage("prior covariance is not positive definite",
                () -> new GaussianWishartPrior(1, new double[] {0, 0}, 1, new double[] {1, 2, 2, 1}, 2));
        assertMessage("prior covariance is not symmetric", () -> new GaussianWishartPrior(1, new double[] {0, 0}, 1,
                new double[] {2, 1, 0, 2}, 2));
        assertMessage("degrees of freedom nu0", () -> new GaussianWishartPrior(1, new double[] {0, 0}, 1,
                new double[] {1, 0, 0, 1}, 0.5));
        assertMessage("mean precision beta0", () -> new GaussianWishartPrior(1, new double[] {0}, 0, new double[] {1}, 1));
        assertMessage("at least 2 observations", () -> GaussianWishartPrior.defaults(new double[] {1, 2}, 2, 1));
        GaussianWishartMixture model = new GaussianWishartMixture(2,
                new GaussianWishartPrior(1, new double[] {0, 0}, 1, new double[] {1, 0, 0, 1}, 2));
        assertMessage("expected 4 initial mean values", () -> model.initialPosterior(new double[3], 1));
        SufficientStatistics s = model.newStatistics();
        assertMessage("observation 1 has value NaN in dimension 1",
                () -> model.localStep(model.prior()).accumulate(new double[] {0, 0, 1, Double.NaN}, 0, 2, s));
    }

    @Test
    void settingsWhoseSquaresOrInversesCouldOverflowAreRefused() {
        double[] m = {0, 0};
        double[] unit = {1, 0, 0, 1};
        assertMessage("weight concentration alpha0 must be between 1e-50 and 1e50, got 1.0E-300",
                () -> new GaussianWishartPrior(1e-300, m, 1, unit, 2));
        assertMessage("prior mean[1] is 1.0E160; every value must be within ±1e50",
                () -> new GaussianWishartPrior(1, new double[] {0, 1e160}, 1, unit, 2));
        assertMessage("mean precision beta0 must be between 1e-50 and 1e50, got 1.0E60",
                () -> new GaussianWishartPrior(1, m, 1e60, unit, 2));
        assertMessage("degrees of freedom nu0 must be above D - 1 = 1 and between 1e-50 and 1e50, got 1.0E300",
                () -> new GaussianWishartPrior(1, m, 1, unit, 1e300));
        assertMessage("the prior covariance's variance 2 is 1.0E160; variances must be at most 1e100",
                () -> new GaussianWishartPrior(1, m, 1, new double[] {1, 0, 0, 1e160}, 2));
        assertMessage("the variance of dimension 1 given the ones before it is 1.0E-160, below 1e-100",
                () -> new GaussianWishartPrior(1, m, 1, new double[] {1e-160, 0, 0, 1}, 2));
        assertMessage("the variance of dimension 2 given the ones before it",
                () -> new GaussianWishartPrior(1, m, 1, new double[] {1, 0, 0, 1e-160}, 2));
        // The data-dependent defaults of data at the bound stay within it.
        GaussianWishartPrior edge = GaussianWishartPrior.defaults(new double[] {-1e50, 1e-300, 1e50, -1e-300}, 2, 1);
        assertTrue(edge.inverseScale0()[0] <= 1e100 && edge.inverseScale0()[3] >= 1e-100, edge.toString());
    }

    @Test
    void degenerateDataGiveAFitNotNaN() {
        // All points equal, a constant column, or fewer points than dimensions: the defaults'
        // covariance is singular, so a ridge keeps the prior proper. Huge and tiny scales: the
        // model centres the data and the ridge is relative to the data's own scale.
        double[] same = new double[40];
        java.util.Arrays.fill(same, 3.5);
        double[] constantColumn = mixtureData(new SplittableRandom(5), 40, 2, 2);
        for (int i = 0; i < 40; i++) {
            constantColumn[i * 2 + 1] = 7.0;
        }
        double[] huge = mixtureData(new SplittableRandom(6), 100, 2, 2);
        double[] tiny = huge.clone();
        for (int i = 0; i < huge.length; i++) {
            huge[i] = huge[i] * 1e6 + 1e9;
            tiny[i] = tiny[i] * 1e-6;
        }
        double[] fewerThanDimensions = mixtureData(new SplittableRandom(7), 3, 5, 1); // 3 points in 5 dimensions
        double[][] sets = {same, constantColumn, huge, tiny, fewerThanDimensions};
        int[] dims = {2, 2, 2, 2, 5};
        for (int s = 0; s < sets.length; s++) {
            GaussianWishartMixture model = new GaussianWishartMixture(2, GaussianWishartPrior.defaults(sets[s], dims[s], 2));
            CaviResult fit = Cavi.fit(model, sets[s], new Initialisation.KMeansPlusPlus(1, 2, 1.0), CaviOptions.defaults(),
                    IterationListener.NONE);
            for (double e : fit.elbo()) {
                assertTrue(Double.isFinite(e), "set " + s);
            }
            for (double m : model.means(fit.posterior())) {
                assertTrue(Double.isFinite(m), "set " + s);
            }
        }
    }

    static double[] gaussianData(SplittableRandom random, int n, int d, double spread) {
        double[] x = new double[n * d];
        for (int i = 0; i < x.length; i++) {
            x[i] = spread * gaussian(random) + 1.0;
        }
        return x;
    }

    static double[] mixtureData(SplittableRandom random, int n, int d, int clusters) {
        double[][] centres = new double[clusters][d];
        for (double[] c : centres) {
            for (int a = 0; a < d; a++) {
                c[a] = 12 * random.nextDouble() - 6;
            }
        }
        double[] x = new double[n * d];
        for (int i = 0; i < n; i++) {
            double[] c = centres[random.nextInt(clusters)];
            for (int a = 0; a < d; a++) {
                x[i * d + a] = c[a] + gaussian(random);
            }
        }
        return x;
    }

    private static double[] randomSpd(SplittableRandom random, int d) {
        double[] a = new double[d * d];
        for (int i = 0; i < a.length; i++) {
            a[i] = random.nextDouble() - 0.5;
        }
        double[] s = new double[d * d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                double v = i == j ? 1.0 : 0.0;
                for (int t = 0; t < d; t++) {
                    v += a[i * d + t] * a[j * d + t];
                }
                s[i * d + j] = v;
            }
        }
        return s;
    }

    static double gaussian(SplittableRandom random) {
        double u = 1.0 - random.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2.0 * Math.PI * random.nextDouble());
    }
}
