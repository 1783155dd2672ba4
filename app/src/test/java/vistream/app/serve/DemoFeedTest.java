package vistream.app.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import vistream.core.moves.MoveKind;
import vistream.streaming.DriftEvent;
import vistream.streaming.PosteriorSnapshot;

/**
 * What a newcomer sees in the default {@code serve} demo ({@link DemoRun}) over the synthetic
 * feed's first 200,000 observations: cluster B jumps from 0 to 3 at 60,000 and cluster D appears
 * at −13 at 120,000; in between the clusters only creep.
 */
class DemoFeedTest {

    private static final int OBSERVATIONS = 200_000;
    /** Half a standard deviation of the feed's unit noise: the structure is right. */
    private static final double RIGHT = 0.5;
    private static DemoRun demo;

    @BeforeAll
    static void runTheDemo() {
        demo = DemoRun.of(OBSERVATIONS);
    }

    @Test
    void theFourthClusterIsFoundWithinTenThousandObservationsWithAtMostThreeEvents() {
        long found = demo.toStructure(SyntheticFeed.APPEAR_AT, OBSERVATIONS, RIGHT);
        assertTrue(found >= 0 && found <= 10_000, "four clusters, each within 0.5 of its centre, after " + found);
        List<DriftEvent> change = demo.events(SyntheticFeed.APPEAR_AT, SyntheticFeed.APPEAR_AT + 20_000);
        assertTrue(change.size() <= 3 && change.stream().anyMatch(e -> e.kind().equals(MoveKind.BIRTH.tag())),
                "a birth and at most 3 events for the change: " + change);
        PosteriorSnapshot last = demo.snapshots().get(demo.snapshots().size() - 1);
        long born = change.stream().filter(e -> e.kind().equals(MoveKind.BIRTH.tag())).findFirst().orElseThrow().ids().get(0);
        int at = -1;
        for (int k = 0; k < last.clusters(); k++) {
            at = last.ids()[k] == born ? k : at;
        }
        assertTrue(at >= 0, "the newborn " + born + " lives on: " + last);
        assertEquals(-13.0, last.means()[at], 0.1, "the newborn " + born + " is the cluster at −13");
    }

    @Test
    void theJumpIsFollowedWithAtMostThreeEvents() {
        long right = demo.toStructure(SyntheticFeed.JUMP_AT, SyntheticFeed.APPEAR_AT, RIGHT);
        assertTrue(right >= 0 && right <= 2_000, "three clusters, each within 0.5 of its centre, after " + right);
        List<DriftEvent> jump = demo.events(SyntheticFeed.JUMP_AT, SyntheticFeed.JUMP_AT + 20_000);
        assertTrue(jump.size() <= 3, "at most 3 events for the jump: " + jump);
    }

    @Test
    void noComponentStaysWhereThereAreNoData() {
        for (PosteriorSnapshot s : demo.snapshots()) {
            // The start (K = 4 on three clusters, until the spare merges), and the first 1,000
            // observations after each change: its alarm and the moves it needs.
            boolean adapting = s.observations() <= 5_000 || within(s, SyntheticFeed.JUMP_AT)
                    || within(s, SyntheticFeed.APPEAR_AT);
            for (int k = 0; k < s.clusters() && !adapting; k++) {
                assertTrue(DemoRun.away(s, k) < DemoRun.NO_DATA, "cluster " + s.ids()[k] + " at " + s.means()[k]
                        + " describes no data at observation " + s.observations());
            }
        }
    }

    @Test
    void whileTheClustersOnlyCreepThereAreNoEvents() {
        List<DriftEvent> quiet = new ArrayList<>(demo.events(5_001, SyntheticFeed.JUMP_AT));
        quiet.addAll(demo.events(SyntheticFeed.JUMP_AT + 20_000, SyntheticFeed.APPEAR_AT));
        quiet.addAll(demo.events(SyntheticFeed.APPEAR_AT + 20_000, OBSERVATIONS + 1));
        assertEquals(List.of(), quiet);
    }

    private static boolean within(PosteriorSnapshot s, long change) {
        return s.observations() > change && s.observations() <= change + 1_000;
    }
}
