package vistream.app.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vistream.app.serve.ServiceFixture.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard loaded in a real headless Chromium (Debian's {@code chromium} package, which
 * {@code .ci/run} installs): the page draws every panel with data, shows when its feed is cut, and
 * its screenshots are kept under {@code app/target/}; the one of the demo's changes is also the
 * README's picture, {@code docs/dashboard.png}, when run with {@code -Dvistream.readme.screenshot=true}.
 * Without a browser the test is skipped and says why.
 */
class DashboardBrowserTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> BROWSERS = HeadlessChromium.candidates();

    @TempDir
    Path profile;

    @Test
    void theDashboardDrawsEveryPanelWithDataAndShowsWhenItsFeedIsCut() throws Exception {
        String browser = browserOrSkip();
        VistreamService service = VistreamService.start(demoAt(20_000.0), ServiceFixture.LOG_WRITER);
        try (Page page = new Page(browser, WINDOW_WIDTH, 1100)) {
            await("a few thousand synthetic observations", () -> service.latest() != null
                    && service.latest().observations() >= 5000);
            page.open(service);
            // The feed goes on while the page loads, and a birth may change K meanwhile: the page has
            // caught up when its table has a row per cluster of the latest snapshot.
            JsonNode drawn = page.await("the dashboard drew its panels", data -> data.has("elboPoints")
                    && data.has("histogramBins") && data.path("meanPoints").asInt() > 1
                    && data.path("weightPoints").asInt() > 1 && data.path("throughputPoints").asInt() > 1
                    && data.path("latencyPoints").asInt() >= 1 && data.path("connection").asText().equals("live")
                    && data.path("clusterRows").asInt() == service.latest().clusters());
            page.screenshot(Path.of("target", "dashboard.png"));
            assertTrue(drawn.get("elboPoints").asInt() > 1, "the ELBO chart has points: " + drawn);
            assertTrue(drawn.get("meanPoints").asInt() > 1, "the means chart has points: " + drawn);
            assertTrue(drawn.get("weightPoints").asInt() > 1, "the weights chart has points: " + drawn);
            assertTrue(drawn.get("throughputPoints").asInt() > 1, "the throughput chart has points: " + drawn);
            assertTrue(drawn.get("latencyPoints").asInt() >= 1, "the update time is plotted: " + drawn);
            assertEquals(60, drawn.get("histogramBins").asInt(), "the histogram has its 60 bins: " + drawn);
            assertRound(drawn.get("histogramTicks").asText());
            assertTrue(drawn.get("bandPixels").asInt() >= 4, "the ±2 sd bands are visible: " + drawn);
            assertTrue(drawn.get("observations").asText().matches("[0-9,]+"), "the header shows the count: " + drawn);
            assertTrue(drawn.get("throughput").asText().matches("[1-9][0-9,]*"), "the header shows obs/s: " + drawn);
            assertTrue(drawn.get("latency").asText().matches("[0-9]+(\\.[0-9]+)?"), "the header shows the p95: " + drawn);
            assertTrue(drawn.get("age").asDouble() < 60, "the last update is recent: " + drawn);
            assertEquals(4, drawn.get("rejectReasons").asInt(), "a row per reason of rejection: " + drawn);
            assertTrue(drawn.get("clusterRows").asInt() >= 3, "a table row per cluster (checked against the service "
                    + "while drawing): " + drawn);
            assertEquals(0, drawn.get("emptyCells").asInt(), "every row of panels is full: " + drawn);

            service.stop();
            JsonNode cut = page.await("the page saw its feed cut",
                    data -> data.path("connection").asText().equals("disconnected"));
            assertTrue(cut.get("status").asText().startsWith("disconnected"), "the header says so: " + cut);
            page.screenshot(Path.of("target", "dashboard-disconnected.png"));
        } finally {
            service.stop();
        }
    }

    @Test
    void theDashboardShowsTheFeedsChangesAsMovesAndEpisodes() throws Exception {
        String browser = browserOrSkip();
        // The default demo ten times as fast: cluster B jumps at 60,000 and cluster D appears at 120,000.
        VistreamService service = VistreamService.start(demoAt(20_000.0), ServiceFixture.LOG_WRITER);
        try (Page page = new Page(browser, WINDOW_WIDTH, README_HEIGHT)) {
            await("the fourth cluster's appearance and 10,000 more", () -> service.latest() != null
                    && service.latest().observations() >= 130_000);
            page.open(service);
            JsonNode drawn = page.await("the dashboard drew the changes", data -> data.path("clusterRows").asInt() == 4
                    && data.path("logged").asInt() >= 5 && data.path("latencyPoints").asInt() >= 2
                    && data.path("throughputPoints").asInt() > 1 && data.has("histogramBins"));
            Path screenshot = page.screenshot(Path.of("target", "dashboard-changes.png"));
            assertEquals(4, drawn.get("clusterRows").asInt(), "four clusters in the table: " + drawn);
            List<String> marked = List.of(drawn.get("marked").asText().split(","));
            assertTrue(marked.containsAll(List.of("page-hinkley", "birth", "delete")),
                    "the means chart marks the alarms, the births and the delete: " + drawn);
            // The start's merge, then the jump (alarm, birth, delete) and the appearance (alarm, birth).
            assertEquals(6, drawn.get("logged").asInt(), "six events: " + drawn);
            assertEquals(3, drawn.get("episodes").asInt(), "the merge, and two episodes of change: " + drawn);
            assertEquals(0, drawn.get("emptyCells").asInt(), "every row of panels is full: " + drawn);
            // The README shows this picture, what the page draws. Refreshed on request only, so that
            // every verify does not leave the tree with a picture that differs by a few pixels:
            // ./mvnw verify -Dvistream.readme.screenshot=true
            if (Boolean.getBoolean("vistream.readme.screenshot")) {
                Files.copy(screenshot, README_PICTURE, StandardCopyOption.REPLACE_EXISTING);
            }
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
            JsonNode drawn;
            try (Page page = new Page(browser, WINDOW_WIDTH, 1100)) {
                page.open(service);
                drawn = page.await("the dashboard drew its panels", data -> data.has("elboPoints")
                        && data.has("scatterPoints") && data.has("ellipses"));
                page.screenshot(Path.of("target", "dashboard-2d.png"));
            }
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

    /** The width of every window, and the height that shows the whole page at that width. */
    private static final int WINDOW_WIDTH = 1400;
    private static final int README_HEIGHT = 1380;
    /** The README's picture of the dashboard, from the module's directory. */
    private static final Path README_PICTURE = Path.of("..", "docs", "dashboard.png");

    /**
     * What the page recorded on its body, with the header's figures, and how many rows of panels
     * leave a cell empty (the panels of a row, with the gaps between them, fill the grid's width).
     */
    private static final String STATE = "JSON.stringify(Object.assign({}, document.body.dataset, {"
            + "observations: document.getElementById('observations').textContent,"
            + "throughput: document.getElementById('throughput').textContent,"
            + "latency: document.getElementById('latency').textContent,"
            + "status: document.getElementById('status').textContent,"
            + "emptyCells: (() => {"
            + "  const main = document.querySelector('main'), style = getComputedStyle(main), rows = new Map();"
            + "  const width = main.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);"
            + "  for (const s of main.children) {"
            + "    const r = s.getBoundingClientRect(), top = Math.round(r.top);"
            + "    rows.set(top, (rows.get(top) || []).concat([r.width]));"
            + "  }"
            + "  let empty = 0;"
            + "  rows.forEach(w => { if (w.reduce((a, b) => a + b, 0) + parseFloat(style.columnGap) * (w.length - 1)"
            + "    < width - 2) empty++; });"
            + "  return empty; })()}))";

    /** Tick labels at multiples of a round step (1, 2 or 5 times a power of ten). */
    private static void assertRound(String ticks) {
        double[] t = java.util.Arrays.stream(ticks.split(",")).mapToDouble(Double::parseDouble).toArray();
        assertTrue(t.length >= 3, "the histogram's axis has ticks: " + ticks);
        double step = t[1] - t[0];
        double mantissa = step / Math.pow(10, Math.floor(Math.log10(step)));
        assertTrue(List.of(1L, 2L, 5L).contains(Math.round(mantissa)) && Math.abs(mantissa - Math.round(mantissa)) < 1e-9,
                "a round step between the histogram's ticks: " + ticks);
        for (double v : t) {
            assertEquals(Math.round(v / step), v / step, 1e-9, "every tick a multiple of the step: " + ticks);
        }
    }

    /** The dashboard in a headless Chromium. */
    private final class Page implements AutoCloseable {

        private final HeadlessChromium chromium;

        Page(String browser, int width, int height) throws Exception {
            chromium = new HeadlessChromium(browser, Files.createTempDirectory(profile, "chromium"), width, height);
        }

        void open(VistreamService service) throws Exception {
            chromium.navigate("http://127.0.0.1:" + service.port() + "/");
        }

        /**
         * Waits until what the page records satisfies {@code enough}, judged on one reading, and returns
         * that reading: the feed may have moved on since.
         */
        JsonNode await(String what, java.util.function.Predicate<JsonNode> enough) throws Exception {
            long deadline = System.nanoTime() + HeadlessChromium.patience().toNanos();
            JsonNode drawn = null;
            while (System.nanoTime() < deadline) {
                // Until the page has loaded this finds no element and evaluates to nothing.
                JsonNode value = chromium.evaluate(STATE);
                if (value != null && value.isTextual()) {
                    drawn = JSON.readTree(value.asText());
                    if (enough.test(drawn)) {
                        return drawn;
                    }
                }
                Thread.sleep(250);
            }
            throw new AssertionError(what + ", not within " + HeadlessChromium.patience().toSeconds() + " s: " + drawn);
        }

        /** Lets the newest updates paint, then saves the window. */
        Path screenshot(Path file) throws Exception {
            Path screenshot = file.toAbsolutePath();
            Files.deleteIfExists(screenshot);
            Thread.sleep(1000);
            chromium.screenshot(screenshot);
            assertTrue(Files.size(screenshot) > 20_000, "a screenshot with content at " + screenshot);
            return screenshot;
        }

        @Override
        public void close() {
            chromium.close();
        }
    }
}
