package vistream.core.mixture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import vistream.core.ReferenceData;
import vistream.core.inference.Cavi;
import vistream.core.inference.CaviOptions;
import vistream.core.inference.CaviResult;
import vistream.core.inference.Initialisation;
import vistream.core.inference.IterationListener;

/**
 * vistream and scikit-learn's BayesianGaussianMixture reach the same fixed point on well-separated
 * data (full covariance, Dirichlet weights, scikit-learn's default priors, reg_covar 0). The
 * reference values and the script that made them are in test resources under sklearn/.
 */
class SklearnAgreementTest {

    /**
     * Both sides run to machine precision: a relative ELBO tolerance stops slow (overlapping)
     * fits while the parameters still move by about 1e-6, because the ELBO is flat at its optimum.
     */
    private static final CaviOptions CONVERGED = new CaviOptions(5_000, 0.0);

    /**
     * The issue asks for 1e-6. Run to their ends, both implementations reach the same fixed point
     * to better than 1e-11 on every case here; 1e-9 leaves a hundredfold margin for rounding that
     * differs between platforms.
     */
    private static final double AGREEMENT = 1e-9;

    static Stream<Arguments> cases() throws Exception {
        return read("/sklearn/full-dirichlet.json");
    }

    static Stream<Arguments> dirichletProcessCases() throws Exception {
        return read("/sklearn/full-dp.json");
    }

