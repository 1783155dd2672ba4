package vistream.streaming;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.LongFunction;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Flux;
import reactor.test.scheduler.VirtualTimeScheduler;

import vistream.core.inference.UpdateRule;
import vistream.core.mixture.ConjugateMixture;
import vistream.core.mixture.CovarianceType;
import vistream.core.mixture.GaussianWishartMixture;
import vistream.core.mixture.GaussianWishartPrior;
import vistream.core.mixture.KnownVarianceGaussianMixture;
import vistream.core.mixture.WeightFactor;
import vistream.core.mixture.WeightPrior;

/**
 * Clusters that come and go on a stream, for the lecture's known-variance model (one dimension,
 * σ = 1 known), the spherical model (one dimension) and the full-covariance model (two dimensions):
 * births, a birth close to a living cluster, a death, a duplicate start that must merge, more
 * clusters than the starting K, and a stationary stream that must stay still. Every stream has
 * unit-variance clusters and is fitted with the service's rule, a constant step of 0.05 over
 * batches of 500 (a memory of about 10,000 observations), Dirichlet weights and default moves.
 *
 * <p>Tolerances: a cluster's mean has a posterior standard deviation of about 1/√(its share of
 * the memory) ≈ 0.02 once settled, so "within 0.15" of the truth, 7 of them, separates right from
 * wrong without flakiness (and these seeded streams are deterministic). Two clusters 3.5 sd apart
 * share the observations of their overlap and settle more slowly; there 0.5 sd, against the 3.5
 * that separate them, says the structure is right.
 */
class MovesStreamTest {

    private static final int BATCH = 500;
    private static final int CHANGE = 30_000;
    private static final double SETTLED = 0.15;

    private static double[][] three(int d) {
        return d == 1 ? new double[][] {{-8}, {0}, {8}} : new double[][] {{-8, 0}, {0, 8}, {8, 0}};
    }

    private static int dimension(String model) {
        return model.equals("full") ? 2 : 1;
    }

    @ParameterizedTest
    @ValueSource(strings = {"known-variance", "spherical", "full"})
    void aWellSeparatedNewClusterIsBornAtOnce(String kind) {
        int d = dimension(kind);
        double[][] four = append(three(d), d == 1 ? new double[] {20} : new double[] {0, -10});
        Run run = run(kind, 60_000, i -> i < CHANGE ? three(d) : four, 3, null);
        run.assertStructure(four, SETTLED);
        assertEquals(List.of(1L, 2L, 3L, 4L), run.idsAtEnd(), "the three keep their ids; the newborn is 4");
        // A change alarm, then the birth in the same batch: four clusters from the first batch
        // after the change, each within half a standard deviation of its centre (the newborn
        // starts from the first few dozen of its observations), and within 0.15 soon after.
        long born = run.settledAfter(CHANGE, four, 0.5);
        assertTrue(born <= BATCH, kind + ": four clusters after " + born);
        long within = run.settledAfter(CHANGE, four, SETTLED);
        assertTrue(within <= 5_000, kind + ": settled after " + within);
        assertEquals(List.of("page-hinkley", "birth"), run.kindsAfter(CHANGE), kind);
        assertEquals(1, run.episodes(), kind + ": one change, one episode");
    }

    @ParameterizedTest
    @ValueSource(strings = {"known-variance", "spherical", "full"})
    void aNewClusterThreeAndAHalfSdFromALivingOneIsBornToo(String kind) {
        int d = dimension(kind);
        double[][] four = append(three(d), d == 1 ? new double[] {3.5} : new double[] {0, 11.5});
        Run run = run(kind, 90_000, i -> i < CHANGE ? three(d) : four, 3, null);
        run.assertStructure(four, 0.5);
        assertEquals(4, run.idsAtEnd().size());
        assertTrue(run.idsAtEnd().containsAll(List.of(1L, 2L, 3L)), kind + ": the three keep their ids " + run.idsAtEnd());
        long within = run.settledAfter(CHANGE, four, 0.5);
        // The memo needs some thousands of the new cluster's observations to tell it from a wider
        // old one: the full model takes longest.
        assertTrue(within <= 6_000, kind + ": right structure after " + within);
        List<String> kinds = run.kindsAfter(CHANGE);
        assertTrue(kinds.size() <= 3 && kinds.contains("birth"), kind + ": " + kinds);
    }

