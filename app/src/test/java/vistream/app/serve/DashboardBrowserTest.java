package vistream.app.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vistream.app.serve.ServiceFixture.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard loaded in a real headless Chromium (Debian's {@code chromium} package, which
 * {@code .ci/run} installs): the page draws every chart with data, and a screenshot is kept at
 * {@code app/target/dashboard.png}. Without a browser the test is skipped and says why.
 */
class DashboardBrowserTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> BROWSERS = HeadlessChromium.candidates();

    @TempDir
    Path profile;

    @Test
    void theDashboardDrawsEveryChartWithData() throws Exception {
        String browser = browserOrSkip();
        VistreamService service = VistreamService.start(demoAt(20_000.0), ServiceFixture.LOG_WRITER);
        try {
            await("a few thousand synthetic observations", () -> service.latest() != null
                    && service.latest().observations() >= 5000);
            // The feed goes on while the page loads, and a birth may change K meanwhile: the page has
            // caught up when its table has a row per cluster of the latest snapshot.
            JsonNode drawn = draw(browser, service, "dashboard.png",
                    data -> data.has("elboPoints") && data.has("histogramBins") && data.path("meanPoints").asInt() > 1
                            && data.path("clusterRows").asInt() == service.latest().clusters());
            assertTrue(drawn.get("elboPoints").asInt() > 1, "the ELBO chart has points: " + drawn);
            assertTrue(drawn.get("meanPoints").asInt() > 1, "the means chart has points: " + drawn);
            assertEquals(60, drawn.get("histogramBins").asInt(), "the histogram has its 60 bins: " + drawn);
            assertTrue(drawn.get("observations").asText().matches("[0-9,]+"), "the header shows the count: " + drawn);
            assertTrue(drawn.get("clusterRows").asInt() >= 3, "a table row per cluster (checked against the service "
                    + "while drawing): " + drawn);
        } finally {
            service.stop();
        }
    }

    @Test
    void theDashboardShowsTheFeedsChangesAsMovesAndEpisodes() throws Exception {
        String browser = browserOrSkip();
        // The default demo fast: cluster B jumps at 60,000 and cluster D appears at 120,000.
        VistreamService service = VistreamService.start(demoAt(100_000.0), ServiceFixture.LOG_WRITER);
        try {
            await("the fourth cluster's appearance and 10,000 more", () -> service.latest() != null
                    && service.latest().observations() >= 130_000);
            JsonNode drawn = draw(browser, service, "dashboard-changes.png",
                    data -> data.path("clusterRows").asInt() == 4 && data.path("logged").asInt() >= 5);
            assertEquals(4, drawn.get("clusterRows").asInt(), "four clusters in the table: " + drawn);
            List<String> marked = List.of(drawn.get("marked").asText().split(","));
            assertTrue(marked.containsAll(List.of("page-hinkley", "birth", "delete")),
                    "the means chart marks the alarms, the births and the delete: " + drawn);
            // The start's merge, then the jump (alarm, birth, delete) and the appearance (alarm, birth).
            assertEquals(6, drawn.get("logged").asInt(), "six events: " + drawn);
            assertEquals(3, drawn.get("episodes").asInt(), "the merge, and two episodes of change: " + drawn);
        } finally {
            service.stop();
        }
    }

    @Test
    void aMultivariateModelIsDrawnInTheChosenPairOfDimensions() throws Exception {
        String browser = browserOrSkip();
        VistreamService service = VistreamService.start(ServiceFixture.multivariate(
                Path.of("..", "examples", "clusters2d.csv").toString(), "full", 4, null, List.of(1, 2), "dp"),
                ServiceFixture.LOG_WRITER);
        try {
            await("the example file", () -> service.latest() != null && service.latest().observations() == 900);
            JsonNode drawn = draw(browser, service, "dashboard-2d.png",
                    data -> data.has("elboPoints") && data.has("scatterPoints") && data.has("ellipses"));
            assertEquals(900, drawn.get("scatterPoints").asInt(), "every recent observation is plotted: " + drawn);
            assertEquals(3, drawn.get("ellipses").asInt(), "an ellipse for each cluster that carries weight: " + drawn);
            assertTrue(drawn.get("elboPoints").asInt() >= 1, "the ELBO chart has points: " + drawn);
        } finally {
            service.stop();
        }
    }

    /** The first Chromium found, or the test is skipped, saying why. */
    private static String browserOrSkip() {
        String browser = BROWSERS.stream().filter(b -> Files.isExecutable(Path.of(b))).findFirst().orElse(null);
        if (browser == null) {
            String reason = "no Chromium at " + BROWSERS + ": install Debian's chromium package to run the dashboard test";
            System.out.println("SKIPPED DashboardBrowserTest: " + reason);
            Assumptions.abort(reason);
        }
        return browser;
    }

    /**
     * Snapshots the page can load: at 100,000 observations a second the default 720 cover 3.6 s, and
     * a browser slowed by a busy machine would find the start's merge gone from the history.
     */
    private static final int HISTORY = 4000;

    /**
     * The default demo on a free port, at {@code rate} observations a second, batches of 500 sent
     * within 200 ms, with a history of {@value #HISTORY} snapshots.
     */
    private static ServiceConfig demoAt(double rate) {
        return ServiceConfig.of(java.util.Map.of("batchSize", 500, "maxDelayMillis", 200L, "seed", 3L, "port", 0,
                "rate", rate, "history", HISTORY)).over(ServiceConfig.DEFAULTS);
    }

    /**
     * Opens the dashboard, waits until the page records what {@code drawnEnough} asks for, and saves a
     * screenshot under target/; returns what the page recorded on its body.
     */
    private JsonNode draw(String browser, VistreamService service, String picture,
            java.util.function.Predicate<JsonNode> drawnEnough) throws Exception {
        String url = "http://127.0.0.1:" + service.port() + "/";
        Path screenshot = Path.of("target", picture).toAbsolutePath();
        Files.deleteIfExists(screenshot);
        JsonNode drawn = null;
        try (HeadlessChromium chromium = new HeadlessChromium(browser, Files.createTempDirectory(profile, "chromium"))) {
            chromium.navigate(url);
            long deadline = System.nanoTime() + HeadlessChromium.patience().toNanos();
            boolean enough = false;
            while (!enough && System.nanoTime() < deadline) {
                // Until the page has loaded this finds no element and evaluates to nothing.
                JsonNode value = chromium.evaluate("JSON.stringify(Object.assign({}, document.body.dataset, "
                        + "{observations: document.getElementById('observations').textContent}))");
                if (value != null && value.isTextual()) {
                    drawn = JSON.readTree(value.asText());
                    enough = drawnEnough.test(drawn);
                }
                if (!enough) {
                    Thread.sleep(250);
                }
            }
            // What the loop saw, not a second look: the feed may have moved on since.
            assertTrue(enough, "the dashboard drew its charts: " + drawn);
            Thread.sleep(1000); // let the newest updates paint before the picture
            chromium.screenshot(screenshot);
        }
        assertTrue(Files.size(screenshot) > 20_000, "a screenshot with content at " + screenshot);
        return drawn;
    }
}
