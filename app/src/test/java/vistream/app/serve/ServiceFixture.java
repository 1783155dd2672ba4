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
import java.util.List;
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
        return new ServiceConfig(input, follow, 3, 10.0, 1.0, update, batchSize, maxDelayMillis, null, null, null, null,
                null, null, null, null, null, null, null, null, null, 0, null, rejects, checkpoint, 0.2, 4096, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null)
                .over(ServiceConfig.DEFAULTS);
    }

    /** Settings for a multivariate test service on a CSV file: model, columns and dashboard pair. */
    static ServiceConfig multivariate(String input, String model, int k, List<String> columns, List<Integer> plot,
            String weights) {
        return new ServiceConfig(input, null, k, null, null, "svb", 300, 200L, null, null, null, null, null, null, null,
                null, null, null, null, null, null, 0, null, null, null, null, null, null, null, model, columns, weights,
                null, null, null, null, null, plot, null, null, null, null, null).over(ServiceConfig.DEFAULTS);
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
