package vistream.metrics;

import java.util.Objects;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Drift: per slot in use, {@code vistream.drift.displacement} and {@code vistream.drift.divergence}
 * between successive snapshots; the counter {@code vistream.drift.events} by {@code kind}
 * (page-hinkley, birth, merge, delete) and the counter {@code vistream.drift.episodes} of
 * episodes of change (alarms close together count once).
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
        SlotGauges.perSlot(registry, monitor, "vistream.drift.displacement",
                "Distance the cluster's mean moved since the previous snapshot", null, tags,
                (s, c) -> s.drift().get(c).displacement());
        SlotGauges.perSlot(registry, monitor, "vistream.drift.divergence",
                "KL divergence of the cluster's posterior from the previous snapshot's", "nats", tags,
                (s, c) -> s.drift().get(c).divergence());
        for (String kind : StreamMonitor.EVENT_KINDS) {
            FunctionCounter.builder("vistream.drift.events", monitor, m -> m.driftEvents(kind))
                    .description("Change alarms and moves, by kind").tags(tags.and("kind", kind)).register(registry);
        }
        FunctionCounter.builder("vistream.drift.episodes", monitor, StreamMonitor::episodes)
                .description("Episodes of change: alarms within the episode gap of each other count once")
                .tags(tags).register(registry);
    }
}
