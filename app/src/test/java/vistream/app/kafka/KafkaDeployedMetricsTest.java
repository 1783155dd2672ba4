package vistream.app.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static vistream.app.kafka.KafkaTesting.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vistream.app.deploy.DeployFiles;
import vistream.app.deploy.PromQl;
import vistream.app.deploy.Scrape;
import vistream.app.serve.ServiceConfig;
import vistream.app.serve.VistreamService;

/**
 * The Kafka meters that the alerting rules and the Grafana dashboard of deploy/ read, and their
 * {@code scope} matchers, against a service that is one instance of a group on a real broker; and
 * that every meter it serves has a {@code scope}. The other meters are checked without Kafka
 * (DeployedMetricsTest).
 */
class KafkaDeployedMetricsTest {

    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startBroker() throws Exception {
        kafka = EmbeddedKafka.start();
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    @Test
    void theKafkaMetricsAndScopesTheRulesAndTheDashboardReadAreScraped() throws Exception {
        kafka.createTopic("scraped", 1);
        Map<String, Object> given = new HashMap<>(Map.of("k", 3, "sigma0", 10.0, "sigma", 1.0, "weights", "uniform",
                "update", "svb", "batchSize", 100, "maxDelayMillis", 200L, "port", 0, "checkpointIntervalSeconds", 0.5));
        given.put("kafka", Map.of("bootstrap", kafka.bootstrap(), "topic", "scraped", "group", "scraped",
                "properties", Map.of("session.timeout.ms", "6000", "heartbeat.interval.ms", "500")));
        StringWriter log = new StringWriter();
        VistreamService service = VistreamService.start(ServiceConfig.of(given).over(ServiceConfig.DEFAULTS),
                new PrintWriter(log, true));
        try {
            KafkaTesting.produce(kafka.bootstrap(), "scraped", KafkaTesting.mixtureLines().subList(0, 300), 1);
            // The fit's gauges appear with the first snapshot.
            await("the records to be folded", Duration.ofSeconds(60),
                    () -> service.latest() != null && service.latest().observations() == 300);
            HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + service.port() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
            Scrape scrape = Scrape.of(metrics.body());
            List<PromQl.Selector> selectors = DeployFiles.selectors().stream()
                    .filter(s -> s.name().startsWith("vistream_kafka_")
                            || s.matchers().stream().anyMatch(m -> m.label().equals("scope")))
                    .toList();
            assertFalse(selectors.isEmpty(), "deploy/ reads Kafka meters");
            // The queries that sum instances' meters and take one of the group's rest on this.
            List<Scrape.Series> unscoped = scrape.series().stream().filter(s -> !s.labels().containsKey("scope")).toList();
            assertEquals(List.of(), unscoped, "every meter of a group's instance says whose it is");
            List<PromQl.Selector> missing = selectors.stream().filter(s -> !scrape.has(s)).toList();
            assertEquals(List.of(), missing, "read by deploy/ but not exported by a Kafka instance; log:\n" + log);
        } finally {
            service.stop();
        }
    }
}
