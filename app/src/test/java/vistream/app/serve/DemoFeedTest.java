package vistream.app.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import vistream.core.moves.MoveKind;
import vistream.streaming.DriftEvent;
import vistream.streaming.PosteriorSnapshot;
import vistream.streaming.VariationalStream;

/**
 * What a newcomer sees in the default {@code serve} demo, checked on the pipeline the service
 * runs (its model and options, batches of 500) over the synthetic feed's first 200,000
 * observations: cluster B jumps from 0 to 3 at 60,000 and cluster D appears at −13 at 120,000.
 */
class DemoFeedTest {

    private static final int OBSERVATIONS = 200_000;
    /** The feed's noise is unit variance: a component more than 1.5 sd from every centre describes no data. */
    private static final double NO_DATA = 1.5;
    private static List<PosteriorSnapshot> snapshots;

    @BeforeAll
    static void runTheDemo() {
        ServiceConfig config = ServiceConfig.DEFAULTS;
        snapshots = Flux.range(0, OBSERVATIONS)
                .map(i -> new double[] {SyntheticFeed.observation(config.seed(), i)})
                .transform(VariationalStream.of(config.knownVarianceModel(), config.streamOptions(1).workers(1).build()))
                .collectList().block();
    }

    @Test
    void theFourthClusterIsFoundWithinTenThousandObservationsWithAtMostThreeEvents() {
        PosteriorSnapshot found = null;
        for (PosteriorSnapshot s : snapshots) {
            if (s.observations() > SyntheticFeed.APPEAR_AT && nearest(s, -13.0) < 0.5 && s.clusters() == 4) {
                found = s;
                break;
            }
        }
        assertTrue(found != null && found.observations() <= SyntheticFeed.APPEAR_AT + 10_000,
                "four clusters, one at −13, within 10,000 observations: " + found);
        List<DriftEvent> change = events(SyntheticFeed.APPEAR_AT, SyntheticFeed.APPEAR_AT + 20_000);
        assertTrue(change.size() <= 3 && change.stream().anyMatch(e -> e.kind().equals(MoveKind.BIRTH.tag())),
                "a birth and at most 3 events for the change: " + change);
        long id = found.ids()[indexNearest(found, -13.0)];
        PosteriorSnapshot last = snapshots.get(snapshots.size() - 1);
        assertEquals(4, last.clusters(), "four clusters at the end");
        assertEquals(-13.0, last.means()[indexOf(last, id)], 0.1, "the newborn keeps its id and place");
    }

    @Test
    void theJumpIsFollowedWithAtMostThreeEventsAndNoComponentStaysWhereThereAreNoData() {
        List<DriftEvent> jump = events(SyntheticFeed.JUMP_AT, SyntheticFeed.JUMP_AT + 20_000);
        assertTrue(jump.size() <= 3, "at most 3 events for the jump: " + jump);
        for (PosteriorSnapshot s : snapshots) {
            if (s.observations() <= 5_000) {
                continue; // the start: K = 4 on three clusters, until the spare merges
            }
            double[] centres = SyntheticFeed.centres(s.observations() - 1);
            for (int k = 0; k < s.clusters(); k++) {
                double away = Double.MAX_VALUE;
                for (double c : centres) {
                    away = Math.min(away, Math.abs(c - s.means()[k]));
                }
                boolean adapting = within(s, SyntheticFeed.JUMP_AT) || within(s, SyntheticFeed.APPEAR_AT);
                assertTrue(away < NO_DATA || adapting, "cluster " + s.ids()[k] + " at " + s.means()[k]
                        + " describes no data at observation " + s.observations());
            }
        }
    }

    @Test
    void aStationaryFeedGivesNoEvents() {
        List<DriftEvent> quiet = new ArrayList<>(events(5_001, SyntheticFeed.JUMP_AT));
        quiet.addAll(events(SyntheticFeed.JUMP_AT + 20_000, SyntheticFeed.APPEAR_AT));
        quiet.addAll(events(SyntheticFeed.APPEAR_AT + 20_000, OBSERVATIONS + 1));
        assertEquals(List.of(), quiet, "no event while the clusters only creep");
    }

    /** Within the first 1,000 observations after a change: its alarm and the moves it needs. */
    private static boolean within(PosteriorSnapshot s, long change) {
        return s.observations() > change && s.observations() <= change + 1_000;
    }

    private static List<DriftEvent> events(long from, long to) {
        List<DriftEvent> out = new ArrayList<>();
        for (PosteriorSnapshot s : snapshots) {
            for (DriftEvent e : s.driftEvents()) {
                if (e.observations() >= from && e.observations() < to) {
                    out.add(e);
                }
            }
        }
        return out;
    }

    private static double nearest(PosteriorSnapshot s, double x) {
        return Math.abs(s.means()[indexNearest(s, x)] - x);
    }

    private static int indexNearest(PosteriorSnapshot s, double x) {
        int best = 0;
        for (int k = 1; k < s.clusters(); k++) {
            if (Math.abs(s.means()[k] - x) < Math.abs(s.means()[best] - x)) {
                best = k;
            }
        }
        return best;
    }

    private static int indexOf(PosteriorSnapshot s, long id) {
        for (int k = 0; k < s.clusters(); k++) {
            if (s.ids()[k] == id) {
                return k;
            }
        }
        throw new AssertionError("no cluster " + id + " in " + s);
    }
}
