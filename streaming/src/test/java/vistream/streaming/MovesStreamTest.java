package vistream.streaming;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Flux;
import reactor.test.scheduler.VirtualTimeScheduler;

import vistream.core.inference.UpdateRule;
import vistream.core.mixture.ConjugateMixture;
import vistream.streaming.MoveScenario.Run;

/**
 * Clusters that come and go on a stream ({@link MoveScenario}), for the lecture's known-variance
 * model, the spherical model and the full-covariance model: births, a birth close to a living
 * cluster, a cluster that jumps, a death (early, and after a long quiet time), a duplicate start that must merge, more clusters than
 * the starting K, and a stationary stream that must stay still.
 *
 * <p>Tolerances: a cluster's mean has a posterior standard deviation of about 1/√(its share of
 * the memory) ≈ 0.02 once settled, so "within 0.15" of the truth, 7 of them, separates right from
 * wrong without flakiness (and these seeded streams are deterministic). Two clusters 3.5 sd apart
 * share the observations of their overlap and settle more slowly; there 0.5 sd, against the 3.5
 * that separate them, says the structure is right.
 */
class MovesStreamTest {

    private static final long CHANGE = MoveScenario.CHANGE;
    private static final int BATCH = MoveScenario.BATCH;
    private static final double SETTLED = 0.15;

