package vistream.streaming;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import vistream.core.drift.PageHinkley;
import vistream.core.moves.ComponentIds;

/**
 * The prequential part of a stream's state: the change detector's running state, the sum of log
 * predictive densities since the last snapshot, the events not yet reported, and the episodes of
 * change. Immutable.
 *
 * @param detector        the Page–Hinkley test's state
 * @param predictiveSum   Σ log p(x_i | past) since the last snapshot
 * @param predictiveCount how many observations that sums
 * @param pending         events since the last snapshot
 * @param episodes        episodes of change so far
 * @param lastAlarm       the observation count at the latest alarm, or −1 before any
 */
record Prequential(PageHinkley.State detector, double predictiveSum, long predictiveCount, List<DriftEvent> pending,
        long episodes, long lastAlarm) {

    /** Before any observation. */
    static final Prequential EMPTY = new Prequential(PageHinkley.State.EMPTY, 0.0, 0, List.of(), 0, -1);

    Prequential {
        Objects.requireNonNull(detector, "detector");
        pending = List.copyOf(pending);
    }

    /**
     * After a measured batch: its prequential sum counted, the detector carried on, and its alarms
     * as events naming the blamed components' ids (the batch was measured under {@code ids}).
     *
     * @param batch  the measured batch
     * @param before observations absorbed before it
     * @param ids    the components it was measured under
     * @param drift  the episode gap
     */
    Prequential scored(StreamState.Measured batch, long before, ComponentIds ids, DriftOptions drift) {
        long n = batch.statistics().observations();
        if (batch.alarms().isEmpty()) {
            return new Prequential(batch.detector(), predictiveSum + batch.predictiveSum(), predictiveCount + n, pending,
                    episodes, lastAlarm);
        }
        List<DriftEvent> events = new ArrayList<>(pending);
        long episode = episodes;
        long last = lastAlarm;
        for (BatchDelta.Alarm a : batch.alarms()) {
            long at = before + a.at();
            if (last < 0 || at - last > drift.episodeGap()) {
                episode++;
            }
            last = at;
            events.add(new DriftEvent(at, batch.time(), DriftEvent.PAGE_HINKLEY, List.of(ids.id(a.cluster())), a.size(),
                    a.statistic(), 0.0, episode));
        }
        return new Prequential(batch.detector(), predictiveSum + batch.predictiveSum(), predictiveCount + n, events,
                episode, last);
    }

    /** With a move's event, which belongs to the current episode if it came within the gap of its last alarm. */
    Prequential withMove(DriftEvent move) {
        List<DriftEvent> events = new ArrayList<>(pending);
        events.add(move);
        return new Prequential(detector, predictiveSum, predictiveCount, events, episodes, lastAlarm);
    }

    /** The episode a move at {@code position} belongs to: the current one within the gap of its last alarm, else 0. */
    long episodeAt(long position, DriftOptions drift) {
        return lastAlarm >= 0 && position - lastAlarm <= drift.episodeGap() ? episodes : 0;
    }

    /** The mean log predictive density since the last snapshot, or {@code fallback} if nothing came. */
    double predictiveMean(double fallback) {
        return predictiveCount == 0 ? fallback : predictiveSum / predictiveCount;
    }

    /** After a snapshot reported the sums and the events. */
    Prequential emitted() {
        return new Prequential(detector, 0.0, 0, List.of(), episodes, lastAlarm);
    }
}
