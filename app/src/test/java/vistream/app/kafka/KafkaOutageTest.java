package vistream.app.kafka;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vistream.app.kafka.KafkaTesting.await;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import vistream.app.source.LineParser;
import vistream.core.inference.UpdateRule;
import vistream.core.mixture.KnownVarianceGaussianMixture;
import vistream.streaming.StreamOptions;

/** A group whose only broker stops mid-stream and comes back: it waits, says so, and goes on exactly. */
class KafkaOutageTest {

    private static final KnownVarianceGaussianMixture MODEL = new KnownVarianceGaussianMixture(3, 10.0, 1.0);
    private static final StreamOptions OPTIONS = StreamOptions.builder().batchSize(100)
            .maxBatchDelay(Duration.ofMillis(200)).updateRule(new UpdateRule.StreamingVb()).seed(1).build();
    /**
     * Client timeouts of a few seconds instead of Kafka's minutes, so that an outage of a few
     * seconds outlasts them several times over, as one of several minutes outlasts the defaults.
     */
    private static final Map<String, String> SHORT_TIMEOUTS = Map.of("session.timeout.ms", "6000",
            "heartbeat.interval.ms", "500", "request.timeout.ms", "1500", "default.api.timeout.ms", "2000",
            "max.block.ms", "2000", "delivery.timeout.ms", "2000", "reconnect.backoff.max.ms", "500");
    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startBroker() throws IOException {
        kafka = EmbeddedKafka.start();
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    private static KafkaInstance instance(StringWriter log) {
        KafkaSettings settings = new KafkaSettings(kafka.bootstrap(), "outage", "outage", null, null, null, null,
                SHORT_TIMEOUTS).complete();
        return KafkaInstance.start(settings, MODEL, OPTIONS, new LineParser(1), Duration.ofMillis(500), s -> { },
                new PrintWriter(log, true));
    }

    private static List<String> draws(long seed, int n) {
        SplittableRandom random = new SplittableRandom(seed);
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(Double.toString(5.0 * random.nextInt(3) + random.nextDouble()));
        }
        return out;
    }

    private static double meter(SimpleMeterRegistry registry, String name) {
        return registry.get(name).tags("scope", "instance").meter().measure().iterator().next().getValue();
    }

    @Test
    void aGroupRidesOutABrokerOutageAndLosesNothingAndDoublesNothing() throws Exception {
        int before = 40_000;
        int after = 4_000;
        kafka.createTopic("outage", 2);
        KafkaTesting.produce(kafka.bootstrap(), "outage", draws(5, before), 2);
        StringWriter log = new StringWriter();
        KafkaInstance a = instance(log);
        KafkaInstance b = instance(log);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new KafkaMeters(a, Tags.empty()).bindTo(registry);
        try {
            await("the group to be mid-stream", Duration.ofSeconds(60), () -> a.observations() >= 1_000);
            kafka.stop();
            assertTrue(a.observations() < before, "stopped mid-stream, at " + a.observations());
            // Held until both have failed and tried again several times: longer than every client timeout.
            await("both instances to report the outage", Duration.ofSeconds(30), () -> a.outage().isPresent()
                    && b.outage().isPresent() && a.retries() >= 3 && b.retries() >= 3);
            String reason = a.outage().orElseThrow();
            assertTrue(reason.startsWith("Kafka at " + kafka.bootstrap() + " has not answered for "), reason);
            assertEquals(1.0, meter(registry, "vistream.kafka.outage"));
            assertTrue(meter(registry, "vistream.kafka.retries") >= 3);
            assertNull(a.failure());
            assertNull(b.failure());

            kafka.restart();
            await("the group to fold what was produced before", Duration.ofSeconds(60),
                    () -> a.observations() == before && b.observations() == before);
            KafkaTesting.produce(kafka.bootstrap(), "outage", draws(6, after), 2);
            int n = before + after;
            await("the group to read on", Duration.ofSeconds(60), () -> a.observations() == n && b.observations() == n);
            // Every delta on the log, copies sent again included, folded or skipped by both:
            // nothing is still to come that could be applied twice.
            long end = KafkaTesting.endOffset(kafka.bootstrap(), "outage.vistream-deltas");
            await("both folds to reach the log's end", Duration.ofSeconds(30),
                    () -> a.position() == end && b.position() == end);
            assertEquals(n, a.observations());
            assertEquals(n, b.observations());
            assertEquals(n, a.contributed() + b.contributed());
            assertEquals(Map.of(0, (long) n / 2, 1, (long) n / 2), a.offsets());
            assertArrayEquals(a.posterior(), b.posterior(), 0.0, "one posterior, bit for bit");
            await("the outage to be over on both", Duration.ofSeconds(30),
                    () -> a.outage().isEmpty() && b.outage().isEmpty());
            assertEquals(0.0, meter(registry, "vistream.kafka.outage"));
            assertNull(a.failure());
            assertNull(b.failure());
            assertTrue(log.toString().contains("answers again after"), log.toString());
        } finally {
            a.close();
            b.close();
        }
    }
}
