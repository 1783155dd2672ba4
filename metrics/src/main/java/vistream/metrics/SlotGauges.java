package vistream.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleBiFunction;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import vistream.streaming.PosteriorSnapshot;

/**
 * A family of per-cluster gauges, one series per slot in use (and per dimension when asked):
 * a {@link MultiGauge} whose rows follow the slots, re-registered when a cluster is born or dies,
 * so that a free slot has no series rather than a made-up value.
 */
final class SlotGauges {

    private SlotGauges() {
    }

    /**
     * Binds one gauge per slot in use.
     *
     * @param value reads the cluster's value from a snapshot and its position there
     */
    static void perSlot(MeterRegistry registry, StreamMonitor monitor, String name, String description, String unit,
            Tags tags, ToDoubleBiFunction<PosteriorSnapshot, Integer> value) {
        MultiGauge gauge = builder(name, description, unit, tags).register(registry);
        monitor.onSlotsChanged(() -> {
            List<MultiGauge.Row<?>> rows = new ArrayList<>();
            for (int slot : monitor.usedSlots()) {
                int s = slot;
                rows.add(MultiGauge.Row.of(Tags.of("slot", Integer.toString(s)), monitor, m -> m.slotValue(s, value)));
            }
            gauge.register(rows, false);
        });
    }

    /**
     * Binds one gauge per slot in use and dimension.
     *
     * @param value reads the value of a dimension from a snapshot, the cluster's position there and
     *              the dimension
     */
    static void perSlotAndDimension(MeterRegistry registry, StreamMonitor monitor, String name, String description,
            Tags tags, PerDimension value) {
        MultiGauge gauge = builder(name, description, null, tags).register(registry);
        int d = monitor.dimension();
        monitor.onSlotsChanged(() -> {
            List<MultiGauge.Row<?>> rows = new ArrayList<>();
            for (int slot : monitor.usedSlots()) {
                int s = slot;
                for (int i = 0; i < d; i++) {
                    int dim = i;
                    rows.add(MultiGauge.Row.of(Tags.of("slot", Integer.toString(s), "dimension", Integer.toString(dim)),
                            monitor, m -> m.slotValue(s, (snapshot, c) -> value.applyAsDouble(snapshot, c, dim))));
                }
            }
            gauge.register(rows, false);
        });
    }

    /** A per-dimension value of a cluster. */
    @FunctionalInterface
    interface PerDimension {
        double applyAsDouble(PosteriorSnapshot snapshot, int cluster, int dimension);
    }

    private static MultiGauge.Builder builder(String name, String description, String unit, Tags tags) {
        MultiGauge.Builder b = MultiGauge.builder(name).description(description).tags(tags);
        return unit == null ? b : b.baseUnit(unit);
    }
}
