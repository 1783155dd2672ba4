package vistream.app.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vistream.app.serve.ServiceFixture.await;
import static vistream.app.serve.ServiceFixture.get;
import static vistream.app.serve.ServiceFixture.post;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.Disposable;
import vistream.streaming.PosteriorSnapshot;
import vistream.streaming.SnapshotJson;

/** What HTTP ingest replies and what the model then does with the lines must agree; hostile input stays harmless. */
class IngestTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void theReplyAgreesWithTheModelWhenColumnsAreChosen() throws Exception {
        List<String> lines = new ArrayList<>(List.of("id,x,y,z"));
        for (int i = 0; i < 300; i++) {
            lines.add(i + "," + (i % 3 - 1) * 5 + "." + i % 10 + "," + i % 7 + ".5," + i % 2);
        }
        Path input = ServiceFixture.write(dir.resolve("points.csv"), lines);
        VistreamService service = VistreamService.start(ServiceFixture.multivariate(input.toString(), "full", 3,
                List.of("x", "y"), List.of(1, 2), null), ServiceFixture.LOG_WRITER);
        try {
            await("the file", () -> service.latest() != null && service.latest().observations() == 300);
            // Lines are rows of the input's layout (every field, two of them taken); {"x": …} holds the two values.
            JsonNode reply = JSON.readTree(post(service, "/api/observations",
                    "1.0,2.0\n9,1.0,2.0,3.0\n8,0.5,1.5,2.5\n{\"x\": [0.5, 1.5]}\n").body());
            assertEquals(3, reply.get("accepted").asInt(), reply.toString());
            assertEquals(1, reply.get("rejected").asInt(), reply.toString());
            assertTrue(reply.get("errors").get(0).asText().contains("'1.0,2.0' has 2 fields, expected 4"),
                    reply.toString());
            await("the posted lines", () -> service.latest().observations() == 303);
            assertEquals(1, service.latest().rejected(), "the model rejects exactly what the reply said");
            assertEquals(null, service.failure());
        } finally {
            service.stop();
        }
    }

    @Test
    void extremeButParseableValuesLeaveEverySnapshotMeterAndCheckpointFinite() throws Exception {
        Path input = ServiceFixture.write(dir.resolve("in.txt"), ServiceFixture.observations(2, 600));
        Path checkpoint = dir.resolve("state.json");
        VistreamService service = VistreamService.start(ServiceFixture.config(input.toString(), "svb", 100, 100, null,
                checkpoint.toString(), null), ServiceFixture.LOG_WRITER);
        List<PosteriorSnapshot> seen = new CopyOnWriteArrayList<>();
        Disposable watching = service.updates().subscribe(seen::add);
        try {
            await("the file", () -> service.latest() != null && service.latest().observations() == 600);
            String[] extremes = {"1e50", "-1e50", "4.9e-324", "-1e-300", "0", "-0", "3e49", "1e-50", "-7.5e49"};
            String body = (String.join("\n", extremes) + "\n").repeat(40);
            JsonNode reply = JSON.readTree(post(service, "/api/observations", body).body());
            assertEquals(40 * extremes.length, reply.get("accepted").asInt(), reply.toString());
            await("the extremes in range", () -> service.latest().observations() == 600 + 40 * extremes.length
                    || service.failure() != null);
            assertEquals(null, service.failure());
            JsonNode beyond = JSON.readTree(post(service, "/api/observations", "1.797e308\n-1e51\n").body());
            assertEquals(2, beyond.get("rejected").asInt(), beyond.toString());
            assertTrue(beyond.get("errors").get(0).asText().contains("'1.797e308' is out of range"), beyond.toString());
            await("the rejections", () -> service.latest().rejected() == 2);
            for (PosteriorSnapshot s : seen) {
                assertFiniteJson(JSON.readTree(SnapshotJson.write(s)));
            }
            assertFiniteJson(JSON.readTree(get(service, "/api/model").body()));
            assertFiniteJson(JSON.readTree(get(service, "/api/history").body()));
            assertFiniteJson(JSON.readTree(get(service, "/api/histogram").body()));
            String metrics = get(service, "/metrics").body();
            for (String line : metrics.lines().filter(l -> !l.startsWith("#")).toList()) {
                String value = line.substring(line.lastIndexOf(' ') + 1);
                assertTrue(Double.isFinite(Double.parseDouble(value)), line);
            }
            assertTrue(metrics.contains("vistream_observations_rejected_total{reason=\"out_of_range\"} 2.0"), metrics);
            assertEquals(null, service.failure());
        } finally {
            watching.dispose();
            service.stop();
        }
        assertFiniteJson(JSON.readTree(Files.readString(checkpoint)));
    }

    @Test
    void controlBytesOfPostedLinesAreEscapedInTheLogAndKeptInTheDeadLetters() throws Exception {
        Path input = ServiceFixture.write(dir.resolve("in.txt"), ServiceFixture.observations(1, 30));
        Path rejects = dir.resolve("rejects.jsonl");
        StringWriter log = new StringWriter();
        VistreamService service = VistreamService.start(ServiceFixture.config(input.toString(), "svb", 10, 100,
                rejects.toString(), null, null), new PrintWriter(log, true));
        String hostile = "1\u001b[31m\rvistream serve: all clear";
        try {
            await("the file", () -> service.latest() != null && service.latest().observations() == 30);
            JsonNode reply = JSON.readTree(post(service, "/api/observations", hostile + "\n").body());
            assertEquals(1, reply.get("rejected").asInt(), reply.toString());
            assertFalse(reply.get("errors").get(0).asText().contains("\u001b"), reply.toString());
            await("the rejection", () -> service.latest().rejected() == 1);
        } finally {
            service.stop();
        }
        assertTrue(log.toString().contains("\\u001b[31m\\rvistream serve: all clear"), log.toString());
        assertFalse(log.toString().contains("\u001b") || log.toString().contains("\r"), log.toString());
        JsonNode dead = JSON.readTree(Files.readAllLines(rejects).get(0));
        assertEquals(hostile, dead.get("content").asText(), "the dead letter keeps the line as it came");
    }

    @Test
    void aByteOrderMarkBeforeABodyIsDropped() throws Exception {
        Path input = ServiceFixture.write(dir.resolve("in.txt"), ServiceFixture.observations(1, 30));
        VistreamService service = VistreamService.start(ServiceFixture.config(input.toString(), "svb", 10, 100,
                null, null, null), ServiceFixture.LOG_WRITER);
        try {
            await("the file", () -> service.latest() != null && service.latest().observations() == 30);
            assertEquals(2, JSON.readTree(post(service, "/api/observations", "\ufeff1.5\n2.5\n").body())
                    .get("accepted").asInt());
            assertEquals(2, JSON.readTree(post(service, "/api/observations", "\ufeff[1.5, 2.5]").body())
                    .get("accepted").asInt(), "a marked JSON array is still an array");
        } finally {
            service.stop();
        }
    }

    /** No NaN or ±∞ anywhere in a JSON tree (Jackson writes them as strings, or as bare tokens it then refuses). */
    private static void assertFiniteJson(JsonNode node) {
        if (node.isNumber()) {
            assertTrue(Double.isFinite(node.asDouble()), node.toString());
        }
        assertFalse(node.isTextual() && List.of("NaN", "Infinity", "-Infinity").contains(node.asText()),
                node.toString());
        node.forEach(IngestTest::assertFiniteJson);
    }
}
