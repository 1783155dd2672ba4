package vistream.app.kafka;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import vistream.app.source.LineParser;
import vistream.core.inference.UpdateRule;
import vistream.core.mixture.KnownVarianceGaussianMixture;
import vistream.streaming.InvalidObservation;
import vistream.streaming.PosteriorSnapshot;
import vistream.streaming.StreamOptions;
import vistream.streaming.VariationalStream;

/** Instances of a group on a real broker, in this JVM. */
class KafkaInstanceTest {

    private static final KnownVarianceGaussianMixture MODEL = new KnownVarianceGaussianMixture(3, 10.0, 1.0);
    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startBroker() throws IOException {
        kafka = EmbeddedKafka.start();
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    static List<String> mixtureLines() throws IOException {
        List<String> lines = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("../examples/mixture.txt"))) {
            if (!line.isBlank() && !line.startsWith("#") && Character.isDigit(line.charAt(line.length() - 1))) {
                lines.add(line.strip());
            }
        }
        return lines;
    }

    static void produce(String bootstrap, String topic, List<String> values, int partitions) {
        Map<String, Object> c = new HashMap<>();
        c.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        c.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        c.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(c)) {
            for (int i = 0; i < values.size(); i++) {
                producer.send(new ProducerRecord<>(topic, i % partitions, null, values.get(i).getBytes(StandardCharsets.UTF_8)));
            }
            producer.flush();
        }
    }

    static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    static KafkaSettings settings(String topic, String group) {
        return new KafkaSettings(kafka.bootstrap(), topic, group, null, null, null, null,
                Map.of("session.timeout.ms", "6000", "heartbeat.interval.ms", "500")).complete();
    }

    private static StreamOptions.Builder options(int batch) {
        return StreamOptions.builder().batchSize(batch).maxBatchDelay(Duration.ofMinutes(1))
                .updateRule(new UpdateRule.PopulationVb(2000, 0.7, 1)).seed(1);
    }

    @Test
    void oneInstanceReachesThePosteriorOfStreamOverTheSameBatchesBitForBit() throws Exception {
        kafka.createTopic("one", 1);
        List<String> lines = mixtureLines();
        assertEquals(2000, lines.size());
        produce(kafka.bootstrap(), "one", lines, 1);
        StreamOptions options = options(100).build();
        List<PosteriorSnapshot> snapshots = new CopyOnWriteArrayList<>();
        StringWriter log = new StringWriter();
        try (KafkaInstance instance = KafkaInstance.start(settings("one", "solo"), MODEL, options, new LineParser(1),
                Duration.ofMillis(200), snapshots::add, new PrintWriter(log, true))) {
            await("2000 observations", Duration.ofSeconds(60), () -> instance.observations() == 2000);
            List<PosteriorSnapshot> stream = Flux.fromIterable(lines).map(l -> new double[] {Double.parseDouble(l)})
                    .transform(VariationalStream.of(MODEL, options)).collectList().block();
            assertEquals(stream.size(), snapshots.size());
            for (int s = 0; s < stream.size(); s++) {
                assertArrayEquals(stream.get(s).checkpoint().posterior(), snapshots.get(s).checkpoint().posterior(), 0.0);
                assertEquals(stream.get(s).elbo(), snapshots.get(s).elbo(), 0.0);
                assertEquals(stream.get(s).predictiveLogDensity(), snapshots.get(s).predictiveLogDensity(), 0.0);
            }
            assertArrayEquals(stream.get(stream.size() - 1).checkpoint().posterior(), instance.posterior(), 0.0);
            assertEquals(2000, instance.contributed());
            assertEquals(Map.of(0, 2000L), instance.offsets());
            assertNull(instance.failure());
        }
        assertTrue(log.toString().isEmpty(), log.toString());
    }

    @Test
    void malformedRecordsGoToTheDeadLetterTopicAreCountedAndTheStreamGoesOn() throws Exception {
        kafka.createTopic("dirty", 2);
        List<String> lines = new ArrayList<>(mixtureLines().subList(0, 600));
        lines.set(10, "abc");
        lines.set(11, "NaN");
        lines.set(301, "1.5,2.5");
        lines.set(599, "");
        produce(kafka.bootstrap(), "dirty", lines, 2);
        List<InvalidObservation> invalid = new CopyOnWriteArrayList<>();
        StreamOptions options = options(50).maxBatchDelay(Duration.ofMillis(300)).onInvalid(invalid::add).build();
        StringWriter log = new StringWriter();
        try (KafkaInstance instance = KafkaInstance.start(settings("dirty", "dirty"), MODEL, options, new LineParser(1),
                Duration.ofMillis(200), s -> { }, new PrintWriter(log, true))) {
            await("every record", Duration.ofSeconds(60), () -> instance.observations() + instance.rejected() == 600);
            assertEquals(596, instance.observations());
            assertEquals(4, instance.rejected());
            assertEquals(4, invalid.size());
        }
        List<ConsumerRecord<byte[], byte[]>> dead = readAll("dirty.dead-letters", 4);
        List<String> values = dead.stream().map(r -> new String(r.value(), StandardCharsets.UTF_8)).toList();
        assertTrue(values.stream().anyMatch(v -> v.contains("\"content\":\"abc\"") && v.contains("malformed")), values.toString());
        assertTrue(values.stream().anyMatch(v -> v.contains("not_finite")), values.toString());
        assertTrue(values.stream().anyMatch(v -> v.contains("wrong_dimension")), values.toString());
        assertTrue(values.stream().anyMatch(v -> v.contains("no value")), values.toString());
    }

    static List<ConsumerRecord<byte[], byte[]>> readAll(String topic, int expected) throws InterruptedException {
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap());
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c)) {
            org.apache.kafka.common.TopicPartition tp = new org.apache.kafka.common.TopicPartition(topic, 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (out.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }
}
