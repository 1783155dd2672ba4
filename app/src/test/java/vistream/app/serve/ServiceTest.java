package vistream.app.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vistream.app.serve.ServiceFixture.await;
import static vistream.app.serve.ServiceFixture.get;
import static vistream.app.serve.ServiceFixture.post;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The service end to end, in-process, over real HTTP on an ephemeral port. */
class ServiceTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Every meter of the metrics module, as Prometheus names it. */
    private static final List<String> METERS = List.of("vistream_elbo_nats", "vistream_elbo_change", "vistream_converged",
            "vistream_step_size", "vistream_predictive_log_density_nats", "vistream_predictive_log_density_smoothed_nats",
            "vistream_cluster_weight", "vistream_cluster_mean", "vistream_cluster_variance", "vistream_cluster_covariance", "vistream_clusters_effective",
            "vistream_drift_displacement", "vistream_drift_divergence_nats", "vistream_drift_events_total",
            "vistream_observations_accepted_total", "vistream_observations_rejected_total", "vistream_batches_total",
            "vistream_update_seconds_count", "vistream_update_seconds_sum", "vistream_update_seconds{quantile=\"0.99\"}",
            "vistream_update_age_seconds");

    @TempDir
    Path dir;

    @Test
    void servesMetricsModelSnapshotsAndIngest() throws Exception {
        List<String> lines = new ArrayList<>(ServiceFixture.observations(1, 3000));
        lines.add(0, "value");
        lines.add(500, "not a number");
        lines.add(1500, "NaN");
        Path input = ServiceFixture.write(dir.resolve("input.txt"), lines);
        Path rejects = dir.resolve("rejects.jsonl");
        VistreamService service = VistreamService.start(ServiceFixture.config(input.toString(), "svb", 250, 200,
                rejects.toString(), null, null), ServiceFixture.LOG_WRITER);
        try {
            await("the file to be absorbed", () -> service.latest() != null && service.latest().observations() == 3000);

            HttpResponse<String> metrics = get(service, "/metrics");
            assertEquals(200, metrics.statusCode());
            assertTrue(metrics.headers().firstValue("content-type").orElse("").startsWith("text/plain; version=0.0.4"));
            for (String meter : METERS) {
                assertTrue(metrics.body().contains(meter), meter + " is scraped");
            }
            assertTrue(metrics.body().contains("vistream_observations_accepted_total 3000.0"), metrics.body());
            HttpResponse<String> openMetrics = get(service, "/metrics", "Accept", "application/openmetrics-text; version=1.0.0");
            assertTrue(openMetrics.headers().firstValue("content-type").orElse("").startsWith("application/openmetrics-text"));
            assertTrue(openMetrics.body().strip().endsWith("# EOF"), "OpenMetrics ends with # EOF");

            JsonNode model = JSON.readTree(get(service, "/api/model").body());
            assertEquals(3, model.get("model").get("k").asInt());
            JsonNode snapshot = model.get("snapshot");
            assertEquals(3000, snapshot.get("observations").asLong());
            assertEquals(2, snapshot.get("rejected").asLong());
            double[] means = {snapshot.get("means").get(0).asDouble(), snapshot.get("means").get(1).asDouble(),
                snapshot.get("means").get(2).asDouble()};
            Arrays.sort(means);
            // 1000 points per cluster with unit noise: each mean within 0.15 of its centre (4.7 sd).
            assertEquals(-5, means[0], 0.15);
            assertEquals(0, means[1], 0.15);
            assertEquals(5, means[2], 0.15);
            assertEquals("UP", JSON.readTree(get(service, "/healthz").body()).get("status").asText());

            // Server-sent events: the latest snapshot first, then one per update.
            CompletableFuture<HttpResponse<Stream<String>>> events = ServiceFixture.CLIENT.sendAsync(
                    HttpRequest.newBuilder(ServiceFixture.uri(service, "/api/snapshots")).GET().build(),
                    HttpResponse.BodyHandlers.ofLines());
            HttpResponse<Stream<String>> stream = events.get(10, TimeUnit.SECONDS);
            assertTrue(stream.headers().firstValue("content-type").orElse("").startsWith("text/event-stream"));
            CompletableFuture<List<JsonNode>> received = CompletableFuture.supplyAsync(() -> stream.body()
                    .filter(l -> l.startsWith("data: ")).limit(2).map(l -> {
                        try {
                            return JSON.readTree(l.substring(6));
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    }).toList());

            HttpResponse<String> lineBody = post(service, "/api/observations", "1.0\n{\"x\": 2.5}\nabc\nNaN\n1,2\n");
            assertEquals(200, lineBody.statusCode(), lineBody.body());
            JsonNode reply = JSON.readTree(lineBody.body());
            assertEquals(2, reply.get("accepted").asInt());
            assertEquals(3, reply.get("rejected").asInt());
            assertEquals(3, reply.get("errors").size());
            assertTrue(reply.get("errors").get(0).asText().contains("'abc' is not a number"), reply.toString());
            HttpResponse<String> arrayBody = post(service, "/api/observations", "[1.5, [2.0], {\"x\": 3}, \"bad\"]");
            JsonNode arrayReply = JSON.readTree(arrayBody.body());
            assertEquals(3, arrayReply.get("accepted").asInt());
            assertEquals(1, arrayReply.get("rejected").asInt());

            List<JsonNode> sse = received.get(20, TimeUnit.SECONDS);
            assertEquals(3000, sse.get(0).get("observations").asLong(), "the latest snapshot comes first");
            assertTrue(sse.get(1).get("observations").asLong() > 3000, "then the update the ingest caused");

            await("the posted observations", () -> service.latest().observations() == 3005 && service.latest().rejected() == 6);
            String scraped = get(service, "/metrics").body();
            assertTrue(scraped.contains("vistream_observations_rejected_total{reason=\"malformed\"} 3.0"), scraped);
            assertTrue(scraped.contains("vistream_observations_rejected_total{reason=\"not_finite\"} 2.0"), scraped);
            assertTrue(scraped.contains("vistream_observations_rejected_total{reason=\"wrong_dimension\"} 1.0"), scraped);

            assertEquals(400, post(service, "/api/observations", "[1, 2").statusCode(), "malformed JSON");
            assertEquals(400, post(service, "/api/observations", "\n\n").statusCode(), "no observation");
            HttpResponse<String> large = post(service, "/api/observations", "1\n".repeat(3000));
            assertEquals(413, large.statusCode(), "over the 4096-byte limit of the test settings");
            assertTrue(large.body().contains("larger than the limit of 4096 bytes"), large.body());
            assertEquals(404, get(service, "/nowhere").statusCode());
            assertEquals(null, service.failure(), "the stream never failed");
        } finally {
            service.stop();
        }
        List<JsonNode> dead = new ArrayList<>();
        for (String line : Files.readAllLines(rejects)) {
            dead.add(JSON.readTree(line));
        }
        assertEquals(6, dead.size(), "every rejected input is in the dead-letter file");
        assertEquals("not a number", dead.get(0).get("content").asText());
        assertEquals("malformed", dead.get(0).get("reason").asText());
        assertTrue(dead.get(0).get("message").asText().contains("input.txt:501"), dead.get(0).toString());
        assertEquals("NaN", dead.get(1).get("content").asText());
        assertEquals("not_finite", dead.get(1).get("reason").asText());
        assertEquals(List.of("abc", "NaN", "1,2", "bad"), dead.subList(2, 6).stream().map(n -> n.get("content").asText()).toList());
        assertTrue(Duration.ofSeconds(1).toMillis() > 0);
    }

    @Test
    void servesAMultivariateModelFromCsvColumns() throws Exception {
        List<String> lines = new ArrayList<>(List.of("id,x,y,z"));
        java.util.SplittableRandom random = new java.util.SplittableRandom(4);
        double[][] centres = {{-5, 0, 1}, {0, 5, 1}, {5, -1, 1}};
        for (int i = 0; i < 900; i++) {
            double[] c = centres[i % 3];
            lines.add(i + "," + (c[0] + gaussian(random)) + "," + (c[1] + gaussian(random)) + "," + (c[2] + gaussian(random)));
        }
        Path input = ServiceFixture.write(dir.resolve("points.csv"), lines);
        VistreamService service = VistreamService.start(ServiceFixture.multivariate(input.toString(), "full", 4,
                List.of("x", "y", "z"), List.of(2, 1), "dp"), ServiceFixture.LOG_WRITER);
        try {
            await("the file to be absorbed", () -> service.latest() != null && service.latest().observations() == 900);
            JsonNode model = JSON.readTree(get(service, "/api/model").body());
            assertEquals("full", model.get("model").get("model").asText());
            assertEquals(3, model.get("model").get("dimension").asInt());
            assertEquals(List.of(2, 1), JSON.convertValue(model.get("model").get("plot"), List.class));
            JsonNode snapshot = model.get("snapshot");
            assertEquals(snapshot.get("ids").size(), snapshot.get("covariances").size(), "K covariances of D × D");
            assertEquals(3, snapshot.get("covariances").get(0).get(2).size());
            JsonNode scatter = JSON.readTree(get(service, "/api/scatter").body());
            assertEquals(2 * 900, scatter.get("points").size(), "the plotted pair of every recent observation");
            int heavy = 0;
            for (JsonNode c : scatter.get("clusters")) {
                assertEquals(2 * 49, c.get("ellipse").size());
                heavy += c.get("weight").asDouble() > 0.2 ? 1 : 0;
            }
            assertEquals(3, heavy, "three clusters carry the data");
            String metrics = get(service, "/metrics").body();
            assertTrue(metrics.contains("vistream_cluster_mean{dimension=\"2\",slot=\"0\"}"), "means per dimension");
            assertTrue(metrics.contains("vistream_cluster_covariance{dimension=\"1\",slot=\"2\"}"));
            assertEquals(0, JSON.readTree(get(service, "/api/histogram").body()).get("centres").size(),
                    "the histogram is for one-dimensional models");
            assertEquals(null, service.failure());
        } finally {
            service.stop();
        }
        assertThrows(vistream.app.config.UserError.class, () -> VistreamService.start(ServiceFixture.multivariate(
                input.toString(), "full", 2, List.of("x", "y"), List.of(1, 3), null), ServiceFixture.LOG_WRITER));
        assertThrows(vistream.app.config.UserError.class, () -> VistreamService.start(ServiceFixture.multivariate(
                input.toString(), "known-variance", 2, List.of("x"), List.of(1, 2), null), ServiceFixture.LOG_WRITER));
    }

    private static double gaussian(java.util.SplittableRandom random) {
        double u = 1.0 - random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
    }
}
