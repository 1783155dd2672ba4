package vistream.app.serve;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JVM's and the process's meters are on /metrics by default, and the configuration turns them off. */
class JvmMetricsSwitchTest {

    @TempDir
    Path dir;

    private String scrape(Boolean jvmMetrics) throws Exception {
        Path input = ServiceFixture.write(dir.resolve("in.txt"), ServiceFixture.observations(1, 10));
        ServiceConfig config = ServiceConfig.of(jvmMetrics == null ? Map.of() : Map.of("jvmMetrics", jvmMetrics))
                .over(ServiceFixture.config(input.toString(), "svb", 5, 100, null, null, null));
        VistreamService service = VistreamService.start(config, ServiceFixture.LOG_WRITER);
        try {
            return ServiceFixture.get(service, "/metrics").body();
        } finally {
            service.stop();
        }
    }

    @Test
    void onByDefaultAndOffWhenSwitchedOff() throws Exception {
        String on = scrape(null);
        assertTrue(on.contains("\njvm_memory_used_bytes{") && on.contains("\nprocess_cpu_usage "), "default on");
        String off = scrape(false);
        assertFalse(off.contains("jvm_") || off.contains("process_cpu"), "switched off");
        assertTrue(off.contains("vistream_"), "the service's own meters stay");
    }
}
