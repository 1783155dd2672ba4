package vistream.metrics;

import java.util.Objects;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import vistream.streaming.PosteriorSnapshot;

/**
 * ELBO convergence and fit: {@code vistream.elbo}, {@code vistream.elbo.change},
 * {@code vistream.converged}, {@code vistream.step.size}, {@code vistream.predictive.log.density}
 * and its smoothed form. Values are NaN until the first snapshot.
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
        Gauge.builder("vistream.elbo", monitor, latest(PosteriorSnapshot::elbo))
                .description("ELBO estimate per observation after the latest batch").baseUnit("nats").tags(tags)
                .register(registry);
        Gauge.builder("vistream.elbo.change", monitor, StreamMonitor::smoothedElboChange)
                .description("Smoothed relative change of the ELBO between snapshots").tags(tags).register(registry);
        Gauge.builder("vistream.converged", monitor, StreamMonitor::converged)
                .description("1 while the smoothed relative ELBO change is below the converged tolerance, else 0")
                .tags(tags).register(registry);
        Gauge.builder("vistream.step.size", monitor, latest(PosteriorSnapshot::stepSize))
                .description("Step size rho of the latest update (1 for streaming VB)").tags(tags).register(registry);
        Gauge.builder("vistream.predictive.log.density", monitor, latest(PosteriorSnapshot::predictiveLogDensity))
                .description("Mean prequential log predictive density of the latest batches").baseUnit("nats")
                .tags(tags).register(registry);
        Gauge.builder("vistream.predictive.log.density.smoothed", monitor, StreamMonitor::smoothedPredictive)
                .description("Exponentially smoothed prequential log predictive density").baseUnit("nats")
                .tags(tags).register(registry);
    }

    static ToDoubleFunction<StreamMonitor> latest(ToDoubleFunction<PosteriorSnapshot> value) {
        return m -> {
            PosteriorSnapshot s = m.latest();
            return s == null ? Double.NaN : value.applyAsDouble(s);
        };
    }
}
