package vistream.metrics;

import java.util.Objects;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import vistream.streaming.InvalidObservation;
import vistream.streaming.PosteriorSnapshot;

/**
 * Throughput and health: {@code vistream.observations.accepted}, {@code vistream.observations.rejected}
 * by {@code reason} (a fixed set), {@code vistream.batches}, the timer {@code vistream.update} with
 * its 50th, 95th and 99th percentiles, and {@code vistream.update.age}, the time since the last update.
 *
 * <p>{@code accepted} is read from the posterior, the others from this instance's own batches. When
 * instances share a posterior these differ, so {@link VistreamMetrics#scoped} tags each with its
 * {@link MeterScope} and adds {@code accepted} of this instance's batches under {@code scope=instance}.
 */
public final class ThroughputMetrics implements MeterBinder {

    private final StreamMonitor monitor;
    private final Tags group;
    private final Tags instance;
    private final boolean scoped;

    /**
     * Creates the binder.
     *
     * @param monitor where the values come from; keep it referenced (meters hold it weakly)
     * @param tags    extra tags on every meter
     */
    public ThroughputMetrics(StreamMonitor monitor, Iterable<Tag> tags) {
        this(monitor, tags, false);
    }

    /** With {@code scoped}, every meter also carries its {@link MeterScope}. */
    ThroughputMetrics(StreamMonitor monitor, Iterable<Tag> tags, boolean scoped) {
        this.monitor = Objects.requireNonNull(monitor, "monitor");
        this.scoped = scoped;
        this.group = scoped ? Tags.of(tags).and(MeterScope.GROUP.tag()) : Tags.of(tags);
        this.instance = scoped ? Tags.of(tags).and(MeterScope.INSTANCE.tag()) : Tags.of(tags);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        FunctionCounter.builder("vistream.observations.accepted", monitor, m -> {
            PosteriorSnapshot s = m.latest();
            return s == null ? 0 : s.observations();
        }).description("Valid observations absorbed into the posterior").tags(group)
                .register(registry);
        if (scoped) {
            FunctionCounter.builder("vistream.observations.accepted", monitor, StreamMonitor::batchObservations)
                    .description("Valid observations of this instance's batches absorbed into the posterior")
                    .tags(instance).register(registry);
        }
        for (InvalidObservation.Reason reason : InvalidObservation.Reason.values()) {
            FunctionCounter.builder("vistream.observations.rejected", monitor, m -> m.rejected(reason))
                    .description("Observations refused, by reason")
                    .tags(instance.and("reason", reason.tag())).register(registry);
        }
        FunctionCounter.builder("vistream.batches", monitor, StreamMonitor::batches)
                .description("Minibatches absorbed").tags(instance).register(registry);
        Timer update = Timer.builder("vistream.update")
                .description("Time to absorb one minibatch: scoring, local step and global step")
                .publishPercentiles(0.5, 0.95, 0.99).tags(instance).register(registry);
        monitor.addUpdateTimer(update);
        TimeGauge.builder("vistream.update.age", monitor, TimeUnit.SECONDS, StreamMonitor::secondsSinceUpdate)
                .description("Time since the last minibatch update").tags(instance).register(registry);
    }
}
