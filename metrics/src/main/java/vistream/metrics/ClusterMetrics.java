package vistream.metrics;

import java.util.Objects;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * The clusters: {@code vistream.cluster.weight} per cluster, {@code vistream.cluster.mean},
 * {@code vistream.cluster.variance} (of the mean's posterior) and {@code vistream.cluster.covariance}
 * (the diagonal of the cluster's covariance) per cluster and dimension (only for D up to
 * {@link MonitorOptions#maxMeanDimensions()}), and {@code vistream.clusters.effective}. Tags are
 * bounded: {@code cluster} takes K values and {@code dimension} D.
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
        int d = monitor.dimension();
        boolean perDimension = d <= monitor.options().maxMeanDimensions();
        for (int k = 0; k < monitor.clusters(); k++) {
            int cluster = k;
            Tags clusterTags = tags.and("cluster", Integer.toString(k));
            Gauge.builder("vistream.cluster.weight", monitor, ConvergenceMetrics.latest(s -> s.weights()[cluster]))
                    .description("Expected weight of the cluster").tags(clusterTags).register(registry);
            if (!perDimension) {
                continue;
            }
            for (int i = 0; i < d; i++) {
                int at = cluster * d + i;
                Tags cell = clusterTags.and("dimension", Integer.toString(i));
                Gauge.builder("vistream.cluster.mean", monitor, ConvergenceMetrics.latest(s -> s.means()[at]))
                        .description("Posterior mean of the cluster's location").tags(cell).register(registry);
                Gauge.builder("vistream.cluster.variance", monitor, ConvergenceMetrics.latest(s -> s.variances()[at]))
                        .description("Posterior variance of the cluster's location").tags(cell).register(registry);
                int diagonal = cluster * d * d + i * d + i;
                Gauge.builder("vistream.cluster.covariance", monitor,
                        ConvergenceMetrics.latest(s -> s.covariances()[diagonal]))
                        .description("Variance of the cluster itself along the dimension (its covariance's diagonal)")
                        .tags(cell).register(registry);
            }
        }
        Gauge.builder("vistream.clusters.effective", monitor, StreamMonitor::effectiveClusters)
                .description("Effective number of clusters, exp of the entropy of the weights").tags(tags)
                .register(registry);
    }
}