    @ParameterizedTest
    @ValueSource(strings = {"known-variance", "spherical", "full"})
    void aClusterThatStopsIsRemoved(String kind) {
        int d = dimension(kind);
        double[][] two = Arrays.copyOf(three(d), 2);
        Run run = run(kind, 60_000, i -> i < CHANGE ? three(d) : two, 3, null);
        run.assertStructure(two, SETTLED);
        List<String> kinds = run.kindsAfter(CHANGE);
        assertEquals(List.of("delete"), kinds, kind + ": one delete, no alarm (nothing is surprising)");
        // The memo spans 8,000 observations: the cluster is gone from it 8,000 after it stopped.
        long at = run.eventsAfter(CHANGE).get(0).observations();
        assertTrue(at <= CHANGE + 10_000, kind + ": removed at " + at);
        assertEquals(2, run.idsAtEnd().size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"known-variance", "spherical", "full"})
    void twoComponentsStartedOnOneClusterMerge(String kind) {
        int d = dimension(kind);
        double[] start = d == 1 ? new double[] {-8.4, -7.6, 0, 8} : new double[] {-8.4, 0, -7.6, 0, 0, 8, 8, 0};
        Run run = run(kind, 30_000, i -> three(d), 4, start);
        run.assertStructure(three(d), SETTLED);
        List<DriftEvent> events = run.eventsAfter(0);
        assertEquals(1, events.size(), kind + ": " + events);
        assertEquals("merge", events.get(0).kind());
        assertTrue(events.get(0).gain() > 0, "a merge raises the ELBO");
        DriftEvent merge = events.get(0);
        long survivor = merge.ids().get(0);
        assertEquals(List.of(1L, 2L), merge.ids().stream().sorted().toList(), kind + ": the two duplicates merged");
        assertEquals(List.of(survivor, 3L, 4L), run.idsAtEnd(), kind + ": the survivor keeps its id");
    }

