package vistream.app.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/** The JVM and process meters: every binder's, with the given tags, or none when switched off. */
class JvmMetersTest {

    /** One meter of each binder. */
    private static final List<String> ONE_OF_EACH = List.of("jvm.memory.used", "jvm.gc.memory.allocated",
            "jvm.threads.live", "jvm.classes.loaded", "system.cpu.count", "process.uptime", "process.files.open");

    @Test
    void switchedOnEveryBinderIsBoundWithTheTags() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (JvmMeters meters = JvmMeters.bind(registry, true, Tags.of("scope", "instance"))) {
            for (String name : ONE_OF_EACH) {
                assertTrue(registry.find(name).tag("scope", "instance").meter() != null, name + " is bound, tagged");
            }
            assertTrue(registry.get("jvm.memory.used").tag("area", "heap").gauge().value() > 0, "heap in use");
        }
    }

    @Test
    void switchedOffNothingIsBound() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (JvmMeters meters = JvmMeters.bind(registry, false, Tags.empty())) {
            assertEquals(List.of(), registry.getMeters());
        }
    }

    @Test
    void closingTwiceIsHarmless() {
        JvmMeters meters = JvmMeters.bind(new SimpleMeterRegistry(), true, Tags.empty());
        meters.close();
        meters.close();
    }
}
