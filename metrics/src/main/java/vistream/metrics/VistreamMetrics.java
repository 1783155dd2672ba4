package vistream.metrics;

import java.util.List;
import java.util.Objects;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Every vistream meter at once: {@link ConvergenceMetrics}, {@link ClusterMetrics},
 * {@link DriftMetrics} and {@link ThroughputMetrics}. All names start with {@code vistream.}, so
 * {@code MeterFilter.denyNameStartsWith("vistream")} removes the family.
 * <pre>{@code
 * StreamMonitor monitor = new StreamMonitor(k, d, MonitorOptions.DEFAULTS);
 * new VistreamMetrics(monitor, Tags.of("stream", "sensors")).bindTo(registry);
 * }</pre>
 */
public final class VistreamMetrics implements MeterBinder {

    private final List<MeterBinder> binders;

    /**
     * Creates the binder.
     *
     * @param monitor where the values come from; keep it referenced (meters hold it weakly)
     * @param tags    extra tags on every meter, e.g. which stream
     */
    public VistreamMetrics(StreamMonitor monitor, Iterable<Tag> tags) {
        Objects.requireNonNull(monitor, "monitor");
        Tags all = Tags.of(tags);
        this.binders = List.of(new ConvergenceMetrics(monitor, all), new ClusterMetrics(monitor, all),
                new DriftMetrics(monitor, all), new ThroughputMetrics(monitor, all));
    }

    /**
     * Creates the binder without extra tags.
     *
     * @param monitor where the values come from
     */
    public VistreamMetrics(StreamMonitor monitor) {
        this(monitor, Tags.empty());
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (MeterBinder binder : binders) {
            binder.bindTo(registry);
        }
    }
}
