package vistream.app.kafka;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

import vistream.core.mixture.ConjugateMixture;
import vistream.streaming.PosteriorSnapshot;
import vistream.streaming.SharedPosterior;
import vistream.streaming.StreamOptions;

/**
 * What every instance derives from the deltas log, identically: the shared posterior, and for
 * each partition of the observations topic the next offset it expects.
 *
 * <p>A delta is folded only if it continues the fold: for every partition it covers, its
 * {@code from} is the fold's next offset there (or the fold has none yet), and it was measured
 * under a posterior unless the fold has none yet, and under the fold's components (a move folded
 * meanwhile changes them, and statistics of other components cannot be folded), and it was measured
 * with the group's settings (those of the first delta folded, see {@link GroupSettings}). Otherwise
 * it is skipped by every instance alike, and its instance measures those records again. This is what makes a rebalance safe: a delta of an instance that lost a partition and
 * one of the instance that took it over cannot both be folded, so no record is applied twice; the
 * instance whose delta was skipped rereads from the fold's offsets, so none is lost. It is
 * optimistic concurrency on a log, the same rule everywhere because the fold is deterministic.
 *
 * @param settings   the group's settings fingerprint, null before the first delta
 * @param posterior  the shared posterior
 * @param offsets    per partition, the next offset the fold expects
 * @param position   the next offset of the deltas log to fold
 * @param checkpoint the state record of the last fold that emitted a snapshot, or null
 */
record FoldState(String settings, SharedPosterior posterior, Map<Integer, Long> offsets, long position, StateRecord checkpoint) {

    FoldState {
        offsets = Collections.unmodifiableMap(new TreeMap<>(offsets));
    }

    /** The fold before any delta. */
    static FoldState empty(ConjugateMixture model, StreamOptions options) {
        return new FoldState(null, SharedPosterior.start(model, options), Map.of(), 0, null);
    }

    /** The fold a state record describes. */
    static FoldState of(ConjugateMixture model, StreamOptions options, StateRecord record) {
        return new FoldState(record.settings(), SharedPosterior.resume(model, options, record.snapshot(), record.deltas()),
                record.offsets(), record.position(), record);
    }

    /** Whether the delta continues this fold (see the class comment). */
    boolean continues(DeltaRecord record) {
        if (settings != null && !settings.equals(record.settings())) {
            return false;
        }
        if (record.delta().fromPrior() && posterior.hasPosterior()) {
            return false;
        }
        if (!java.util.Arrays.equals(record.delta().components(), posterior.components())) {
            return false;
        }
        for (DeltaRecord.Range r : record.ranges()) {
            Long expected = offsets.get(r.partition());
            if (expected != null && expected != r.from()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Folds the record at {@code logOffset} of the deltas log if it continues this fold, else
     * only moves past it.
     *
     * @throws IllegalArgumentException if a continuing delta does not fit the model
     */
    FoldState fold(DeltaRecord record, long logOffset) {
        if (!continues(record)) {
            return skip(logOffset);
        }
        SharedPosterior next = posterior.fold(record.delta());
        Map<Integer, Long> nextOffsets = new TreeMap<>(offsets);
        for (DeltaRecord.Range r : record.ranges()) {
            nextOffsets.put(r.partition(), r.to());
        }
        PosteriorSnapshot emitted = next.emitted();
        StateRecord nextCheckpoint = emitted == null ? checkpoint
                : new StateRecord(record.settings(), emitted, next.deltas(), logOffset + 1, nextOffsets);
        return new FoldState(record.settings(), next, nextOffsets, logOffset + 1, nextCheckpoint);
    }

    /** Moves past a record that is not folded. */
    FoldState skip(long logOffset) {
        return new FoldState(settings, posterior, offsets, logOffset + 1, checkpoint);
    }
}
