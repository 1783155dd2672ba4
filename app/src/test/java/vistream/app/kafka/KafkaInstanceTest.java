package vistream.app.kafka;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
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

import vistream.app.config.UserError;
import vistream.app.source.LineParser;
import vistream.core.inference.UpdateRule;
import vistream.core.mixture.KnownVarianceGaussianMixture;
import vistream.streaming.InvalidObservation;
import vistream.streaming.PosteriorSnapshot;
import vistream.streaming.SnapshotJson;
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

    private static StreamOptions.Builder options(int batch) {
        return StreamOptions.builder().batchSize(batch).maxBatchDelay(Duration.ofMinutes(1))
                .updateRule(new UpdateRule.PopulationVb(2000, 0.7, 1)).seed(1);
    }

    @Test
    void oneInstanceReachesThePosteriorOfStreamOverTheSameBatchesBitForBit() throws Exception {
        kafka.createTopic("one", 1);
        List<String> lines = KafkaTesting.mixtureLines();
        assertEquals(2000, lines.size());
        KafkaTesting.produce(kafka.bootstrap(), "one", lines, 1);
        StreamOptions options = options(100).build();
        List<PosteriorSnapshot> snapshots = new CopyOnWriteArrayList<>();
        StringWriter log = new StringWriter();
        KafkaSettings withSnapshots = new KafkaSettings(kafka.bootstrap(), "one", "solo", "one.snapshots", null, null, null,
                null).complete();
        try (KafkaInstance instance = KafkaInstance.start(withSnapshots, MODEL, options, new LineParser(1),
                Duration.ofMillis(200), snapshots::add, new PrintWriter(log, true))) {
            KafkaTesting.await("2000 observations", Duration.ofSeconds(60), () -> instance.observations() == 2000);
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
        // A restarted instance starts from the group's checkpoint, not from the start of the deltas
        // log: the posterior is there before its follower has read a record.
        double[] before = snapshots.get(snapshots.size() - 1).checkpoint().posterior();
        try (KafkaInstance again = KafkaInstance.start(withSnapshots, MODEL, options, new LineParser(1),
                Duration.ofMillis(200), s -> { }, new PrintWriter(log, true))) {
            assertEquals(2000, again.observations());
            assertEquals(20, again.position());
            assertArrayEquals(before, again.posterior(), 0.0);
            Thread.sleep(500);
            assertEquals(0, again.contributed(), "nothing is read twice");
            assertEquals(2000, again.observations());
        }
        // Each snapshot was published once, as the JSON the stream command prints.
        List<PosteriorSnapshot> published = KafkaTesting.readAll(kafka.bootstrap(), "one.snapshots", snapshots.size())
                .stream().map(r -> SnapshotJson.read(new String(r.value(), StandardCharsets.UTF_8))).toList();
        assertEquals(snapshots, published);
        // The group's state now holds the settings it folds with: an instance with others is refused.
        UserError e = assertThrows(UserError.class, () -> KafkaInstance.start(
                KafkaTesting.settings(kafka.bootstrap(), "one", "solo"), new KnownVarianceGaussianMixture(3, 10.0, 2.0),
                options, new LineParser(1), Duration.ofMillis(200), s -> { }, new PrintWriter(log, true)));
        assertTrue(e.getMessage().contains("settings differ from those group solo folds its deltas with"), e.getMessage());
    }

    @Test
    void aMultivariateModelToo() throws Exception {
        // Two-dimensional CSV records, full covariances, fitted through Kafka and by stream alike.
        java.util.SplittableRandom random = new java.util.SplittableRandom(9);
        List<String> lines = new ArrayList<>();
        double[] flat = new double[2 * 1200];
        for (int i = 0; i < 1200; i++) {
            int c = random.nextInt(3);
            double x = 4.0 * c + random.nextDouble() - 0.5;
            double y = -3.0 * c + random.nextDouble() - 0.5;
            lines.add(x + "," + y);
            flat[2 * i] = x;
            flat[2 * i + 1] = y;
        }
        kafka.createTopic("planar", 1);
        KafkaTesting.produce(kafka.bootstrap(), "planar", lines, 1);
        vistream.core.mixture.GaussianWishartMixture model = new vistream.core.mixture.GaussianWishartMixture(3,
                vistream.core.mixture.GaussianWishartPrior.defaults(flat, 2, 3));
        StreamOptions options = options(200).build();
        try (KafkaInstance instance = KafkaInstance.start(KafkaTesting.settings(kafka.bootstrap(), "planar", "planar"),
                model, options, new LineParser(2), Duration.ofMillis(200), s -> { },
                new PrintWriter(new StringWriter(), true))) {
            KafkaTesting.await("1200 observations", Duration.ofSeconds(60), () -> instance.observations() == 1200);
            PosteriorSnapshot stream = Flux.fromIterable(lines).map(l -> new double[] {
                Double.parseDouble(l.split(",")[0]), Double.parseDouble(l.split(",")[1])})
                    .transform(VariationalStream.of(model, options)).blockLast();
            assertArrayEquals(stream.checkpoint().posterior(), instance.posterior(), 0.0);
        }
    }

    @Test
    void aMissingTopicIsANamedError() {
        UserError e = assertThrows(UserError.class, () -> KafkaInstance.start(
                KafkaTesting.settings(kafka.bootstrap(), "absent", "g"), MODEL, options(10).build(), new LineParser(1),
                Duration.ofSeconds(1), s -> { }, new PrintWriter(new StringWriter(), true)));
        assertEquals("topic absent does not exist on " + kafka.bootstrap(), e.getMessage());
    }

    @Test
    void malformedRecordsGoToTheDeadLetterTopicAreCountedAndTheStreamGoesOn() throws Exception {
        kafka.createTopic("dirty", 2);
        List<String> lines = new ArrayList<>(KafkaTesting.mixtureLines().subList(0, 600));
        lines.set(10, "abc");
        lines.set(11, "NaN");
        lines.set(301, "1.5,2.5");
        lines.set(599, "");
        KafkaTesting.produce(kafka.bootstrap(), "dirty", lines, 2);
        List<InvalidObservation> invalid = new CopyOnWriteArrayList<>();
        StreamOptions options = options(50).maxBatchDelay(Duration.ofMillis(300)).onInvalid(invalid::add).build();
        StringWriter log = new StringWriter();
        try (KafkaInstance instance = KafkaInstance.start(KafkaTesting.settings(kafka.bootstrap(), "dirty", "dirty"), MODEL, options, new LineParser(1),
                Duration.ofMillis(200), s -> { }, new PrintWriter(log, true))) {
            // The fold counts a batch's rejects before the instance hands them to onInvalid.
            KafkaTesting.await("every record", Duration.ofSeconds(60),
                    () -> instance.observations() + instance.rejected() == 600 && invalid.size() == 4);
            assertEquals(596, instance.observations());
            assertEquals(4, instance.rejected());
            assertEquals(4, invalid.size());
        }
        List<ConsumerRecord<byte[], byte[]>> dead = KafkaTesting.readAll(kafka.bootstrap(), "dirty.dead-letters", 4);
        List<String> values = dead.stream().map(r -> new String(r.value(), StandardCharsets.UTF_8)).toList();
        assertTrue(values.stream().anyMatch(v -> v.contains("\"content\":\"abc\"") && v.contains("malformed")), values.toString());
        assertTrue(values.stream().anyMatch(v -> v.contains("not_finite")), values.toString());
        assertTrue(values.stream().anyMatch(v -> v.contains("wrong_dimension")), values.toString());
        assertTrue(values.stream().anyMatch(v -> v.contains("no value")), values.toString());
    }

}
