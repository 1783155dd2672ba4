package vistream.app.kafka;

import java.util.LinkedHashMap;
import java.util.Map;

import vistream.app.config.UserError;

/**
 * Where a service reads and writes on Kafka. Only the broker, the topic and the group are
 * required; the other topics are named after them unless given.
 *
 * @param bootstrap       the brokers, {@code host:port[,host:port…]}
 * @param topic           the topic of observations, one per record, in the formats of the other inputs
 * @param group           the consumer group: the instances that share one posterior
 * @param snapshotTopic   where each snapshot is published as JSON, or null for nowhere
 * @param deadLetterTopic where invalid records go (default {@code TOPIC.dead-letters})
 * @param deltasTopic     the log of batch deltas every instance folds (default {@code GROUP.vistream-deltas});
 *                        it must have one partition, since its order is the fold's
 * @param stateTopic      the compacted topic of fold checkpoints (default {@code GROUP.vistream-state})
 * @param properties      client settings passed to every consumer and producer (security, timeouts)
 */
public record KafkaSettings(String bootstrap, String topic, String group, String snapshotTopic,
        String deadLetterTopic, String deltasTopic, String stateTopic, Map<String, String> properties) {

    /**
     * Copies the properties.
     */
    public KafkaSettings {
        properties = properties == null ? null : Map.copyOf(properties);
    }

    /**
     * Returns these settings with every null filled from {@code base}; properties are merged, these
     * winning.
     *
     * @param base settings of lower precedence, or null
     * @return the layered settings
     */
    public KafkaSettings over(KafkaSettings base) {
        if (base == null) {
            return this;
        }
        Map<String, String> merged = new LinkedHashMap<>();
        if (base.properties != null) {
            merged.putAll(base.properties);
        }
        if (properties != null) {
            merged.putAll(properties);
        }
        return new KafkaSettings(or(bootstrap, base.bootstrap), or(topic, base.topic), or(group, base.group),
                or(snapshotTopic, base.snapshotTopic), or(deadLetterTopic, base.deadLetterTopic),
                or(deltasTopic, base.deltasTopic), or(stateTopic, base.stateTopic), merged);
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }

    /**
     * Checks that the required settings are there and fills the derived topic names.
     *
     * @return complete settings
     * @throws UserError naming what is missing
     */
    public KafkaSettings complete() {
        if (blank(bootstrap) || blank(topic) || blank(group)) {
            throw new UserError("reading Kafka needs kafka-bootstrap, topic and group, got "
                    + (blank(bootstrap) ? "no bootstrap" : bootstrap) + ", " + (blank(topic) ? "no topic" : topic) + ", "
                    + (blank(group) ? "no group" : group));
        }
        KafkaSettings c = new KafkaSettings(bootstrap, topic, group, snapshotTopic,
                or(deadLetterTopic, topic + ".dead-letters"), or(deltasTopic, group + ".vistream-deltas"),
                or(stateTopic, group + ".vistream-state"), properties == null ? Map.of() : properties);
        if (c.deltasTopic.equals(topic) || c.stateTopic.equals(topic) || c.deadLetterTopic.equals(topic)
                || c.deltasTopic.equals(c.stateTopic)) {
            throw new UserError("the observations, deltas, state and dead-letter topics must differ");
        }
        return c;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
