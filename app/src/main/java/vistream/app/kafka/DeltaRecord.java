package vistream.app.kafka;

import java.util.List;
import java.util.Objects;

import vistream.streaming.BatchDelta;

/**
 * One record of the deltas topic: a batch's delta, who measured it, and which records of the
 * observations topic it covers, per partition the offsets [from, to).
 *
 * @param instance the instance that measured it
 * @param settings the fingerprint of its model and options ({@link GroupSettings})
 * @param seq      its number among that instance's deltas
 * @param ranges   the records it covers; {@code from} is where the instance believed the fold stood
 * @param delta    the batch's contribution
 */
record DeltaRecord(String instance, String settings, long seq, List<Range> ranges, BatchDelta delta) {

    DeltaRecord {
        Objects.requireNonNull(instance, "instance");
        Objects.requireNonNull(settings, "settings");
        ranges = List.copyOf(Objects.requireNonNull(ranges, "ranges"));
        Objects.requireNonNull(delta, "delta");
        for (Range r : ranges) {
            if (r.from() < 0 || r.to() <= r.from() || r.partition() < 0) {
                throw new IllegalArgumentException("a delta covers offsets [from, to) with 0 ≤ from < to, got " + r);
            }
        }
    }

    /**
     * The offsets [from, to) of one partition that a batch covers.
     *
     * @param partition the partition of the observations topic
     * @param from      the first offset
     * @param to        one past the last record's offset
     */
    record Range(int partition, long from, long to) {
    }
}
