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
        this(monitor, tags, false);
    }

    private VistreamMetrics(StreamMonitor monitor, Iterable<Tag> tags, boolean scoped) {
        Objects.requireNonNull(monitor, "monitor");
        Tags all = Tags.of(tags);
        Tags posterior = scoped ? all.and(MeterScope.GROUP.tag()) : all;
        this.binders = List.of(new ConvergenceMetrics(monitor, posterior), new ClusterMetrics(monitor, posterior),
                new DriftMetrics(monitor, posterior), new ThroughputMetrics(monitor, all, scoped));
    }

    /**
     * Every meter, for one of several instances that share a posterior (a Kafka group): each also
     * tagged with its {@link MeterScope}. The posterior's meters (ELBO, clusters, drift, convergence,
     * {@code vistream.observations.accepted}) are {@code scope=group}, the same on every instance;
     * those of this instance's own batches ({@code vistream.observations.rejected},
     * {@code vistream.batches}, {@code vistream.update}, {@code vistream.update.age}, and
     * {@code vistream.observations.accepted} of its batches) are {@code scope=instance}: their
     * counters summed over the instances give the group's.
     *
     * @param monitor where the values come from; keep it referenced (meters hold it weakly)
     * @param tags    extra tags on every meter
     * @return the binder
     */
    public static VistreamMetrics scoped(StreamMonitor monitor, Iterable<Tag> tags) {
        return new VistreamMetrics(monitor, tags, true);
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
