package vistream.app.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import vistream.app.config.UserError;

/** The topics of a group: checks the observations topic, creates vistream's own when missing. */
final class KafkaTopics {

    private static final long TIMEOUT_SECONDS = 30;

    private KafkaTopics() {
    }

    /**
     * Checks that the observations topic exists, and creates the deltas log (one partition), the
     * compacted state topic, the dead-letter topic and the snapshot topic when they do not.
     *
     * @throws UserError if the broker cannot be reached, the observations topic is missing or the
     *                   deltas log has more than one partition
     */
    static void prepare(KafkaSettings s) {
        Map<String, Object> config = new HashMap<>();
        s.properties().forEach((k, v) -> {
            if (AdminClientConfig.configNames().contains(k)) {
                config.put(k, v);
            }
        });
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, s.bootstrap());
        Admin admin = Admin.create(config);
        try {
            Set<String> existing;
            try {
                existing = admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                throw new UserError("cannot reach the Kafka brokers at " + s.bootstrap() + " within " + TIMEOUT_SECONDS + " s");
            }
            if (!existing.contains(s.topic())) {
                throw new UserError("topic " + s.topic() + " does not exist on " + s.bootstrap());
            }
            List<NewTopic> missing = new ArrayList<>();
            if (!existing.contains(s.deltasTopic())) {
                missing.add(new NewTopic(s.deltasTopic(), Optional.of(1), Optional.empty()));
            }
            if (!existing.contains(s.stateTopic())) {
                missing.add(new NewTopic(s.stateTopic(), Optional.of(1), Optional.empty())
                        .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
            }
            if (!existing.contains(s.deadLetterTopic())) {
                missing.add(new NewTopic(s.deadLetterTopic(), Optional.of(1), Optional.empty()));
            }
            if (s.snapshotTopic() != null && !existing.contains(s.snapshotTopic())) {
                missing.add(new NewTopic(s.snapshotTopic(), Optional.of(1), Optional.empty()));
            }
            for (NewTopic topic : missing) {
                try {
                    admin.createTopics(List.of(topic)).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e; // another instance creating it at the same time is fine
                    }
                }
            }
            awaitLeaders(admin, missing);
            TopicDescription deltas = admin.describeTopics(List.of(s.deltasTopic())).allTopicNames()
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS).get(s.deltasTopic());
            if (deltas.partitions().size() != 1) {
                throw new UserError("the deltas topic " + s.deltasTopic() + " has " + deltas.partitions().size()
                        + " partitions; it must have one, since its order is the order of the fold");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserError("interrupted while preparing the Kafka topics");
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new UserError("cannot prepare the Kafka topics on " + s.bootstrap() + ": "
                    + (cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName()));
        } finally {
            admin.close(Duration.ofSeconds(1)); // do not wait out calls that failed
        }
    }

    /** Waits until every partition of the topics just created has a leader, so the first writes find one. */
    private static void awaitLeaders(Admin admin, List<NewTopic> created) throws InterruptedException, ExecutionException,
            java.util.concurrent.TimeoutException {
        List<String> names = created.stream().map(NewTopic::name).toList();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (!names.isEmpty()) {
            try {
                Map<String, TopicDescription> described = admin.describeTopics(names).allTopicNames()
                        .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                if (described.values().stream().allMatch(d -> d.partitions().stream()
                        .allMatch(p -> p.leader() != null && !p.leader().isEmpty()))) {
                    return;
                }
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw e; // not yet known to the broker answering is fine; anything else is not
                }
            }
            if (System.nanoTime() > deadline) {
                throw new UserError("the topics " + names + " have no leader after " + TIMEOUT_SECONDS + " s");
            }
            Thread.sleep(50);
        }
    }

    /**
     * Reads the state topic to its end and returns the checkpoint furthest along the deltas log.
     *
     * @return the latest checkpoint, or null if there is none
     * @throws IllegalArgumentException if a record of the topic is not a checkpoint
     */
    static StateRecord latestState(Map<String, Object> consumerConfig, String stateTopic) {
        TopicPartition tp = new TopicPartition(stateTopic, 0);
        StateRecord latest = null;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig)) {
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long end = consumer.endOffsets(List.of(tp)).get(tp);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
            while (consumer.position(tp) < end) {
                if (System.nanoTime() > deadline) {
                    throw new UserError("cannot read the state topic " + stateTopic + " to its end within "
                            + TIMEOUT_SECONDS + " s");
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.value() == null) {
                        continue;
                    }
                    StateRecord s = KafkaJson.read(r.value(), StateRecord.class);
                    if (latest == null || s.position() >= latest.position()) {
                        latest = s;
                    }
                }
            }
        } catch (UnknownTopicOrPartitionException e) {
            return null;
        }
        return latest;
    }
}