    @ParameterizedTest
    @ValueSource(strings = {"known-variance", "spherical", "full"})
    void moreClustersThanTheStartingKAreAllFound(String kind) {
        int d = dimension(kind);
        double[][] seven = new double[7][d];
        for (int c = 0; c < 7; c++) {
            seven[c][0] = 8.0 * c;
        }
        Run run = run(kind, 40_000, i -> seven, 5, null);
        run.assertStructure(seven, SETTLED);
        long within = run.settledAfter(0, seven, SETTLED);
        assertTrue(within <= 15_000, kind + ": seven clusters after " + within);
        assertTrue(run.eventsAfter(0).stream().anyMatch(e -> e.kind().equals("birth")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"known-variance", "spherical", "full"})
    void aStationaryStreamMakesNoMoveAndRaisesNoAlarm(String kind) {
        int d = dimension(kind);
        Run run = run(kind, 100_000, i -> three(d), 3, null);
        assertEquals(List.of(), run.eventsAfter(0), kind);
        assertEquals(List.of(1L, 2L, 3L), run.idsAtEnd());
        run.assertStructure(three(d), SETTLED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"known-variance", "full"})
    void theSameStreamMakesTheSameMovesWhateverTheWorkersAndAcrossAResume(String kind) {
        // A virtual clock that never moves: every snapshot's time is 0, so whole snapshots compare.
        int d = dimension(kind);
        double[][] four = append(three(d), d == 1 ? new double[] {20} : new double[] {0, -10});
        LongFunction<double[][]> centres = i -> i < CHANGE ? three(d) : four;
        List<double[]> data = stream(5, 45_000, d, centres);
        ConjugateMixture model = model(kind, 3, data, d);
        List<PosteriorSnapshot> one = snapshots(model, data, options(null, 1));
        List<PosteriorSnapshot> three = snapshots(model, data, options(null, 3));
        assertEquals(one, three, "the same snapshots on 1 and 3 workers");
        // Resume from the snapshot just after the birth: the rest is the same, bit for bit.
        PosteriorSnapshot cut = one.stream().filter(s -> s.observations() == CHANGE + 1000).findFirst().orElseThrow();
        PosteriorSnapshot read = SnapshotJson.read(SnapshotJson.write(cut));
        assertEquals(cut, read, "a checkpoint with moves round-trips");
        List<PosteriorSnapshot> rest = Flux.fromIterable(data.subList((int) cut.observations(), data.size()))
                .transform(VariationalStream.resumeFrom(model, options(null, 1), read)).collectList().block();
        assertEquals(one.subList(one.indexOf(cut) + 1, one.size()), rest);
        assertArrayEquals(new long[] {1, 2, 3, 4}, rest.get(rest.size() - 1).ids());
    }

    // --- the runs -------------------------------------------------------------------------------

    /** A finished run: its snapshots, one per batch. */
    private record Run(String kind, List<PosteriorSnapshot> snapshots) {

        List<Long> idsAtEnd() {
            return Arrays.stream(snapshots.get(snapshots.size() - 1).ids()).boxed().toList();
        }

        List<DriftEvent> eventsAfter(long position) {
            List<DriftEvent> out = new ArrayList<>();
            for (PosteriorSnapshot s : snapshots) {
                for (DriftEvent e : s.driftEvents()) {
                    if (e.observations() > position) {
                        out.add(e);
                    }
                }
            }
            return out;
        }

        List<String> kindsAfter(long position) {
            return eventsAfter(position).stream().map(DriftEvent::kind).toList();
        }

        long episodes() {
            return eventsAfter(0).stream().mapToLong(DriftEvent::episode).max().orElse(0);
        }

        /** Every true centre has a component within {@code tolerance}, and there are as many components. */
        void assertStructure(double[][] centres, double tolerance) {
            PosteriorSnapshot last = snapshots.get(snapshots.size() - 1);
            assertEquals(centres.length, last.clusters(), kind + ": clusters at the end, ids " + idsAtEnd() + ", events "
                    + eventsAfter(0));
            assertTrue(matches(last, centres, tolerance), kind + ": means " + Arrays.toString(last.means()) + ", events "
                    + eventsAfter(0));
        }

        /**
         * Observations after {@code from} until the structure matched {@code centres} for good (every
         * snapshot from then on), or {@link Long#MAX_VALUE} if the last one does not.
         */
        long settledAfter(long from, double[][] centres, double tolerance) {
            long since = Long.MAX_VALUE;
            for (PosteriorSnapshot s : snapshots) {
                if (!matches(s, centres, tolerance)) {
                    since = Long.MAX_VALUE;
                } else if (since == Long.MAX_VALUE) {
                    since = s.observations();
                }
            }
            return since == Long.MAX_VALUE ? since : since - from;
        }
    }

    private static boolean matches(PosteriorSnapshot s, double[][] centres, double tolerance) {
        if (s.clusters() != centres.length) {
            return false;
        }
        int d = s.dimension();
        double[] means = s.means();
        for (double[] centre : centres) {
            double best = Double.POSITIVE_INFINITY;
            for (int c = 0; c < s.clusters(); c++) {
                double sum = 0;
                for (int a = 0; a < d; a++) {
                    double diff = means[c * d + a] - centre[a];
                    sum += diff * diff;
                }
                best = Math.min(best, Math.sqrt(sum));
            }
            if (best > tolerance) {
                return false;
            }
        }
        return true;
    }

    private static Run run(String kind, int n, LongFunction<double[][]> centres, int k, double[] initialMeans) {
        int d = dimension(kind);
        List<double[]> data = stream(7, n, d, centres);
        return new Run(kind, snapshots(model(kind, k, data, d), data, options(initialMeans, 1)));
    }

    private static StreamOptions options(double[] initialMeans, int workers) {
        StreamOptions.Builder b = StreamOptions.builder().batchSize(BATCH).updateRule(new UpdateRule.ConstantStep(0.05, 5000))
                .moves(StreamMoves.defaults(20)).workers(workers).timer(VirtualTimeScheduler.create());
        if (initialMeans != null) {
            b.initialMeans(initialMeans);
        }
        return b.build();
    }

    private static List<PosteriorSnapshot> snapshots(ConjugateMixture model, List<double[]> data, StreamOptions options) {
        return Flux.fromIterable(data).transform(VariationalStream.of(model, options)).collectList().block();
    }

    /**
     * Dirichlet weights with α0 = 1/K. The Gaussian–Wishart prior is centred on the first 1,000
     * observations' mean with β0 = 1, and says what the known-variance model knows: clusters of
     * unit variance, W0⁻¹ = I, ν0 = D (E[Λ]⁻¹ = I), held as lightly as one observation. (The
     * data-covariance default of scikit-learn makes given starting means, as in the duplicate
     * test, as wide as all the data.)
     */
    private static ConjugateMixture model(String kind, int k, List<double[]> data, int d) {
        if (kind.equals("known-variance")) {
            return new KnownVarianceGaussianMixture(k, 20.0, 1.0, new WeightFactor.Dirichlet(1.0 / k));
        }
        double[] mean = new double[d];
        for (int i = 0; i < 1000; i++) {
            for (int a = 0; a < d; a++) {
                mean[a] += data.get(i)[a] / 1000;
            }
        }
        double[] identity = new double[d * d];
        for (int a = 0; a < d; a++) {
            identity[a * d + a] = 1.0;
        }
        return new GaussianWishartMixture(k, new GaussianWishartPrior(1.0 / k, mean, 1.0, identity, d),
                WeightPrior.DIRICHLET, kind.equals("full") ? CovarianceType.FULL : CovarianceType.SPHERICAL);
    }

    /** n observations; observation i from a centre of {@code centresAt.apply(i)} chosen uniformly, plus N(0, I). */
    static List<double[]> stream(long seed, int n, int d, LongFunction<double[][]> centresAt) {
        SplittableRandom random = new SplittableRandom(seed);
        List<double[]> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            double[][] c = centresAt.apply(i);
            double[] centre = c[random.nextInt(c.length)];
            double[] x = new double[d];
            for (int a = 0; a < d; a++) {
                x[a] = centre[a] + Synthetic.gaussian(random);
            }
            out.add(x);
        }
        return out;
    }

    private static double[][] append(double[][] centres, double[] extra) {
        double[][] out = Arrays.copyOf(centres, centres.length + 1);
        out[centres.length] = extra;
        return out;
    }
}
