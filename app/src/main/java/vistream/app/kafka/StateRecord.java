package vistream.app.kafka;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import vistream.streaming.PosteriorSnapshot;

/**
 * One record of the compacted state topic: a checkpoint of the fold, from which a new or
 * restarted instance starts instead of folding the whole deltas log.
 *
 * @param settings the group's settings fingerprint ({@link GroupSettings})
 * @param snapshot the snapshot emitted at that point, with the checkpoint of the posterior
 * @param deltas   the deltas folded up to it (the count a resumed fold continues from)
 * @param position the next offset of the deltas log to fold after it
 * @param offsets  per partition of the observations topic, the next offset the fold expects: every
 *                 record before it is in the posterior
 */
record StateRecord(String settings, PosteriorSnapshot snapshot, long deltas, long position, Map<Integer, Long> offsets) {

    StateRecord {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(snapshot, "snapshot");
        offsets = new TreeMap<>(Objects.requireNonNull(offsets, "offsets"));
        if (deltas < 0 || position < 0) {
            throw new IllegalArgumentException("a state record's counts are not negative, got " + deltas + " and " + position);
        }
    }

    @Override
    public Map<Integer, Long> offsets() {
        return new TreeMap<>(offsets);
    }
}
