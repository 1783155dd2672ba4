package vistream.core.mixture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static vistream.core.Tolerance.assertRelativelyClose;

import java.util.SplittableRandom;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
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
 * The vector local step against the scalar one: ELBO traces within {@link #AGREEMENT} relative,
 * on the reference cases and on random data over K = 1 … 20 and sizes around the block and chunk
 * boundaries; the same fit bit for bit on any number of threads; non-finite observations refused
 * as the scalar path refuses them. Runs only where the JVM has the vector module (the core
 * module's default test execution); the scalar-path execution skips it.
 */
class VectorLocalStepTest {

    /**
     * The bound on the relative difference of the two paths' ELBO traces. Both compute
     * the same sums with different roundings (a different exponential, fused multiply-adds,
     * eight partial sums), about 1e-15 apart measured; 1e-12 leaves room for long traces.
     */
    private static final double AGREEMENT = 1e-12;

    @BeforeEach
    void vectorModulePresent() {
        assumeTrue(LocalStepPath.vectorAvailable(), "the JVM was started without jdk.incubator.vector");
    }

    static Stream<Arguments> referenceCases() {
        return ReferenceData.cases().stream().map(c -> Arguments.of(c.get("data").asText() + " K=" + c.get("k").asInt()
                + " sigma0=" + c.get("sigma0").asDouble() + " sigma=" + c.get("sigma").asDouble(), c));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("referenceCases")
    void referenceCasesGiveTheScalarTrace(String name, JsonNode c) {
        double[] data = ReferenceData.data(c.get("data").asText());
        KnownVarianceGaussianMixture model = new KnownVarianceGaussianMixture(
                c.get("k").asInt(), c.get("sigma0").asDouble(), c.get("sigma").asDouble());
        Initialisation init = new Initialisation.GivenMeans(
                ReferenceData.doubles(c.get("init_means")), c.get("init_variance").asDouble());
        assertPathsAgree(model, data, init, c.get("iterations").asInt(), name);
    }

    /**
     * Random mixtures, K = 1 … 20, with sizes below, at and around the vector step's block (64)
     * and group (8), and across CAVI's chunk (8,192): every way a call can end in a tail. Each
     * iteration of the scalar fit is recomputed by the vector local step from the same
     * posterior. Where there are at least 3K observations the two paths also run as two fits,
     * each from its own previous step; with fewer, empty components make the fit itself
     * amplify any change of rounding (up to 1e-9 apart after a few iterations for K = 19, n = 3,
     * though every single step agrees to 1e-15), so only the steps are compared there.
     */
    @Test
    void randomDataGiveTheScalarTraceForEveryKAndSize() {
        int[] sizes = {1, 3, 7, 8, 9, 63, 64, 65, 100, 1000, Cavi.CHUNK - 1, Cavi.CHUNK + 1, 3 * Cavi.CHUNK + 77};
        SplittableRandom random = new SplittableRandom(17);
        for (int k = 1; k <= 20; k++) {
            for (int n : sizes) {
                double[] data = mixtureData(random, n, Math.max(1, k / 2 + 1), 4.0);
                WeightFactor weights = k % 3 == 0 ? new WeightFactor.Dirichlet(1.0 / k) : new WeightFactor.Uniform();
                KnownVarianceGaussianMixture model = new KnownVarianceGaussianMixture(k, 10.0, 1.0, weights);
                Initialisation init = new Initialisation.KMeansPlusPlus(k + n, 1, 1.0);
                String name = "K=" + k + " n=" + n + " weights=" + weights;
                assertStepsAgree(model, data, init, 15, name);
                if (n >= 3 * k) {
                    assertPathsAgree(model, data, init, 15, name);
                }
            }
        }
    }

    /** Far-apart clusters: most terms negligible, whole vectors of them. */
    @Test
    void separatedClustersGiveTheScalarTrace() {
        SplittableRandom random = new SplittableRandom(3);
        double[] data = mixtureData(random, 20_000, 12, 25.0);
        KnownVarianceGaussianMixture model = new KnownVarianceGaussianMixture(12, 200.0, 1.0);
        assertPathsAgree(model, data, new Initialisation.KMeansPlusPlus(4, 1, 1.0), 20, "separated");
    }

    /**
     * K identical components: every normaliser is Z = K exactly, the largest possible, so the
     * per-lane products grow fastest and must be renormalised in time. Σ log Z = n log K then.
     */
    @Test
    void largestNormalisersAreCarriedWithoutOverflow() {
        for (int k : new int[] {20, 1000}) {
            int n = 50_000 + 13;
            double[] data = mixtureData(new SplittableRandom(k), n, 1, 1.0);
            KnownVarianceGaussianMixture model = new KnownVarianceGaussianMixture(k, 10.0, 1.0);
            NaturalParameters lambda = model.initialPosterior(new double[k], 1.0);
            SufficientStatistics vector = model.newStatistics();
            model.onPath(LocalStepPath.VECTOR).localStep(lambda).accumulate(data, 0, n, vector);
            // φ = 1/K for every component, so H = n log K; Σ log Z is kept to about 1e-16, while
            // the count adds the same rounded 1/K about n/8 times per slot.
            assertRelativelyClose(n * Math.log(k), vector.entropy(), 1e-13, "K=" + k + " entropy");
            assertRelativelyClose(n / (double) k, vector.count(k - 1), 1e-11, "K=" + k + " count");
        }
    }

    @Test
    void oneLocalStepGivesTheScalarStatistics() {
        SplittableRandom random = new SplittableRandom(11);
        int n = 10_000 + 5;
        double[] data = mixtureData(random, n, 5, 3.0);
        KnownVarianceGaussianMixture model = new KnownVarianceGaussianMixture(7, 20.0, 1.3);
        double[] means = {-1, 0.5, 2, 4, 7, 9, 30};
        NaturalParameters lambda = model.initialPosterior(means, 0.7);
        SufficientStatistics scalar = model.newStatistics();
        SufficientStatistics vector = model.newStatistics();
        model.onPath(LocalStepPath.SCALAR).localStep(lambda).accumulate(data, 0, n, scalar);
        model.onPath(LocalStepPath.VECTOR).localStep(lambda).accumulate(data, 0, n, vector);
        assertEquals(scalar.observations(), vector.observations());
        assertRelativelyClose(scalar.entropy(), vector.entropy(), AGREEMENT, "entropy");
        for (int k = 0; k < 7; k++) {
            // A component far from every observation has a count of rounding size: compare
            // each sum against the scale of the whole (n, Σ|x|, Σx²).
            assertEquals(scalar.count(k), vector.count(k), AGREEMENT * n, "count " + k);
            assertEquals(scalar.moment(2 * k), vector.moment(2 * k), AGREEMENT * n * 20, "Σφx " + k);
            assertEquals(scalar.moment(2 * k + 1), vector.moment(2 * k + 1), AGREEMENT * n * 400, "Σφx² " + k);
        }
    }

    @Test
    void theVectorFitIsTheSameBitForBitOnAnyNumberOfThreads() {
        SplittableRandom random = new SplittableRandom(5);
        int n = 5 * Cavi.CHUNK + 123;
        double[] data = mixtureData(random, n, 3, 4.0);
        KnownVarianceGaussianMixture model = new KnownVarianceGaussianMixture(4, 10, 1).onPath(LocalStepPath.VECTOR);
        Initialisation init = new Initialisation.KMeansPlusPlus(9, 2, 1.0);
        CaviResult one = Cavi.fit(model, data, init, new CaviOptions(40, 0.0, 1), IterationListener.NONE);
        for (int threads : new int[] {2, 3, 8}) {
            CaviResult many = Cavi.fit(model, data, init, new CaviOptions(40, 0.0, threads), IterationListener.NONE);
            assertArrayEquals(one.elbo(), many.elbo(), 0.0, threads + " threads");
            assertArrayEquals(one.posterior().values(), many.posterior().values(), 0.0, threads + " threads");
        }
    }

    /** The same observations give the same statistics wherever they sit in the array. */
    @Test
    void aCallDependsOnItsObservationsOnly() {
        SplittableRandom random = new SplittableRandom(8);
        double[] data = mixtureData(random, 777, 3, 3.0);
        double[] shifted = new double[data.length + 5];
        System.arraycopy(data, 0, shifted, 5, data.length);
        KnownVarianceGaussianMixture model = new KnownVarianceGaussianMixture(3, 10, 1).onPath(LocalStepPath.VECTOR);
        LocalStep step = model.localStep(model.initialPosterior(new double[] {0, 3, 6}, 1.0));
        SufficientStatistics a = model.newStatistics();
        SufficientStatistics b = model.newStatistics();
        step.accumulate(data, 0, data.length, a);
        step.accumulate(shifted, 5, shifted.length, b);
        assertEquals(a.entropy(), b.entropy(), 0.0);
        assertArrayEquals(a.counts(), b.counts(), 0.0);
    }

    @Test
    void nonFiniteObservationsAreRefusedAsOnTheScalarPath() {
        KnownVarianceGaussianMixture model = new KnownVarianceGaussianMixture(3, 10, 1);
        NaturalParameters lambda = model.initialPosterior(new double[] {-1, 0, 1}, 1.0);
        LocalStep scalar = model.onPath(LocalStepPath.SCALAR).localStep(lambda);
        LocalStep vector = model.onPath(LocalStepPath.VECTOR).localStep(lambda);
        // In a full block, in the padded tail, first and last; NaN and both infinities.
        int[] positions = {0, 5, 64, 70, 199, 200};
        double[] bad = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        for (int at : positions) {
            for (double value : bad) {
                double[] data = new double[201];
                java.util.Arrays.fill(data, 0.25);
                data[at] = value;
                data[Math.min(200, at + 3)] = value; // a second one: the first is named
                SufficientStatistics left = model.newStatistics();
                IllegalArgumentException s = assertThrows(IllegalArgumentException.class,
                        () -> scalar.accumulate(data, 0, data.length, model.newStatistics()));
                IllegalArgumentException v = assertThrows(IllegalArgumentException.class,
                        () -> vector.accumulate(data, 0, data.length, left));
                assertEquals(s.getMessage(), v.getMessage());
                assertTrue(v.getMessage().startsWith("observation " + at + " is "), v.getMessage());
                assertEquals(0, left.observations(), "statistics left unchanged");
                assertEquals(0.0, left.entropy());
            }
        }
    }

    /** The vector exponential is within one ulp of the correctly rounded one on [−60, 0]. */
    @Test
    void theVectorExponentialIsWithinOneUlp() {
        SplittableRandom random = new SplittableRandom(2);
        int n = 1 << 16;
        double[] s = new double[n];
        for (int i = 0; i < n; i++) {
            s[i] = i < 16 ? -i * 0.5 * Math.log(2) : -60.0 * random.nextDouble();
        }
        s[n - 1] = 0.0;
        double[] out = new double[n];
        VectorKnownVarianceLocalStep.exp(s, out);
        double worst = 0.0;
        for (int i = 0; i < n; i++) {
            double exact = StrictMath.exp(s[i]); // within 1 ulp itself (fdlibm)
            worst = Math.max(worst, Math.abs(out[i] - exact) / Math.ulp(exact));
        }
        assertTrue(worst <= 1.0, "worst error " + worst + " ulp");
        assertEquals(1.0, out[n - 1], 0.0, "e^0 = 1 exactly");
    }

    /**
     * The vector logarithm is within one ulp of fdlibm's on the sums a predictive takes it of,
     * Z in [1, K], and beyond; exact at powers of two, and 0 at 1.
     */
    @Test
    void theVectorLogarithmIsWithinOneUlp() {
        SplittableRandom random = new SplittableRandom(4);
        int n = 1 << 18;
        double[] z = new double[n];
        for (int i = 0; i < n; i++) {
            z[i] = switch (i % 4) {
                case 0 -> 1.0 + random.nextDouble();                       // one binade, every mantissa
                case 1 -> 1.0 + 20.0 * random.nextDouble();                // Z for K up to 21
                case 2 -> Math.exp(700.0 * random.nextDouble());           // far beyond
                default -> Math.nextUp(Math.sqrt(2.0) * (1 + (random.nextDouble() - 0.5) * 1e-9)); // near √2
            };
        }
        z[0] = 1.0;
        z[1] = 1024.0;
        z[2] = Math.nextUp(1.0);
        z[3] = Math.sqrt(2.0);
        double[] out = new double[n];
        VectorKnownVarianceLocalStep.log(z, out);
        double worst = 0.0;
        for (int i = 0; i < n; i++) {
            double exact = StrictMath.log(z[i]); // within 1 ulp itself (fdlibm)
            worst = Math.max(worst, Math.abs(out[i] - exact) / Math.ulp(exact));
        }
        assertTrue(worst <= 1.0, "worst error " + worst + " ulp");
        assertEquals(0.0, out[0], 0.0, "log 1 = 0 exactly");
        assertEquals(10 * Math.log(2), out[1], 0.0, "log 2^10 is k·ln 2, rounded once");
    }

    @Test
    void responsibilitiesAreTheScalarPaths() {
        KnownVarianceGaussianMixture model = new KnownVarianceGaussianMixture(3, 10, 1);
        NaturalParameters lambda = model.initialPosterior(new double[] {-1, 0, 1}, 1.0);
        LocalStep vector = model.onPath(LocalStepPath.VECTOR).localStep(lambda);
        assertInstanceOf(VectorKnownVarianceLocalStep.class, vector);
        double[] a = new double[3];
        double[] b = new double[3];
        vector.responsibilities(new double[] {0.3}, 0, a);
        model.onPath(LocalStepPath.SCALAR).localStep(lambda).responsibilities(new double[] {0.3}, 0, b);
        assertArrayEquals(b, a, 0.0);
        assertEquals(1, vector.assign(new double[] {0.3}, 0, 3));
    }

    /**
     * The stream's prequential scores: log densities and shares of the vector predictive against
     * the scalar one, over K = 1 … 20 and sizes around its block (64) and the lanes.
     */
    @Test
    void predictiveScoresAreTheScalarOnes() {
        SplittableRandom random = new SplittableRandom(23);
        for (int k = 1; k <= 20; k++) {
            KnownVarianceGaussianMixture model = new KnownVarianceGaussianMixture(k, 10.0, 1.0,
                    k % 2 == 0 ? new WeightFactor.Dirichlet(0.5) : new WeightFactor.Uniform());
            double[] means = new double[k];
            for (int j = 0; j < k; j++) {
                means[j] = 3.0 * j - 5.0 + random.nextDouble();
            }
            NaturalParameters lambda = model.initialPosterior(means, 0.3);
            PosteriorPredictive scalar = model.onPath(LocalStepPath.SCALAR).posteriorPredictive(lambda);
            PosteriorPredictive vector = model.onPath(LocalStepPath.VECTOR).posteriorPredictive(lambda);
            assertInstanceOf(VectorKnownVariancePredictive.class, vector);
            for (int n : new int[] {1, 3, 63, 64, 65, 130, 256}) {
                double[] data = mixtureData(random, n + 2, Math.max(1, k), 3.0);
                // Scores of [2, n + 2): the rows are the observations' own indices.
                double[] ls = new double[n + 2];
                double[] lv = new double[n + 2];
                double[] ss = new double[(n + 2) * k];
                double[] sv = new double[(n + 2) * k];
                scalar.logDensities(data, 2, n + 2, ls, ss);
                vector.logDensities(data, 2, n + 2, lv, sv);
                assertRelativelyClose(ls, lv, AGREEMENT, "K=" + k + " n=" + n + " log densities");
                for (int i = 0; i < ss.length; i++) {
                    assertEquals(ss[i], sv[i], 1e-15, "K=" + k + " n=" + n + " share " + i);
                }
                assertEquals(scalar.logDensity(data, 2), vector.logDensity(data, 2), 0.0, "one observation: scalar");
            }
        }
        double[] bad = new double[100];
        bad[70] = Double.NaN;
        KnownVarianceGaussianMixture model = new KnownVarianceGaussianMixture(3, 10, 1);
        NaturalParameters lambda = model.initialPosterior(new double[] {-1, 0, 1}, 1.0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> model.onPath(LocalStepPath.VECTOR)
                .posteriorPredictive(lambda).logDensities(bad, 0, 100, new double[100], new double[300]));
        assertEquals("observation 70 is NaN; observations must be finite", e.getMessage());
    }

    private static void assertPathsAgree(KnownVarianceGaussianMixture model, double[] data, Initialisation init,
            int iterations, String name) {
        CaviOptions options = new CaviOptions(iterations, 0.0, 1);
        CaviResult scalar = Cavi.fit(model.onPath(LocalStepPath.SCALAR), data, init, options, IterationListener.NONE);
        CaviResult vector = Cavi.fit(model.onPath(LocalStepPath.VECTOR), data, init, options, IterationListener.NONE);
        assertRelativelyClose(scalar.elbo(), vector.elbo(), AGREEMENT, name + " ELBO trace");
    }

    /**
     * Runs the scalar fit and, at each of its iterations, the vector local step from the same
     * posterior: the two ELBOs of every iteration within {@link #AGREEMENT}.
     */
    private static void assertStepsAgree(KnownVarianceGaussianMixture model, double[] data, Initialisation init,
            int iterations, String name) {
        KnownVarianceGaussianMixture scalar = model.onPath(LocalStepPath.SCALAR);
        KnownVarianceGaussianMixture vector = model.onPath(LocalStepPath.VECTOR);
        // From the posterior after the scalar fit's first iteration (the seeding stays inside Cavi).
        NaturalParameters lambda = Cavi.fit(scalar, data, init, new CaviOptions(1, 0.0, 1), IterationListener.NONE)
                .posterior();
        for (int t = 0; t < iterations; t++) {
            SufficientStatistics s = scalar.newStatistics();
            SufficientStatistics v = vector.newStatistics();
            scalar.localStep(lambda).accumulate(data, 0, data.length, s);
            vector.localStep(lambda).accumulate(data, 0, data.length, v);
            NaturalParameters next = scalar.globalStep(s, 1.0);
            assertRelativelyClose(scalar.elbo(next, s), vector.elbo(vector.globalStep(v, 1.0), v), AGREEMENT,
                    name + " ELBO of step " + t);
            lambda = next;
        }
    }

    /** n draws from unit-variance clusters at 0, spacing, 2·spacing, … */
    private static double[] mixtureData(SplittableRandom random, int n, int clusters, double spacing) {
        double[] data = new double[n];
        for (int i = 0; i < n; i++) {
            data[i] = spacing * random.nextInt(clusters) + random.nextGaussian();
        }
        return data;
    }
}
