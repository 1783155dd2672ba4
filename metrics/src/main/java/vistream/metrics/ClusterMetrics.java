package vistream.metrics;

import java.util.Objects;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * The clusters, one series per slot in use ({@link ClusterSlots}): {@code vistream.cluster.id} (which
 * cluster the slot holds), {@code vistream.cluster.weight}, {@code vistream.cluster.age} (observations
 * since its birth); per slot and dimension (only for D up to
 * {@link MonitorOptions#maxMeanDimensions()}) {@code vistream.cluster.mean},
 * {@code vistream.cluster.variance} (of the mean's posterior) and {@code vistream.cluster.covariance}
 * (the diagonal of the cluster's covariance); and {@code vistream.clusters} and
 * {@code vistream.clusters.effective}. Tags are bounded: {@code slot} takes at most the monitor's
 * slots, {@code dimension} D. Nothing is registered before the first snapshot.
 */
public final class ClusterMetrics implements MeterBinder {

    private final StreamMonitor monitor;
    private final Tags tags;

    /**
     * Creates the binder.
     *
     * @param monitor where the values come from; keep it referenced (gauges hold it weakly)
     * @param tags    extra tags on every meter
     */
    public ClusterMetrics(StreamMonitor monitor, Iterable<Tag> tags) {
        this.monitor = Objects.requireNonNull(monitor, "monitor");
        this.tags = Tags.of(tags);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        SlotGauges.perSlot(registry, monitor, "vistream.cluster.id", "Id of the cluster in the slot (given at its birth, "
                + "never reused)", null, tags, (s, c) -> s.ids()[c]);
        SlotGauges.perSlot(registry, monitor, "vistream.cluster.weight", "Expected weight of the cluster", null, tags,
                (s, c) -> s.weights()[c]);
        SlotGauges.perSlot(registry, monitor, "vistream.cluster.age", "Observations absorbed since the cluster was born",
                "observations", tags, (s, c) -> s.observations() - s.born()[c]);
        if (monitor.dimension() <= monitor.options().maxMeanDimensions()) {
            int d = monitor.dimension();
            SlotGauges.perSlotAndDimension(registry, monitor, "vistream.cluster.mean",
                    "Posterior mean of the cluster's location", tags, (s, c, i) -> s.means()[c * d + i]);
            SlotGauges.perSlotAndDimension(registry, monitor, "vistream.cluster.variance",
                    "Posterior variance of the cluster's location", tags, (s, c, i) -> s.variances()[c * d + i]);
            SlotGauges.perSlotAndDimension(registry, monitor, "vistream.cluster.covariance",
                    "Variance of the cluster itself along the dimension (its covariance's diagonal)", tags,
                    (s, c, i) -> s.covariances()[c * d * d + i * d + i]);
        }
        ConvergenceMetrics.afterFirstSnapshot(registry, monitor, "vistream.clusters", "Number of clusters", null, tags,
                m -> m.latest().clusters());
        ConvergenceMetrics.afterFirstSnapshot(registry, monitor, "vistream.clusters.effective",
                "Effective number of clusters, exp of the entropy of the weights", null, tags,
                StreamMonitor::effectiveClusters);
    }
}
