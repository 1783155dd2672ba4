package vistream.core.mixture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vistream.core.Tolerance.assertRelativelyClose;

import java.util.SplittableRandom;

import static vistream.core.Rejections.assertMessage;

import org.junit.jupiter.api.Test;

/** The model's moves against direct, unfused evaluations of the formulas in MATHS.md §4. */
class KnownVarianceGaussianMixtureTest {

    private static final double LOG_2PI = Math.log(2 * Math.PI);

    private final SplittableRandom random = new SplittableRandom(5);

    @Test
    void elboFromStatisticsEqualsTheElboSummedPointByPoint() {
        for (int trial = 0; trial < 50; trial++) {
            int k = 1 + random.nextInt(5);
            double sigma0 = 0.5 + 5 * random.nextDouble();
            double sigma = 0.2 + 2 * random.nextDouble();
            KnownVarianceGaussianMixture model = new KnownVarianceGaussianMixture(k, sigma0, sigma);
            double[] x = randomData(1 + random.nextInt(200));
            // φ from one posterior, the ELBO under another: the CAVI convention after a global step.
            NaturalParameters before = randomPosterior(model);
            NaturalParameters after = randomPosterior(model);
            SufficientStatistics s = model.newStatistics();
            model.localStep(before).accumulate(x, 0, x.length, s);

            double expected = naiveElbo(model, x, before, after, sigma0 * sigma0, sigma * sigma);
            assertRelativelyClose(expected, model.elbo(after, s), 1e-11, "ELBO, trial " + trial);
        }
    }

    /** MATHS.md §4 term by term, with φ recomputed per point by plain exponentials. */
    private static double naiveElbo(KnownVarianceGaussianMixture model, double[] x, NaturalParameters phiFrom,
            NaturalParameters q, double tau2, double s2known) {
        int k = model.components();
        double[] mOld = model.means(phiFrom);
        double[] vOld = model.variances(phiFrom);
        double[] m = model.means(q);
        double[] v = model.variances(q);
        double elbo = 0.0;
        for (int j = 0; j < k; j++) {
            elbo += -0.5 * Math.log(2 * Math.PI * tau2) - (v[j] + m[j] * m[j]) / (2 * tau2) + 0.5 * Math.log(2 * Math.PI * Math.E * v[j]);
        }
        elbo -= x.length * Math.log(k);
        for (double xi : x) {
            double[] phi = new double[k];
            double z = 0;
            for (int j = 0; j < k; j++) {
                phi[j] = Math.exp(mOld[j] * xi / s2known - (vOld[j] + mOld[j] * mOld[j]) / (2 * s2known));
                z += phi[j];
            }
            for (int j = 0; j < k; j++) {
                phi[j] /= z;
                elbo += phi[j] * (-0.5 * Math.log(2 * Math.PI * s2known)
                        - (xi * xi - 2 * xi * m[j] + v[j] + m[j] * m[j]) / (2 * s2known));
                if (phi[j] > 0) {
                    elbo -= phi[j] * Math.log(phi[j]);
                }
            }
        }
        return elbo;
    }

    @Test
    void globalStepIsTheClosedFormUpdate() {
        // m_k = (Σφx/σ²) / (1/σ0² + Σφ/σ²), s_k² = 1 / (1/σ0² + Σφ/σ²) (Blei et al. 2017, eq. 34–35).
        KnownVarianceGaussianMixture model = new KnownVarianceGaussianMixture(3, 2.0, 0.7);
        double[] x = randomData(50);
        NaturalParameters start = randomPosterior(model);
        SufficientStatistics s = model.newStatistics();
        model.localStep(start).accumulate(x, 0, x.length, s);
        NaturalParameters next = model.globalStep(s, 1.0);
        double[] phi = new double[3];
        for (int j = 0; j < 3; j++) {
            double n = 0;
            double sum = 0;
            for (int i = 0; i < x.length; i++) {
                model.localStep(start).responsibilities(x, i, phi);
                n += phi[j];
                sum += phi[j] * x[i];
            }
            double precision = 1 / 4.0 + n / 0.49;
            assertRelativelyClose(1 / precision, model.variances(next)[j], 1e-13, "s2");
            assertRelativelyClose(sum / 0.49 / precision, model.means(next)[j], 1e-12, "m");
        }
    }

    @Test
    void statisticsOfSplitBatchesAddUpToTheWhole() {
        KnownVarianceGaussianMixture model = new KnownVarianceGaussianMixture(4, 3.0, 1.0);
        double[] x = randomData(1000);
        LocalStep step = model.localStep(randomPosterior(model));
        SufficientStatistics whole = model.newStatistics();
        step.accumulate(x, 0, x.length, whole);
        SufficientStatistics parts = model.newStatistics();
        SufficientStatistics second = model.newStatistics();
        step.accumulate(x, 0, 377, parts);
        step.accumulate(x, 377, x.length, second);
        parts.add(second);
        assertEquals(whole.observations(), parts.observations());
        assertRelativelyClose(whole.entropy(), parts.entropy(), 1e-13, "entropy");
        for (int j = 0; j < 4; j++) {
            assertRelativelyClose(whole.count(j), parts.count(j), 1e-13, "count");
            assertRelativelyClose(whole.moment(2 * j), parts.moment(2 * j), 1e-12, "sum");
            assertRelativelyClose(whole.moment(2 * j + 1), parts.moment(2 * j + 1), 1e-13, "sum of squares");
        }
        SufficientStatistics copy = whole.copy();
        whole.add(parts);
        assertEquals(1000, copy.observations(), "a copy is not changed by later additions");
    }

