package vistream.app.serve;

import vistream.app.config.ModelSpec;

import java.util.ArrayList;
import java.util.List;

import reactor.core.publisher.Flux;

import vistream.streaming.DriftEvent;
import vistream.streaming.PosteriorSnapshot;
import vistream.streaming.VariationalStream;

/**
 * The default {@code serve} demo on the pipeline the service runs (its model and options, batches
 * of 500), without the pacing: the synthetic feed's first observations, one snapshot per batch.
 * Shared by {@link DemoFeedTest}, which asserts what a newcomer must see, and
 * {@link DemoFeedBenchmark}, which measures it.
 *
 * @param snapshots the snapshots
 */
record DemoRun(List<PosteriorSnapshot> snapshots) {

    /** A component farther than this (1.5 sd of the feed's unit noise) from every centre describes no data. */
    static final double NO_DATA = 1.5;

    /** Streams the feed's first {@code observations}. */
    static DemoRun of(int observations) {
        ServiceConfig config = ServiceConfig.DEFAULTS;
        return new DemoRun(Flux.range(0, observations)
                .map(i -> new double[] {SyntheticFeed.observation(config.seed(), i)})
                .transform(VariationalStream.of(((ModelSpec.KnownVariance) config.modelSpec()).build(), config.streamOptions().workers(1).build()))
                .collectList().block());
    }

    /** The events at observations in [from, to). */
    List<DriftEvent> events(long from, long to) {
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

    /**
     * Observations after {@code change} until every snapshot up to {@code until} has a component
     * within {@code tolerance} of each centre present and as many components as centres, or −1.
     */
    long toStructure(long change, long until, double tolerance) {
        long since = -1;
        for (PosteriorSnapshot s : snapshots) {
            if (s.observations() <= change || s.observations() > until) {
                continue;
            }
            if (!right(s, tolerance)) {
                since = -1;
            } else if (since < 0) {
                since = s.observations();
            }
        }
        return since < 0 ? -1 : since - change;
    }

    /** The distance from component {@code k} of {@code s} to the nearest centre of the feed at that point. */
    static double away(PosteriorSnapshot s, int k) {
        double away = Double.MAX_VALUE;
        for (double c : SyntheticFeed.centres(s.observations() - 1)) {
            away = Math.min(away, Math.abs(c - s.means()[k]));
        }
        return away;
    }

    private static boolean right(PosteriorSnapshot s, double tolerance) {
        double[] centres = SyntheticFeed.centres(s.observations() - 1);
        if (s.clusters() != centres.length) {
            return false;
        }
        for (double c : centres) {
            double best = Double.MAX_VALUE;
            for (double m : s.means()) {
                best = Math.min(best, Math.abs(m - c));
            }
            if (best > tolerance) {
                return false;
            }
        }
        return true;
    }
}
