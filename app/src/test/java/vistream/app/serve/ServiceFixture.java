package vistream.app.serve;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;

/** Helpers shared by the service tests: data files, a client, waiting. */
final class ServiceFixture {

    static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final StringWriter LOG = new StringWriter();
    static final PrintWriter LOG_WRITER = new PrintWriter(LOG, true);

    private ServiceFixture() {
    }

    /** n observations of clusters at −5, 0 and 5 with unit noise, seeded. */
    static List<String> observations(long seed, int n) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] centres = {-5, 0, 5};
        List<String> lines = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            double u = 1.0 - random.nextDouble();
            double noise = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
            lines.add(Double.toString(centres[i % 3] + noise));
        }
        return lines;
    }

    static Path write(Path file, List<String> lines) throws IOException {
        return Files.write(file, lines);
    }

    /** Settings for a test service: port 0, K = 3, and the given overrides. */
    static ServiceConfig config(String input, String update, int batchSize, long maxDelayMillis, String rejects,
            String checkpoint, Boolean follow) {
        Map<String, Object> given = new HashMap<>(Map.of("k", 3, "sigma0", 10.0, "sigma", 1.0, "update", update,
                "batchSize", batchSize, "maxDelayMillis", maxDelayMillis, "port", 0, "checkpointIntervalSeconds", 0.2,
                "maxBodyBytes", 4096));
        given.put("input", input);
        given.put("rejects", rejects);
        given.put("checkpoint", checkpoint);
        given.put("follow", follow);
        return ServiceConfig.of(given).over(ServiceConfig.DEFAULTS);
    }

    /** Settings for a multivariate test service on a CSV file: model, columns and dashboard pair. */
    static ServiceConfig multivariate(String input, String model, int k, List<String> columns, List<Integer> plot,
            String weights) {
        Map<String, Object> given = new HashMap<>(Map.of("input", input, "k", k, "update", "svb", "batchSize", 300,
                "maxDelayMillis", 200L, "port", 0, "model", model));
        given.put("columns", columns);
        given.put("plot", plot);
        given.put("weights", weights);
        return ServiceConfig.of(given).over(ServiceConfig.DEFAULTS);
    }

    static HttpResponse<String> get(VistreamService service, String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(service, path)).timeout(Duration.ofSeconds(10));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return CLIENT.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(VistreamService service, String path, String body) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(uri(service, path)).timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static URI uri(VistreamService service, String path) {
        return URI.create("http://127.0.0.1:" + service.port() + path);
    }

    /** Waits up to 30 s for a condition, failing with {@code what} if it does not come. */
    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what + "\nservice log:\n" + LOG);
            }
            Thread.sleep(20);
        }
    }
}
