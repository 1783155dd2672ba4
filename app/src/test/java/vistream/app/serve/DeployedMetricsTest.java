package vistream.app.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vistream.app.serve.ServiceFixture.await;
import static vistream.app.serve.ServiceFixture.get;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vistream.app.deploy.DeployFiles;
import vistream.app.deploy.PromQl;
import vistream.app.deploy.Scrape;

/**
 * The alerting rules and the Grafana dashboard of deploy/ read only meters that a running service
 * exports, with the labels they match on. This service reads a file with a checkpoint, so that
 * every meter but Kafka's is there; the {@code vistream_kafka_*} meters and the {@code scope}
 * labels of a Kafka group are checked against a service on a broker (KafkaDeployedMetricsTest).
 */
class DeployedMetricsTest {

    @TempDir
    Path dir;

    @Test
    void everyMetricTheRulesAndTheDashboardReadIsScraped() throws Exception {
        Path input = ServiceFixture.write(dir.resolve("input.txt"), ServiceFixture.observations(3, 1000));
        VistreamService service = VistreamService.start(ServiceFixture.config(input.toString(), "svb", 250, 200, null,
                dir.resolve("state.json").toString(), null), ServiceFixture.LOG_WRITER);
        try {
            // The fit's gauges appear with the first snapshot.
            await("the file to be absorbed", () -> service.latest() != null && service.latest().observations() == 1000);
            // Micrometer registers the GC pause timer at the first collection it hears of, which a
            // short run may not have had yet: ask for one, and wait until it is exported.
            System.gc();
            await("a garbage collection to be measured", () -> scrapeOf(service).contains("jvm_gc_pause_seconds_sum"));
            Scrape scrape = Scrape.of(get(service, "/metrics").body());
            List<PromQl.Selector> selectors = DeployFiles.selectors().stream()
                    .filter(s -> !s.name().startsWith("vistream_kafka_"))
                    .filter(s -> !DeployFiles.MADE_BY_PROMETHEUS.contains(s.name()))
                    .toList();
            assertTrue(selectors.size() >= 25, "the rules' and the dashboard's selectors were read: " + selectors);
            List<PromQl.Selector> missing = selectors.stream().filter(s -> !scrape.has(s)).toList();
            assertEquals(List.of(), missing, "read by deploy/ but not exported by the service");
        } finally {
            service.stop();
        }
    }

    private static String scrapeOf(VistreamService service) {
        try {
            return get(service, "/metrics").body();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
