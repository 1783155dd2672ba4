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
        String browser = BROWSERS.stream().filter(b -> Files.isExecutable(Path.of(b))).findFirst().orElse(null);
        if (browser == null) {
            String reason = "no Chromium at " + BROWSERS + ": install Debian's chromium package to run the dashboard test";
            System.out.println("SKIPPED DashboardBrowserTest: " + reason);
            Assumptions.abort(reason);
        }
        ServiceConfig config = new ServiceConfig(null, null, null, null, null, null, 500, 200L, null, null, null, null,
                null, null, 3L, null, null, null, null, null, null, 0, 20_000.0, null, null, null, null, null, null)
                .over(ServiceConfig.DEFAULTS);
        VistreamService service = VistreamService.start(config, ServiceFixture.LOG_WRITER);
        try {
            await("a few thousand synthetic observations", () -> service.latest() != null
                    && service.latest().observations() >= 5000);
            String url = "http://127.0.0.1:" + service.port() + "/";
            Path screenshot = Path.of("target", "dashboard.png").toAbsolutePath();
            Files.deleteIfExists(screenshot);
            try (HeadlessChromium chromium = new HeadlessChromium(browser, profile)) {
                chromium.navigate(url);
                JsonNode drawn = null;
                long deadline = System.nanoTime() + HeadlessChromium.patience().toNanos();
                while (System.nanoTime() < deadline) {
                    // Until the page has loaded this finds no element and evaluates to nothing.
                    JsonNode value = chromium.evaluate("JSON.stringify(Object.assign({}, document.body.dataset, "
                            + "{observations: document.getElementById('observations').textContent}))");
                    if (value != null && value.isTextual()) {
                        drawn = JSON.readTree(value.asText());
                        if (drawn.has("elboPoints") && drawn.has("histogramBins") && drawn.path("meanPoints").asInt() > 1) {
                            break;
                        }
                    }
                    Thread.sleep(250);
                }
                assertTrue(drawn != null && drawn.has("elboPoints"), "the dashboard drew its charts: " + drawn);
                assertTrue(drawn.get("elboPoints").asInt() > 1, "the ELBO chart has points: " + drawn);
                assertTrue(drawn.get("meanPoints").asInt() > 1, "the means chart has points: " + drawn);
                assertEquals(60, drawn.get("histogramBins").asInt(), "the histogram has its 60 bins: " + drawn);
                assertTrue(drawn.get("observations").asText().matches("[0-9,]+"), "the header shows the count: " + drawn);
                Thread.sleep(1000); // let the newest updates paint before the picture
                chromium.screenshot(screenshot);
            }
            assertTrue(Files.size(screenshot) > 20_000, "a screenshot with content at " + screenshot);
        } finally {
            service.stop();
        }
    }
}
