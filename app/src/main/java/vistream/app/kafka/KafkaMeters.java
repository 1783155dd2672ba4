package vistream.app.kafka;

import java.util.Objects;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import vistream.metrics.MeterScope;

/**
 * The meters of one instance of a Kafka group, each tagged with its {@link MeterScope}:
 * <ul>
 *   <li>{@code vistream.kafka.partitions}, {@code vistream.kafka.backlog} and
 *       {@code vistream.kafka.deltas.skipped}: this instance's partitions, records not yet
 *       measured, and deltas the fold skipped ({@code scope=instance});</li>
 *   <li>{@code vistream.kafka.outage}: 1 while the brokers do not answer this instance's calls,
 *       else 0, and {@code vistream.kafka.retries}: its calls that failed and were tried again
 *       ({@code scope=instance});</li>
 *   <li>{@code vistream.kafka.deltas.position}: the fold's position in the deltas log, the same
 *       on every instance ({@code scope=group}).</li>
 * </ul>
 * The observations an instance contributed are {@code vistream.observations.accepted{scope=instance}},
 * bound with the other stream meters by {@link vistream.metrics.VistreamMetrics#scoped}.
 */
public final class KafkaMeters implements MeterBinder {

    private final KafkaInstance kafka;
    private final Tags instance;
    private final Tags group;

    /**
     * Creates the binder.
     *
     * @param kafka where the values come from; keep it referenced (meters hold it weakly)
     * @param tags  extra tags on every meter
     */
    public KafkaMeters(KafkaInstance kafka, Iterable<Tag> tags) {
        this.kafka = Objects.requireNonNull(kafka, "kafka");
        this.instance = Tags.of(tags).and(MeterScope.INSTANCE.tag());
        this.group = Tags.of(tags).and(MeterScope.GROUP.tag());
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("vistream.kafka.partitions", kafka, k -> k.partitions().size())
                .description("Partitions of the topic this instance reads").tags(instance).register(registry);
        Gauge.builder("vistream.kafka.backlog", kafka, KafkaInstance::backlog)
                .description("Records of this instance's partitions not yet measured: on the broker or buffered")
                .tags(instance).register(registry);
        FunctionCounter.builder("vistream.kafka.deltas.skipped", kafka, KafkaInstance::skipped)
                .description("This instance's deltas the fold skipped, their records read again").tags(instance)
                .register(registry);
        Gauge.builder("vistream.kafka.outage", kafka, k -> k.outage().isPresent() ? 1 : 0)
                .description("1 while the brokers do not answer this instance's calls, else 0").tags(instance)
                .register(registry);
        FunctionCounter.builder("vistream.kafka.retries", kafka, KafkaInstance::retries)
                .description("Calls of this instance to the brokers that failed and were tried again")
                .tags(instance).register(registry);
        Gauge.builder("vistream.kafka.deltas.position", kafka, KafkaInstance::position)
                .description("The next offset of the deltas log the fold reads").tags(group).register(registry);
    }
}
