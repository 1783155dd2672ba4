package vistream.app.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vistream.app.serve.ServiceFixture.await;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vistream.core.drift.PageHinkley;
import vistream.core.moves.ComponentIds;
import vistream.streaming.ClusterDrift;
import vistream.streaming.PosteriorSnapshot;
import vistream.streaming.StreamCheckpoint;

/** {@code GET /api/stats}: what the dashboard's header and its throughput and rejects panel read. */
class ServiceStatsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void statsSayTheThroughputTheUpdateTimeAndTheRejectsByReason() throws Exception {
        List<String> lines = new ArrayList<>(ServiceFixture.observations(5, 3000));
        // One of each reason: malformed, not finite, wrong dimension, out of range; and a second malformed.
        lines.addAll(List.of("abc", "NaN", "1,2", "1e60", "--"));
        Path input = ServiceFixture.write(dir.resolve("in.txt"), lines);
        VistreamService service = VistreamService.start(ServiceFixture.config(input.toString(), "svb", 500, 100, null,
                null, false), ServiceFixture.LOG_WRITER);
        try {
            await("the whole file", () -> service.latest() != null && service.latest().observations() == 3000
                    && service.latest().rejected() == 5);
            long before = System.currentTimeMillis();
            JsonNode stats = JSON.readTree(ServiceFixture.get(service, "/api/stats").body());
            assertTrue(stats.get("time").asLong() >= before, stats.toString());
            assertEquals(3000, stats.get("observations").asLong(), stats.toString());
            assertEquals(5, stats.get("rejected").asLong(), stats.toString());
            assertTrue(stats.get("observationsPerSecond").asDouble() > 0, "the file was read within 10 s: " + stats);
            assertTrue(stats.get("secondsSinceUpdate").asDouble() >= 0, stats.toString());
            JsonNode update = stats.get("update");
            assertTrue(update.get("batches").asLong() >= 6, "a batch of 500 at most: " + stats);
            for (String field : List.of("meanSeconds", "p50Seconds", "p95Seconds", "p99Seconds", "maxSeconds")) {
                assertTrue(update.get(field).isNumber() && update.get(field).asDouble() >= 0, field + ": " + stats);
            }
            assertTrue(update.get("p95Seconds").asDouble() <= update.get("maxSeconds").asDouble() * 1.1, stats.toString());
            JsonNode rejected = stats.get("rejectedByReason");
            assertEquals(List.of("not_finite", "wrong_dimension", "malformed", "out_of_range"),
                    iterate(rejected.fieldNames()), "every reason, in the meters' order: " + stats);
            assertEquals(2, rejected.get("malformed").asLong(), stats.toString());
            assertEquals(1, rejected.get("not_finite").asLong(), stats.toString());
            assertEquals(1, rejected.get("wrong_dimension").asLong(), stats.toString());
            assertEquals(1, rejected.get("out_of_range").asLong(), stats.toString());
            // Streaming VB forgets nothing: the clusters hold every observation between them.
            JsonNode clusters = stats.get("clusters");
            assertEquals(service.latest().clusters(), clusters.get("ids").size(), stats.toString());
            double held = 0;
            for (JsonNode n : clusters.get("observations")) {
                assertTrue(n.asDouble() >= 0, stats.toString());
                held += n.asDouble();
            }
            assertEquals(3000, held, 1e-6 * 3000, "the counts add up to the observations: " + stats);
        } finally {
            service.stop();
        }
    }

    @Test
    void theThroughputIsMeasuredOverTheLastWindowAndReadsZeroOnceTheFeedStopped() {
        SnapshotHistory history = new SnapshotHistory(100, 0);
        assertEquals(0.0, history.observationsPerSecond(1_000, 10_000), "no points");
        // 1,000 observations a second from t = 0 to t = 20 s, a point every second.
        for (int s = 0; s <= 20; s++) {
            history.add(snapshot(1000L * s, 1000L * s));
        }
        assertEquals(1000.0, history.observationsPerSecond(20_000, 10_000), 1e-9);
        assertEquals(500.0, history.observationsPerSecond(25_000, 10_000), 1e-9,
                "half a window after the last update: half the observations of a window");
        assertEquals(0.0, history.observationsPerSecond(30_000, 10_000), "a window after the last update");
        // Resumed at 100 s from a checkpoint of 1,000 observations written at 0 s, then 2,000 a second.
        SnapshotHistory resumed = new SnapshotHistory(100, 0);
        resumed.add(snapshot(1000, 0));
        for (int s = 1; s <= 15; s++) {
            resumed.add(snapshot(1000 + 2000L * s, 100_000 + 1000L * s));
        }
        assertEquals(2000.0, resumed.observationsPerSecond(115_000, 10_000), 1e-9, "the checkpoint's age is no pause");
        SnapshotHistory young = new SnapshotHistory(100, 0);
        young.add(snapshot(0, 0));
        young.add(snapshot(2000, 2000));
        assertEquals(1000.0, young.observationsPerSecond(2000, 10_000), 1e-9, "a history younger than the window");
    }

    /** A one-cluster snapshot of {@code observations} at {@code time}. */
    private static PosteriorSnapshot snapshot(long observations, long time) {
        long[] ids = {1};
        StreamCheckpoint checkpoint = new StreamCheckpoint(new double[2], new ComponentIds(ids, 2), new long[1], 1,
                observations, 0, 1, PageHinkley.State.EMPTY, 0, -1, 1.0, new StreamCheckpoint.Window(ids, new double[2], 0),
                null);
        return new PosteriorSnapshot(1, observations, 0, time, 1, ids, new long[1], new double[] {0.0},
                new double[] {1.0}, new double[] {1.0}, new double[] {1.0}, 1.0, -1.0, -1.0,
                List.of(new ClusterDrift(1, 0, 0, 0, 0)), List.of(), checkpoint);
    }

    private static List<String> iterate(java.util.Iterator<String> names) {
        List<String> out = new ArrayList<>();
        names.forEachRemaining(out::add);
        return out;
    }
}
