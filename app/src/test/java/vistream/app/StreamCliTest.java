package vistream.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import vistream.streaming.SnapshotJson;

/** The {@code stream} command's contract: NDJSON snapshots, bad lines reported and counted. */
class StreamCliTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Path data(String name, int n, String... badLines) throws IOException {
        StringBuilder text = new StringBuilder("value\n");
        java.util.SplittableRandom random = new java.util.SplittableRandom(6);
        for (int i = 0; i < n; i++) {
            text.append(new double[] {-5, 0, 5}[i % 3] + random.nextDouble() - 0.5).append('\n');
            if (i == 10) {
                for (String bad : badLines) {
                    text.append(bad).append('\n');
                }
            }
        }
        return Files.writeString(dir.resolve(name), text.toString());
    }

    @Test
    void printsOneSnapshotPerLineWithTheContractFieldsAndReportsBadLines() throws IOException {
        Path file = data("d.txt", 1000, "abc", "NaN", "1,2");
        CliRun run = CliRun.of("stream", "--data", file.toString(), "--k", "3", "--sigma0", "10", "--sigma", "1",
                "--update", "svb", "--batch-size", "100");
        assertEquals(0, run.status(), run.err());
        List<String> lines = run.out().lines().toList();
        assertEquals(10, lines.size());
        List<String> errors = run.err().lines().toList();
        assertEquals(List.of("vistream stream: " + file + ":13: 'abc' is not a number",
                "vistream stream: " + file + ":14: 'NaN' is not a finite number",
                "vistream stream: " + file + ":15: '1,2' has 2 values, expected 1"), errors);
        for (int i = 0; i < lines.size(); i++) {
            JsonNode s = JSON.readTree(lines.get(i));
            for (String field : List.of("seq", "observations", "rejected", "means", "variances", "weights", "elbo",
                    "stepSize", "predictiveLogDensity", "drift", "driftEvents")) {
                assertTrue(s.has(field), "line " + (i + 1) + " lacks " + field);
            }
            assertFalse(s.has("checkpoint"), "the checkpoint only with --with-checkpoint");
            assertEquals(i + 1, s.get("seq").asInt());
            assertEquals(100L * (i + 1), s.get("observations").asLong());
            assertEquals(3, s.get("rejected").asInt(), "every line counts the bad lines before it");
            assertTrue(s.get("driftEvents").isArray());
        }
        JsonNode last = JSON.readTree(lines.get(9));
        double[] means = new double[3];
        for (int k = 0; k < 3; k++) {
            means[k] = last.get("means").get(k).asDouble();
        }
        java.util.Arrays.sort(means);
        assertEquals(-5, means[0], 0.1);
        assertEquals(0, means[1], 0.1);
        assertEquals(5, means[2], 0.1);
    }

    @Test
    void everyRuleRunsAndTheLastLineIsTheFinalPosterior() throws IOException {
        Path file = data("e.txt", 950);
        for (String[] rule : List.of(new String[] {"svi", "--size", "950"}, new String[] {"svb"},
                new String[] {"pvb", "--population", "500"}, new String[] {"constant", "--step", "0.2"})) {
            String[] args = {"stream", "--data", file.toString(), "--k", "3", "--sigma0", "10", "--sigma", "1",
                "--batch-size", "100", "--every", "400", "--with-checkpoint", "--update"};
            String[] all = java.util.Arrays.copyOf(args, args.length + rule.length);
            System.arraycopy(rule, 0, all, args.length, rule.length);
            CliRun run = CliRun.of(all);
            assertEquals(0, run.status(), run.err());
            List<String> lines = run.out().lines().toList();
            assertEquals(List.of(400L, 800L, 950L), lines.stream().map(l -> SnapshotJson.read(l).observations()).toList(),
                    rule[0] + ": a line each 400 observations and the final posterior");
        }
    }

    @Test
    void readsStandardInput() throws IOException {
        InputStream saved = System.in;
        try {
            System.setIn(new ByteArrayInputStream("1\n2\n-1\n".getBytes(StandardCharsets.UTF_8)));
            CliRun run = CliRun.of("stream", "--data", "-", "--k", "1", "--sigma0", "10", "--sigma", "1", "--update", "svb");
            assertEquals(0, run.status(), run.err());
            // K = 1: the posterior mean is Σx/σ² / (1/σ0² + n/σ²) = 2 / (0.01 + 3).
            assertEquals(2 / 3.01, JSON.readTree(run.out()).get("means").get(0).asDouble(), 1e-12);
        } finally {
            System.setIn(saved);
        }
    }

    @Test
    void userErrorsExitTwo() throws IOException {
        Path file = data("f.txt", 10);
        String[] common = {"stream", "--data", file.toString(), "--k", "2", "--sigma0", "1", "--sigma", "1", "--update"};
        assertError("update svi needs a size N (--size)", concat(common, "svi"));
        assertError("unknown update rule 'sgd': use svi, svb, pvb or constant", concat(common, "sgd"));
        assertError("kappa must be in (0.5, 1], got 0.4", concat(common, "pvb", "--kappa", "0.4"));
        assertError("rho must be in (0, 1], got 2.0", concat(common, "constant", "--step", "2"));
        assertError("batch size must be at least 1", concat(common, "svb", "--batch-size", "0"));
        assertError("no such file", "stream", "--data", dir.resolve("none").toString(), "--k", "2", "--sigma0", "1",
                "--sigma", "1", "--update", "svb");
        Path bad = Files.writeString(dir.resolve("bad.txt"), "1\nx\ny\n");
        CliRun allBad = CliRun.of("stream", "--data", bad.toString(), "--k", "2", "--sigma0", "1", "--sigma", "1",
                "--update", "svb", "--init-means", "0,1");
        assertEquals(0, allBad.status(), "one good line is a stream: " + allBad.err());
        assertEquals(2, allBad.err().lines().count());
        Path none = Files.writeString(dir.resolve("none.txt"), "h\nx\ny\n");
        assertError("no valid observations (2 bad lines)", "stream", "--data", none.toString(), "--k", "2", "--sigma0",
                "1", "--sigma", "1", "--update", "svb");
    }

    private static void assertError(String message, String... args) {
        CliRun run = CliRun.of(args);
        assertEquals(2, run.status(), String.join(" ", args) + "\n" + run.err());
        assertTrue(run.err().contains(message), () -> "'" + run.err() + "' should contain '" + message + "'");
        assertFalse(run.err().contains("\tat "), "no stack trace");
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
