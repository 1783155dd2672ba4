package vistream.core.moves;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import vistream.core.inference.CaviOptions;
import vistream.core.inference.Initialisation;
import vistream.core.inference.IterationListener;
import vistream.core.mixture.ConjugateMixture;
import vistream.core.mixture.CovarianceType;
import vistream.core.mixture.GaussianWishartMixture;
import vistream.core.mixture.GaussianWishartPrior;
import vistream.core.mixture.KnownVarianceGaussianMixture;
import vistream.core.mixture.WeightFactor;
import vistream.core.mixture.WeightPrior;

/** Batch CAVI with moves: it finds the number of clusters from one, and its ELBO never falls. */
class BirthMergeCaviTest {

    /** CAVI's own monotonicity holds to rounding: a sum of n terms agrees to about 1e-13 relative. */
    private static final double ROUNDING = 1e-12;

    private static final double[][] CENTRES_1D = {{-12}, {-4}, {3}, {10}, {18}};
    private static final double[][] CENTRES_2D = {{-8, 0}, {0, 8}, {8, 0}, {0, -8}, {0, 0}};

    @Test
    void theLecturesModelFindsFiveClustersFromOne() {
        double[] x = sample(CENTRES_1D, 400, new SplittableRandom(1));
        KnownVarianceGaussianMixture model = new KnownVarianceGaussianMixture(1, 20.0, 1.0, new WeightFactor.Dirichlet(1.0));
        assertFindsClusters(model, x, CENTRES_1D);
    }

    @Test
    void sphericalAndFullModelsFindFiveClustersFromOne() {
        double[] x = sample(CENTRES_2D, 300, new SplittableRandom(2));
        for (CovarianceType type : new CovarianceType[] {CovarianceType.SPHERICAL, CovarianceType.FULL}) {
            for (WeightPrior weights : new WeightPrior[] {WeightPrior.DIRICHLET, WeightPrior.DIRICHLET_PROCESS}) {
                GaussianWishartMixture model = new GaussianWishartMixture(1, GaussianWishartPrior.defaults(x, 2, 1),
                        weights, type);
                assertFindsClusters(model, x, CENTRES_2D);
            }
        }
    }

    @Test
    void duplicatedStartsMergeAndSpareComponentsGo() {
        // Six components started in pairs on three clusters: merges and deletes leave three.
        double[][] centres = {{-6}, {0}, {6}};
        double[] x = sample(centres, 500, new SplittableRandom(3));
        KnownVarianceGaussianMixture model = new KnownVarianceGaussianMixture(6, 20.0, 1.0, new WeightFactor.Dirichlet(1.0 / 6));
        Initialisation start = new Initialisation.GivenMeans(new double[] {-6.3, -5.7, -0.3, 0.3, 5.7, 6.3}, 1.0);
        MovesFit fit = BirthMergeCavi.fit(model, x, start, new CaviOptions(500, 1e-10, 1), MoveOptions.defaults(10),
                IterationListener.NONE);
        assertEquals(3, fit.model().components(), "components " + fit.moves());
        assertTrue(fit.moves().stream().allMatch(m -> m.kind() != MoveKind.BIRTH), "no births: " + fit.moves());
        assertMonotone(fit);
        // The survivors keep ids of the start.
        assertTrue(Arrays.stream(fit.ids().ids()).allMatch(id -> id >= 1 && id <= 6), fit.ids().toString());
    }

    @Test
    void theSameInputGivesTheSameFit() {
        double[] x = sample(CENTRES_2D, 200, new SplittableRandom(4));
        GaussianWishartMixture model = new GaussianWishartMixture(2, GaussianWishartPrior.defaults(x, 2, 2),
                WeightPrior.DIRICHLET, CovarianceType.DIAG);
        Initialisation start = new Initialisation.KMeansPlusPlus(7, 2, 1.0);
        MovesFit a = BirthMergeCavi.fit(model, x, start, new CaviOptions(300, 1e-10, 1), MoveOptions.defaults(12),
                IterationListener.NONE);
        MovesFit b = BirthMergeCavi.fit(model, x, start, new CaviOptions(300, 1e-10, 2), MoveOptions.defaults(12),
                IterationListener.NONE);
        assertEquals(a.fit(), b.fit());
        assertEquals(a.moves(), b.moves());
        assertEquals(a.ids(), b.ids());
    }

    private static void assertFindsClusters(ConjugateMixture model, double[] x, double[][] centres) {
        MovesFit fit = BirthMergeCavi.fit(model, x, new Initialisation.KMeansPlusPlus(1, 1, 1.0),
                new CaviOptions(500, 1e-10, 1), MoveOptions.defaults(12), IterationListener.NONE);
        String what = model + " moves " + fit.moves();
        assertEquals(centres.length, fit.model().components(), what);
        assertMonotone(fit);
        // Every true centre has a component within 0.3 (its mean's standard error is about 0.05).
        int d = centres[0].length;
        double[] means = fit.model().means(fit.fit().posterior());
        for (double[] centre : centres) {
            double best = Double.POSITIVE_INFINITY;
            for (int c = 0; c < fit.model().components(); c++) {
                double sum = 0;
                for (int a = 0; a < d; a++) {
                    double diff = means[c * d + a] - centre[a];
                    sum += diff * diff;
                }
                best = Math.min(best, Math.sqrt(sum));
            }
            assertTrue(best < 0.3, what + ": no component near " + Arrays.toString(centre) + " (" + best + ")");
        }
        assertEquals(centres.length, fit.ids().size());
    }

    /** The trace never falls, and each accepted move's entry is above the one before it by its gain's sign. */
    private static void assertMonotone(MovesFit fit) {
        double[] trace = fit.fit().elbo();
        for (int t = 1; t < trace.length; t++) {
            assertTrue(trace[t] >= trace[t - 1] - ROUNDING * Math.abs(trace[t]),
                    "ELBO fell at entry " + (t + 1) + ": " + trace[t - 1] + " -> " + trace[t]);
        }
        for (AcceptedMove m : fit.moves()) {
            assertTrue(m.gain() > 0, m.toString());
            int at = m.iteration() - 1;
            assertTrue(trace[at] > trace[at - 1], "move " + m + " did not raise the trace: " + trace[at - 1] + " -> " + trace[at]);
        }
    }

    private static double[] sample(double[][] centres, int perCluster, SplittableRandom random) {
        int d = centres[0].length;
        double[] out = new double[centres.length * perCluster * d];
        int at = 0;
        for (int i = 0; i < perCluster; i++) {
            for (double[] centre : centres) {
                for (int a = 0; a < d; a++) {
                    out[at++] = centre[a] + random.nextGaussian();
                }
            }
        }
        return out;
    }
}
