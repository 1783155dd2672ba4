package vistream.core.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vistream.core.Tolerance.assertRelativelyClose;

import java.util.SplittableRandom;

import static vistream.core.Rejections.assertMessage;

import org.junit.jupiter.api.Test;

/** The enumeration against truths computed without enumerating assignments. */
class ExactEvidenceTest {

    /** Trapezoid error on a smooth, rapidly decaying integrand over ±12 sd is far below this. */
    private static final double INTEGRATION_TOLERANCE = 1e-6;

    @Test
    void equalsNumericalIntegrationOverBothMeansForTwoPointsAndTwoClusters() {
        double[][] cases = {{-1.3, 2.2, 1.5, 1.0}, {0.4, 0.5, 3.0, 0.7}, {-4.0, 5.0, 2.0, 1.2}};
        for (double[] c : cases) {
            double x1 = c[0];
            double x2 = c[1];
            double sigma0 = c[2];
            double sigma = c[3];
            double expected = Math.log(integrateMixtureMarginal(x1, x2, sigma0, sigma));
            double actual = ExactEvidence.compute(new double[] {x1, x2}, 2, sigma0, sigma).logEvidence();
            assertRelativelyClose(expected, actual, INTEGRATION_TOLERANCE, "log p(x) for x = (" + x1 + ", " + x2 + ")");
        }
    }

    /**
     * p(x) = ∫∫ N(μ1 | 0, σ0²) N(μ2 | 0, σ0²) Π_i [½ N(x_i | μ1, σ²) + ½ N(x_i | μ2, σ²)] dμ1 dμ2,
     * the mixture marginal with the assignments summed inside the integrand, on a trapezoid grid.
     */
    private static double integrateMixtureMarginal(double x1, double x2, double sigma0, double sigma) {
        double half = 12.0 * sigma0 + Math.max(Math.abs(x1), Math.abs(x2));
        int steps = 3000;
        double h = 2.0 * half / steps;
        double[] prior = new double[steps + 1];
        double[] like1 = new double[steps + 1];
        double[] like2 = new double[steps + 1];
        for (int i = 0; i <= steps; i++) {
            double mu = -half + i * h;
            prior[i] = normal(mu, 0.0, sigma0) * (i == 0 || i == steps ? 0.5 : 1.0);
            like1[i] = normal(x1, mu, sigma);
            like2[i] = normal(x2, mu, sigma);
        }
        double sum = 0.0;
        for (int i = 0; i <= steps; i++) {
            for (int j = 0; j <= steps; j++) {
                sum += prior[i] * prior[j] * (0.5 * like1[i] + 0.5 * like1[j]) * (0.5 * like2[i] + 0.5 * like2[j]);
            }
        }
        return sum * h * h;
    }

    private static double normal(double x, double mean, double sd) {
        double z = (x - mean) / sd;
        return Math.exp(-0.5 * z * z) / (sd * Math.sqrt(2.0 * Math.PI));
    }

    @Test
    void oneClusterEqualsTheMultivariateNormalMarginal() {
        // With K = 1, x ~ N(0, σ² I + σ0² 1 1ᵀ): log-determinant and quadratic form by Cholesky of
        // the n × n covariance, an independent route to the same number.
        SplittableRandom random = new SplittableRandom(7);
        for (int trial = 0; trial < 20; trial++) {
            int n = 1 + random.nextInt(12);
            double sigma0 = 0.2 + 5 * random.nextDouble();
            double sigma = 0.2 + 3 * random.nextDouble();
            double[] x = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = 6 * random.nextDouble() - 3;
            }
            double expected = gaussianLogDensityByCholesky(x, sigma0 * sigma0, sigma * sigma);
            assertRelativelyClose(expected, ExactEvidence.compute(x, 1, sigma0, sigma).logEvidence(), 1e-12,
                    "K = 1 log evidence, n = " + n);
        }
    }

    private static double gaussianLogDensityByCholesky(double[] x, double tau2, double s2) {
        int n = x.length;
        double[][] l = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double a = tau2 + (i == j ? s2 : 0.0);
                for (int p = 0; p < j; p++) {
                    a -= l[i][p] * l[j][p];
                }
                l[i][j] = i == j ? Math.sqrt(a) : a / l[j][j];
            }
        }
        double[] z = new double[n];
        double logDet = 0.0;
        for (int i = 0; i < n; i++) {
            double a = x[i];
            for (int p = 0; p < i; p++) {
                a -= l[i][p] * z[p];
            }
            z[i] = a / l[i][i];
            logDet += 2.0 * Math.log(l[i][i]);
        }
        double quad = 0.0;
        for (double v : z) {
            quad += v * v;
        }
        return -0.5 * (n * Math.log(2.0 * Math.PI) + logDet + quad);
    }

    @Test
    void onePointIsTheNormalMarginalWhateverK() {
        // p(x) = N(x | 0, σ0² + σ²) for a single point: each of the K labels gives the same term.
        for (int k = 1; k <= 5; k++) {
            double v = 2.0 * 2.0 + 0.5 * 0.5;
            double expected = -0.5 * Math.log(2.0 * Math.PI * v) - 1.7 * 1.7 / (2.0 * v);
            LogEvidence e = ExactEvidence.compute(new double[] {1.7}, k, 2.0, 0.5);
            assertRelativelyClose(expected, e.logEvidence(), 1e-14, "K = " + k);
            assertEquals(k, e.assignments());
        }
    }

    @Test
    void refusesProblemsTooLargeToEnumerate() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ExactEvidence.compute(new double[40], 3, 1.0, 1.0));
        assertTrue(e.getMessage().contains("3^40"), e.getMessage());
        assertTrue(e.getMessage().contains("limit"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ExactEvidence.compute(new double[11], 2, 1.0, 1.0, 1000));
        assertEquals(1024, ExactEvidence.compute(new double[10], 2, 1.0, 1.0, 1024).assignments());
    }

    @Test
    void rejectsBadInputWithItsName() {
        assertMessage("empty", () -> ExactEvidence.compute(new double[0], 2, 1.0, 1.0));
        assertMessage("observation[1] is NaN", () -> ExactEvidence.compute(new double[] {1, Double.NaN}, 2, 1.0, 1.0));
        assertMessage("observation[0] is Infinity",
                () -> ExactEvidence.compute(new double[] {Double.POSITIVE_INFINITY}, 2, 1.0, 1.0));
        assertMessage("observation[0] is 1.0E160; every value must be within ±1e50",
                () -> ExactEvidence.compute(new double[] {1e160}, 2, 1.0, 1.0));
        assertMessage("number of components K", () -> ExactEvidence.compute(new double[] {1}, 0, 1.0, 1.0));
        assertMessage("sigma0", () -> ExactEvidence.compute(new double[] {1}, 2, -1.0, 1.0));
        assertMessage("sigma", () -> ExactEvidence.compute(new double[] {1}, 2, 1.0, Double.NaN));
    }

}