    static Stream<Arguments> covarianceTypeCases() throws Exception {
        return read("/sklearn/types.json");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("covarianceTypeCases")
    void reachesScikitLearnsFixedPointForDiagonalAndSphericalCovariances(String name, JsonNode c) {
        int d = c.get("dimension").asInt();
        int k = c.get("k").asInt();
        double[] x = ReferenceData.doubles(c.get("data"));
        CovarianceType type = CovarianceType.valueOf(c.get("covarianceType").asText().toUpperCase(java.util.Locale.ROOT));
        WeightPrior weights = c.get("weightPrior").asText().equals("dirichlet_process") ? WeightPrior.DIRICHLET_PROCESS
                : WeightPrior.DIRICHLET;
        GaussianWishartMixture model = new GaussianWishartMixture(k, GaussianWishartPrior.defaults(x, d, k), weights, type);
        double[] labels = ReferenceData.doubles(c.get("labels"));
        double[] responsibilities = new double[labels.length * k];
        for (int i = 0; i < labels.length; i++) {
            responsibilities[i * k + (int) labels[i]] = 1.0;
        }
        CaviResult fit = Cavi.fit(model, x, model.globalStep(model.statistics(x, responsibilities), 1.0), CONVERGED,
                IterationListener.NONE);
        // The same start and order: compare component by component.
        double[] means = model.means(fit.posterior());
        double[] theirMeans = ReferenceData.doubles(c.get("means"));
        for (int i = 0; i < means.length; i++) {
            close(theirMeans[i], means[i], name + " mean value " + i);
        }
        double[] covariances = model.covarianceParameters(fit.posterior());
        double[] theirCovariances = ReferenceData.doubles(c.get("covariances"));
        assertEquals(theirCovariances.length, covariances.length, name + " covariance shape");
        for (int i = 0; i < covariances.length; i++) {
            close(theirCovariances[i], covariances[i], name + " covariance value " + i);
        }
        double[] w = model.weights(fit.posterior());
        double[] theirWeights = ReferenceData.doubles(c.get("weights"));
        double[] theirDof = ReferenceData.doubles(c.get("degreesOfFreedom"));
        GaussianWishartMixture.Component[] ours = model.expectations(fit.posterior());
        for (int j = 0; j < k; j++) {
            close(theirWeights[j], w[j], name + " weight " + j);
            close(theirDof[j], ours[j].nu(), name + " degrees of freedom " + j);
        }
    }

    private static Stream<Arguments> read(String resource) throws Exception {
        try (InputStream in = SklearnAgreementTest.class.getResourceAsStream(resource)) {
            JsonNode root = new ObjectMapper().readTree(in);
            List<Arguments> out = new ArrayList<>();
            root.get("cases").forEach(c -> out.add(Arguments.of(c.get("name").asText(), c)));
            return out.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reachesScikitLearnsFixedPoint(String name, JsonNode c) {
        int d = c.get("dimension").asInt();
        int k = c.get("k").asInt();
        double[] x = ReferenceData.doubles(c.get("data"));
        GaussianWishartMixture model = new GaussianWishartMixture(k, GaussianWishartPrior.defaults(x, d, k));
        CaviResult fit = Cavi.fit(model, x, new Initialisation.KMeansPlusPlus(7, 5, 1.0), CONVERGED,
                IterationListener.NONE);
        compare(name, c, model, fit);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dirichletProcessCases")
    void reachesScikitLearnsFixedPointWithDirichletProcessWeightsFromTheSameStart(String name, JsonNode c) {
        int d = c.get("dimension").asInt();
        int k = c.get("k").asInt();
        double[] x = ReferenceData.doubles(c.get("data"));
        GaussianWishartMixture model = new GaussianWishartMixture(k, GaussianWishartPrior.defaults(x, d, k),
                WeightPrior.DIRICHLET_PROCESS);
        double[] labels = ReferenceData.doubles(c.get("labels"));
        double[] responsibilities = new double[labels.length * k];
        for (int i = 0; i < labels.length; i++) {
            responsibilities[i * k + (int) labels[i]] = 1.0;
        }
        NaturalParameters start = model.globalStep(model.statistics(x, responsibilities), 1.0);
        CaviResult fit = Cavi.fit(model, x, start, CONVERGED, IterationListener.NONE);
        compare(name, c, model, fit);
        // Components in the same order as scikit-learn's: the sticks match one to one.
        double[] gamma1 = ReferenceData.doubles(c.get("sticks").get(0));
        double[] weights = model.weights(fit.posterior());
        for (int j = 0; j < k; j++) {
            close(ReferenceData.doubles(c.get("weights"))[j], weights[j], name + " weight in order " + j);
            close(gamma1[j], 1.0 + countOf(fit, j, x.length / d), name + " stick " + j);
        }
    }

    /** N_k of the last local step: the mean responsibility times n. */
    private static double countOf(CaviResult fit, int j, int n) {
        return fit.weights()[j] * n;
    }

    private void compare(String name, JsonNode c, GaussianWishartMixture model, CaviResult fit) {
        int d = c.get("dimension").asInt();
        int k = c.get("k").asInt();
        assertTrue(c.get("iterations").asInt() == 20_000 && fit.iterations() == 5_000, name + " ran to the end");
        double[] means = model.means(fit.posterior());
        double[] covariances = model.covariances(fit.posterior());
        double[] weights = model.weights(fit.posterior());
        double[] theirMeans = ReferenceData.doubles(c.get("means"));
        double[] theirCovariances = ReferenceData.doubles(c.get("covariances"));
        double[] theirWeights = ReferenceData.doubles(c.get("weights"));
        double[] theirDof = ReferenceData.doubles(c.get("degreesOfFreedom"));
        GaussianWishartMixture.Component[] ours = model.expectations(fit.posterior());
        boolean[] used = new boolean[k];
        for (int j = 0; j < k; j++) {
            int match = nearest(means, theirMeans, j, d, k, used);
            used[match] = true;
            for (int a = 0; a < d; a++) {
                close(theirMeans[j * d + a], means[match * d + a], name + " mean " + j + "[" + a + "]");
            }
            for (int e = 0; e < d * d; e++) {
                close(theirCovariances[j * d * d + e], covariances[match * d * d + e], name + " covariance " + j + "[" + e + "]");
            }
            close(theirWeights[j], weights[match], name + " weight " + j);
            close(theirDof[j], ours[match].nu(), name + " degrees of freedom " + j);
        }
    }

    private static int nearest(double[] ours, double[] theirs, int j, int d, int k, boolean[] used) {
        int best = -1;
        double bestDistance = Double.POSITIVE_INFINITY;
        for (int c = 0; c < k; c++) {
            double distance = 0;
            for (int a = 0; a < d; a++) {
                double diff = ours[c * d + a] - theirs[j * d + a];
                distance += diff * diff;
            }
            if (!used[c] && distance < bestDistance) {
                bestDistance = distance;
                best = c;
            }
        }
        return best;
    }

    private static void close(double expected, double actual, String what) {
        assertEquals(expected, actual, AGREEMENT * Math.max(1.0, Math.abs(expected)), what);
    }
}