    @ParameterizedTest
    @ValueSource(strings = {"known-variance", "spherical", "full"})
    void aWellSeparatedNewClusterIsBornAtOnce(String kind) {
        double[][] four = MoveScenario.BIRTH.after(dimension(kind));
        Run run = MoveScenario.BIRTH.run(kind);
        assertStructure(run, four, SETTLED);
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
        double[][] four = MoveScenario.NEAR_BIRTH.after(dimension(kind));
        Run run = MoveScenario.NEAR_BIRTH.run(kind);
        assertStructure(run, four, 0.5);
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
    void aClusterThatJumpsIsReplacedAtOnce(String kind) {
        int d = dimension(kind);
        double[][] jumped = MoveScenario.JUMP.after(d);
        Run run = MoveScenario.JUMP.run(kind);
        assertStructure(run, jumped, SETTLED);
        // The alarm, the birth of the cluster where it went, and the delete of the one where it
        // was once the observations since the alarm show it gone: not a memo span (8,000) later.
        assertEquals(List.of("page-hinkley", "birth", "delete"), run.kindsAfter(CHANGE), kind);
        long within = run.settledAfter(CHANGE, jumped, 0.5);
        assertTrue(within <= 2_000, kind + ": right structure after " + within);
        PosteriorSnapshot before = run.at(CHANGE);
        long moved = before.ids()[MoveScenario.nearest(before, MoveScenario.three(d)[1])];
        assertEquals(4L, run.last().ids()[MoveScenario.nearest(run.last(), jumped[1])],
                kind + ": the cluster where it went is the newborn");
        assertTrue(!run.idsAtEnd().contains(moved) && run.idsAtEnd().size() == 3,
                kind + ": the one where it was, " + moved + ", is gone: " + run.idsAtEnd());
    }

    @ParameterizedTest
    @ValueSource(strings = {"known-variance", "spherical", "full"})
    void aClusterThatStopsIsRemoved(String kind) {
        Run run = MoveScenario.DEATH.run(kind);
        assertStructure(run, MoveScenario.DEATH.after(dimension(kind)), SETTLED);
        List<String> kinds = run.kindsAfter(CHANGE);
        assertEquals(List.of("delete"), kinds, kind + ": one delete, no alarm (nothing is surprising)");
        // The memo spans 8,000 observations: the cluster is gone from it 8,000 after it stopped.
        long at = run.eventsAfter(CHANGE).get(0).observations();
        assertTrue(at <= CHANGE + 10_000, kind + ": removed at " + at);
        assertEquals(2, run.idsAtEnd().size());
    }

    @Test
    void aClusterThatStopsAfterALongQuietTimeDoesNotWaitForTheNextQuietRound() {
        // By 400,000 quiet rounds come 320,000 observations apart (the next at 640,000); the
        // cluster's absence from the batches brings one once the memo has lost it.
        MoveScenario late = MoveScenario.LATE_DEATH;
        Run run = late.run("known-variance");
        assertStructure(run, late.after(1), SETTLED);
        assertEquals(List.of("delete"), run.kindsAfter(late.change()));
        long at = run.eventsAfter(late.change()).get(0).observations();
        assertTrue(at <= late.change() + 10_000, "removed at " + at);
    }

    @Test
    void theShareOfThePosteriorSinceTheLastChangeFollowsTheRulesMemory() {
        Run run = MoveScenario.BIRTH.run("known-variance");
        long birth = run.eventsAfter(CHANGE).get(run.eventsAfter(CHANGE).size() - 1).observations();
        assertEquals(1.0, run.at(CHANGE).checkpoint().sinceChange(), 0.0, "nothing has changed before the change");
        assertEquals(0.0, run.at(birth).checkpoint().sinceChange(), 0.0, "the birth's batch");
        // A constant step of 0.05 keeps 0.95 of λ a batch and adds 0.05 × 5,000 observations'
        // worth, so after t batches λ counts M_t = 5,000 (1 − 0.95^t), and m batches after the
        // birth's batch b the share from before it is 0.95^m M_b / M_{b+m}. (A birth keeps the
        // total count.)
        long b = birth / BATCH;
        for (int m : new int[] {1, 20, 50}) {
            double since = run.at(birth + (long) m * BATCH).checkpoint().sinceChange();
            double before = Math.pow(0.95, m) * (1 - Math.pow(0.95, b)) / (1 - Math.pow(0.95, b + m));
            assertEquals(1 - before, since, 1e-9, m + " batches after the birth");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"known-variance", "spherical", "full"})
    void twoComponentsStartedOnOneClusterMerge(String kind) {
        Run run = MoveScenario.DUPLICATE.run(kind);
        assertStructure(run, MoveScenario.DUPLICATE.after(dimension(kind)), SETTLED);
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
        double[][] seven = MoveScenario.SEVEN.after(dimension(kind));
        Run run = MoveScenario.SEVEN.run(kind);
        assertStructure(run, seven, SETTLED);
        long within = run.settledAfter(0, seven, SETTLED);
        assertTrue(within <= 15_000, kind + ": seven clusters after " + within);
        assertTrue(run.eventsAfter(0).stream().anyMatch(e -> e.kind().equals("birth")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"known-variance", "spherical", "full"})
    void aStationaryStreamMakesNoMoveAndRaisesNoAlarm(String kind) {
        Run run = MoveScenario.STATIONARY.run(kind);
        assertEquals(List.of(), run.eventsAfter(0), kind);
        assertEquals(List.of(1L, 2L, 3L), run.idsAtEnd());
        assertStructure(run, MoveScenario.STATIONARY.after(dimension(kind)), SETTLED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"known-variance", "full"})
    void theSameStreamMakesTheSameMovesWhateverTheWorkersAndAcrossAResume(String kind) {
        // A virtual clock that never moves: every snapshot's time is 0, so whole snapshots compare.
        int d = dimension(kind);
        List<double[]> data = MoveScenario.stream(5, 45_000, d, i -> MoveScenario.BIRTH.centres(d, i));
        ConjugateMixture model = MoveScenario.model(kind, 3, data, d);
        List<PosteriorSnapshot> one = MoveScenario.snapshots(model, data, MoveScenario.options(null, 1));
        List<PosteriorSnapshot> three = MoveScenario.snapshots(model, data, MoveScenario.options(null, 3));
        assertEquals(one, three, "the same snapshots on 1 and 3 workers");
        // Resume from the snapshot just after the birth: the rest is the same, bit for bit.
        PosteriorSnapshot cut = one.stream().filter(s -> s.observations() == CHANGE + 1000).findFirst().orElseThrow();
        PosteriorSnapshot read = SnapshotJson.read(SnapshotJson.write(cut));
        assertEquals(cut, read, "a checkpoint with moves round-trips");
        List<PosteriorSnapshot> rest = Flux.fromIterable(data.subList((int) cut.observations(), data.size()))
                .transform(VariationalStream.resumeFrom(model, MoveScenario.options(null, 1), read)).collectList().block();
        assertEquals(one.subList(one.indexOf(cut) + 1, one.size()), rest);
        assertArrayEquals(new long[] {1, 2, 3, 4}, rest.get(rest.size() - 1).ids());
    }

    @ParameterizedTest
    @ValueSource(strings = {"known-variance", "full"})
    void aStreamResumedFromJsonBeforeABirthMakesItBitForBitAsOneThatNeverStopped(String kind) {
        // Streaming VB weighs every memo row alike (4 observations each), so the memo read back
        // from JSON is one run of equal weight where the running stream holds a chunk a batch. A
        // birth next to a living cluster comes after some thousands of its observations, so what
        // it takes back is summed over many chunks.
        int d = dimension(kind);
        List<double[]> data = MoveScenario.stream(5, 60_000, d, i -> MoveScenario.NEAR_BIRTH.centres(d, i));
        ConjugateMixture model = MoveScenario.model(kind, 3, data, d);
        StreamOptions svb = StreamOptions.builder().batchSize(BATCH).updateRule(new UpdateRule.StreamingVb())
                .moves(StreamMoves.defaults(20)).timer(VirtualTimeScheduler.create()).build();
        List<PosteriorSnapshot> whole = MoveScenario.snapshots(model, data, svb);
        PosteriorSnapshot cut = whole.stream().filter(s -> s.observations() == CHANGE - 1000).findFirst().orElseThrow();
        PosteriorSnapshot read = SnapshotJson.read(SnapshotJson.write(cut));
        List<PosteriorSnapshot> rest = Flux.fromIterable(data.subList((int) cut.observations(), data.size()))
                .transform(VariationalStream.resumeFrom(model, svb, read)).collectList().block();
        assertTrue(rest.stream().anyMatch(s -> s.driftEvents().stream().anyMatch(e -> e.kind().equals("birth"))),
                kind + ": a birth after the resume");
        assertEquals(whole.subList(whole.indexOf(cut) + 1, whole.size()), rest);
    }

    private static int dimension(String kind) {
        return MoveScenario.dimension(kind);
    }

    /** Every true centre has a component within {@code tolerance}, and there are as many components. */
    private static void assertStructure(Run run, double[][] centres, double tolerance) {
        PosteriorSnapshot last = run.last();
        assertEquals(centres.length, last.clusters(), run.kind() + ": clusters at the end, ids " + run.idsAtEnd()
                + ", events " + run.eventsAfter(0));
        assertTrue(MoveScenario.matches(last, centres, tolerance), run.kind() + ": means " + Arrays.toString(last.means())
                + ", events " + run.eventsAfter(0));
    }
}
