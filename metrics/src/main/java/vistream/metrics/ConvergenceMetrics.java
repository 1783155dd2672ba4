package vistream.metrics;

import java.util.List;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * ELBO convergence and fit: {@code vistream.elbo}, {@code vistream.elbo.change},
 * {@code vistream.converged}, {@code vistream.posterior.since.change}, {@code vistream.step.size},
 * {@code vistream.predictive.log.density} and its smoothed form. They appear with the first snapshot: before it there is nothing to report,
 * and a meter never reads NaN.
 */
public final class ConvergenceMetrics implements MeterBinder {

    private final StreamMonitor monitor;
    private final Tags tags;

    /**
     * Creates the binder.
     *
     * @param monitor where the values come from; keep it referenced (gauges hold it weakly)
     * @param tags    extra tags on every meter
     */
    public ConvergenceMetrics(StreamMonitor monitor, Iterable<Tag> tags) {
        this.monitor = Objects.requireNonNull(monitor, "monitor");
        this.tags = Tags.of(tags);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        afterFirstSnapshot(registry, monitor, "vistream.elbo", "ELBO estimate per observation after the latest batch",
                "nats", tags, m -> m.latest().elbo());
        afterFirstSnapshot(registry, monitor, "vistream.elbo.change", "Smoothed relative change of the ELBO between "
                + "snapshots, restarted at each change alarm or move (1 until two snapshots are known)", null, tags,
                m -> Double.isNaN(m.smoothedElboChange()) ? 1.0 : m.smoothedElboChange());
        afterFirstSnapshot(registry, monitor, "vistream.converged", "1 once the snapshots since the last change alarm or "
                + "move are enough, the smoothed relative ELBO change is below the tolerance and most of what the "
                + "posterior holds came since, else 0", null, tags, StreamMonitor::converged);
        afterFirstSnapshot(registry, monitor, "vistream.posterior.since.change", "Share of the observations the "
                + "posterior holds that came after the last change alarm or move (1 before any)", null, tags,
                m -> m.latest().checkpoint().sinceChange());
        afterFirstSnapshot(registry, monitor, "vistream.step.size", "Step size rho of the latest update (1 for streaming VB)",
                null, tags, m -> m.latest().stepSize());
        afterFirstSnapshot(registry, monitor, "vistream.predictive.log.density",
                "Mean prequential log predictive density of the latest batches", "nats", tags,
                m -> m.latest().predictiveLogDensity());
        afterFirstSnapshot(registry, monitor, "vistream.predictive.log.density.smoothed",
                "Exponentially smoothed prequential log predictive density", "nats", tags, StreamMonitor::smoothedPredictive);
    }

    /** A gauge that is registered with the first snapshot (a {@link MultiGauge} of one row from then on). */
    static void afterFirstSnapshot(MeterRegistry registry, StreamMonitor monitor, String name, String description,
            String unit, Tags tags, ToDoubleFunction<StreamMonitor> value) {
        MultiGauge.Builder b = MultiGauge.builder(name).description(description).tags(tags);
        MultiGauge gauge = (unit == null ? b : b.baseUnit(unit)).register(registry);
        monitor.onSlotsChanged(() -> {
            if (monitor.latest() != null) {
                gauge.register(List.of(MultiGauge.Row.of(Tags.empty(), monitor, value)), false);
            }
        });
    }
}
