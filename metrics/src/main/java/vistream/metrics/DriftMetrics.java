package vistream.metrics;

import java.util.Objects;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Drift per cluster: {@code vistream.drift.displacement} and {@code vistream.drift.divergence}
 * between successive snapshots, and the counter {@code vistream.drift.events} of change-detector
 * alarms that named the cluster.
 */
public final class DriftMetrics implements MeterBinder {

    private final StreamMonitor monitor;
    private final Tags tags;

    /**
     * Creates the binder.
     *
     * @param monitor where the values come from; keep it referenced (meters hold it weakly)
     * @param tags    extra tags on every meter
     */
    public DriftMetrics(StreamMonitor monitor, Iterable<Tag> tags) {
        this.monitor = Objects.requireNonNull(monitor, "monitor");
        this.tags = Tags.of(tags);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (int k = 0; k < monitor.clusters(); k++) {
            int cluster = k;
            Tags clusterTags = tags.and("cluster", Integer.toString(k));
            Gauge.builder("vistream.drift.displacement", monitor,
                    ConvergenceMetrics.latest(s -> s.drift().get(cluster).displacement()))
                    .description("Distance the cluster's mean moved since the previous snapshot").tags(clusterTags)
                    .register(registry);
            Gauge.builder("vistream.drift.divergence", monitor,
                    ConvergenceMetrics.latest(s -> s.drift().get(cluster).divergence()))
                    .description("KL divergence of the cluster's posterior from the previous snapshot's")
                    .baseUnit("nats").tags(clusterTags).register(registry);
            FunctionCounter.builder("vistream.drift.events", monitor, m -> m.driftEvents(cluster))
                    .description("Change-detector alarms that named the cluster").tags(clusterTags)
                    .register(registry);
        }
    }
}