    @Test
    void predictiveDensityIntegratesToOneAndMatchesTheNormalForOneComponent() {
        KnownVarianceGaussianMixture model = new KnownVarianceGaussianMixture(3, 4.0, 0.8);
        NaturalParameters q = model.initialPosterior(new double[] {-3, 0.5, 4}, 0.3);
        double sum = 0;
        double h = 0.01;
        for (double x = -30; x <= 30; x += h) {
            sum += Math.exp(model.logPredictiveDensity(q, new double[] {x}, 0)) * h;
        }
        assertEquals(1.0, sum, 1e-9, "∫ p(x* | x) dx* (Riemann sum of a smooth density over ±30)");

        KnownVarianceGaussianMixture one = new KnownVarianceGaussianMixture(1, 4.0, 0.8);
        NaturalParameters q1 = one.initialPosterior(new double[] {1.5}, 0.3);
        double v = 0.64 + 0.3;
        double expected = -0.5 * (LOG_2PI + Math.log(v)) - (2.0 - 1.5) * (2.0 - 1.5) / (2 * v);
        assertRelativelyClose(expected, one.logPredictiveDensity(q1, new double[] {2.0}, 0), 1e-14, "N(x | m, σ² + s²)");
    }

    @Test
    void responsibilitiesSumToOneAndStayFiniteForExtremeObservations() {
        KnownVarianceGaussianMixture model = new KnownVarianceGaussianMixture(3, 1e3, 0.01);
        NaturalParameters q = model.initialPosterior(new double[] {-1e3, 0, 1e3}, 1e-4);
        double[] phi = new double[3];
        for (double x : new double[] {-1e150, -5e2, 0, 1e-300, 7e2, 1e150}) {
            model.localStep(q).responsibilities(new double[] {x}, 0, phi);
            assertEquals(1.0, phi[0] + phi[1] + phi[2], 1e-15);
            for (double p : phi) {
                assertTrue(p >= 0 && p <= 1, "φ = " + p + " for x = " + x);
            }
        }
        model.localStep(q).responsibilities(new double[] {1e150}, 0, phi);
        assertEquals(1.0, phi[2], 0.0, "a far right point belongs to the rightmost component");
        SufficientStatistics s = model.newStatistics();
        model.localStep(q).accumulate(new double[] {-1e5, 3e5}, 0, 2, s);
        assertTrue(Double.isFinite(model.elbo(model.globalStep(s, 1), s)));
    }

    @Test
    void rejectsInvalidParametersAndObservationsNamingThem() {
        assertMessage("number of components K must be at least 1, got 0", () -> new KnownVarianceGaussianMixture(0, 1, 1));
        assertMessage("sigma0 must be a finite number greater than 0, got 0.0", () -> new KnownVarianceGaussianMixture(2, 0, 1));
        assertMessage("sigma must be a finite number greater than 0, got -1.0", () -> new KnownVarianceGaussianMixture(2, 1, -1));
        assertMessage("sigma0 must be a finite number greater than 0, got Infinity",
                () -> new KnownVarianceGaussianMixture(2, Double.POSITIVE_INFINITY, 1));
        assertMessage("sigma must be a finite number greater than 0, got NaN", () -> new KnownVarianceGaussianMixture(2, 1, Double.NaN));
        assertMessage("prior standard deviation sigma0 must be between 1e-50 and 1e50, got 1.0E200",
                () -> new KnownVarianceGaussianMixture(2, 1e200, 1));
        assertMessage("component standard deviation sigma must be between 1e-50 and 1e50, got 1.0E-160",
                () -> new KnownVarianceGaussianMixture(2, 1, 1e-160));
        assertMessage("weight concentration alpha0 must be between 1e-50 and 1e50, got 1.0E-320",
                () -> new KnownVarianceGaussianMixture(2, 1, 1, WeightFactor.of(WeightPrior.DIRICHLET, 1e-320)));
        KnownVarianceGaussianMixture model = new KnownVarianceGaussianMixture(2, 1, 1);
        assertMessage("expected 2 initial means (one per component), got 3", () -> model.initialPosterior(new double[3], 1));
        assertMessage("initial mean[1] is NaN", () -> model.initialPosterior(new double[] {0, Double.NaN}, 1));
        assertMessage("initial variance", () -> model.initialPosterior(new double[2], 0));
        assertMessage("non-negative precision", () -> model.localStep(new NaturalParameters(new double[] {0, -1, 0, 0})));
        assertMessage("expected 4 natural parameters", () -> model.localStep(new NaturalParameters(new double[] {0, -1})));
        SufficientStatistics s = model.newStatistics();
        LocalStep step = model.localStep(model.prior());
        assertMessage("observation 2 is NaN", () -> step.accumulate(new double[] {1, 2, Double.NaN}, 0, 3, s));
        assertEquals(0, s.observations(), "a rejected batch leaves the statistics unchanged");
        assertMessage("observation 0 is -Infinity",
                () -> model.logPredictiveDensity(model.prior(), new double[] {Double.NEGATIVE_INFINITY}, 0));
        assertMessage("natural parameter[0] is NaN", () -> new NaturalParameters(new double[] {Double.NaN}));
    }


    private double[] randomData(int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = 10 * random.nextDouble() - 5;
        }
        return x;
    }

    private NaturalParameters randomPosterior(KnownVarianceGaussianMixture model) {
        double[] means = new double[model.components()];
        for (int j = 0; j < means.length; j++) {
            means[j] = 8 * random.nextDouble() - 4;
        }
        return model.initialPosterior(means, 0.05 + random.nextDouble());
    }
}
