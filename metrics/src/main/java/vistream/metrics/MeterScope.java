package vistream.metrics;

import java.util.Locale;

import io.micrometer.core.instrument.Tag;

/**
 * Whose a meter's value is when several instances share one posterior (a Kafka group): the value
 * of the {@value #TAG} tag that {@link VistreamMetrics#scoped} puts on every meter, so that sums
 * and ratios across instances are taken only where they mean something.
 */
public enum MeterScope {

    /** The shared posterior's: the same on every instance of the group; take one, never the sum. */
    GROUP,

    /** This instance's own records and batches: its counters summed over the instances give the group's. */
    INSTANCE;

    /** The tag's key. */
    public static final String TAG = "scope";

    /** @return the tag {@code scope=group} or {@code scope=instance} */
    public Tag tag() {
        return Tag.of(TAG, name().toLowerCase(Locale.ROOT));
    }
}
