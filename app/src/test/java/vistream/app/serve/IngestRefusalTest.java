package vistream.app.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collections;
import java.util.List;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import vistream.app.source.LineParser;

/** Posted observations that do not fit in the ingest queue, or come while it stops, are counted. */
class IngestRefusalTest {

    @Test
    void everyRefusedObservationIsCounted() {
        Ingest ingest = new Ingest(8, new LineParser(1));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ingest.bindTo(registry);
        assertEquals(0.0, refused(registry));

        // Nothing drains the queue: what does not fit is refused.
        Ingest.Result full = ingest.offer(Collections.nCopies(20, "1.5"));
        assertTrue(full.refused() > 0 && full.accepted() + full.refused() == 20, full.toString());
        assertEquals(full.refused(), refused(registry));

        ingest.complete();
        Ingest.Result stopping = ingest.offer(List.of("1", "2", "3"));
        assertEquals(3, stopping.refused(), "once stopping, every line is refused");
        assertEquals(full.refused() + 3.0, refused(registry));
    }

    private static double refused(SimpleMeterRegistry registry) {
        return registry.get("vistream.ingest.refused").functionCounter().count();
    }
}
