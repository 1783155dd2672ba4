package vistream.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Data files as testers wrote them: odd first lines, byte order marks, directories, extreme values, control bytes. */
class DataFilesCliTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void oneBadFirstLineDoesNotSetTheWidthOfAStream() throws IOException {
        StringBuilder text = new StringBuilder("1,2,3\n");
        java.util.SplittableRandom random = new java.util.SplittableRandom(3);
        for (int i = 0; i < 5000; i++) {
            double c = i % 2 == 0 ? -4 : 4;
            text.append(c + random.nextDouble()).append(',').append(-c + random.nextDouble()).append('\n');
        }
        Path file = Files.writeString(dir.resolve("hijack.csv"), text.toString());
        CliRun run = CliRun.of("stream", "--model", "full", "--data", file.toString(), "--k", "2", "--update", "svb",
                "--batch-size", "1000", "--no-moves");
        assertEquals(0, run.status(), run.err());
        List<String> lines = run.out().lines().toList();
        JsonNode last = JSON.readTree(lines.get(lines.size() - 1));
        assertEquals(5000, last.get("observations").asLong());
        assertEquals(1, last.get("rejected").asLong());
        assertEquals(List.of("vistream stream: " + file + ":1: '1,2,3' has 3 fields, expected 2"),
                run.err().lines().toList());
    }

    @Test
    void aByteOrderMarkIsNotAHeader() throws IOException {
        Path file = Files.writeString(dir.resolve("bom.txt"), "\ufeff1\n2\n3\n");
        CliRun run = CliRun.of("fit", "--data", file.toString(), "--k", "1", "--sigma0", "10", "--sigma", "1");
        assertEquals(0, run.status(), run.err());
        assertEquals(3, JSON.readTree(run.out()).get("n").asInt());
        Path csv = Files.writeString(dir.resolve("bom.csv"), "\ufeffx,y\n1,2\n3,5\n4,1\n");
        CliRun columns = CliRun.of("fit", "--model", "full", "--data", csv.toString(), "--columns", "x", "--k", "1");
        assertEquals(0, columns.status(), columns.err());
        assertEquals(List.of("x"), JSON.convertValue(JSON.readTree(columns.out()).get("columns"), List.class));
    }

    @Test
    void aDirectoryAsDataIsOneLineAndExitTwo() throws IOException {
        String d = dir.toString();
        String why = "cannot read " + d + ": it is a directory";
        assertUserError(why, "fit", "--data", d, "--k", "2", "--sigma0", "1", "--sigma", "1");
        assertUserError(why, "fit", "--model", "full", "--data", d, "--k", "2");
        assertUserError(why, "evidence", "--data", d, "--k", "2", "--sigma0", "1", "--sigma", "1");
        assertUserError(why, "stream", "--data", d, "--k", "2", "--sigma0", "1", "--sigma", "1", "--update", "svb");
        assertUserError(why, "stream", "--model", "diag", "--data", d, "--k", "2", "--update", "svb");
        Path structure = Files.writeString(dir.resolve("s.json"),
                "{\"variables\": [{\"name\": \"a\", \"states\": [\"0\", \"1\"], \"parents\": []}]}");
        assertUserError(why, "bn", "fit", "--structure", structure.toString(), "--data", d, "--out",
                dir.resolve("m.json").toString());
        assertUserError(why, "serve", "--input", d, "--port", "0");
        assertUserError(why, "serve", "--model", "full", "--input", d, "--port", "0");
    }

    @Test
    void bnRecordsWithAByteOrderMarkOrControlBytes() throws IOException {
        Path structure = Files.writeString(dir.resolve("s.json"),
                "{\"variables\": [{\"name\": \"a\", \"states\": [\"0\", \"1\"], \"parents\": []}]}");
        Path marked = Files.writeString(dir.resolve("marked.csv"), "\ufeffa\n0\n1\n1\n");
        CliRun run = CliRun.of("bn", "fit", "--structure", structure.toString(), "--data", marked.toString(), "--out",
                dir.resolve("m.json").toString());
        assertEquals(0, run.status(), run.err());
        assertEquals(3, JSON.readTree(run.out()).get("records").asInt());
        Path hostile = Files.writeString(dir.resolve("hostile.csv"), "a\n0\n\u001b[2J\rforged\n");
        assertUserError("is not a state of 'a'", "bn", "fit", "--structure", structure.toString(), "--data",
                hostile.toString(), "--out", dir.resolve("m.json").toString());
        CliRun escaped = CliRun.of("bn", "fit", "--structure", structure.toString(), "--data", hostile.toString(),
                "--out", dir.resolve("m.json").toString());
        assertFalse(escaped.err().contains("\u001b") || escaped.err().contains("\r"), escaped.err());
        Path out = dir.resolve("nowhere").resolve("m.json");
        assertUserError("cannot write the model file " + out + ": no such directory " + out.getParent(), "bn", "fit",
                "--structure", structure.toString(), "--data", marked.toString(), "--out", out.toString());
    }

    @Test
    void aRejectsFileInAMissingDirectoryIsOneLineAndExitTwo() throws IOException {
        Path data = Files.writeString(dir.resolve("ok.txt"), "1\n2\n3\n");
        Path rejects = dir.resolve("nowhere").resolve("rejects.jsonl");
        assertUserError("cannot open the rejects file " + rejects + ": no such directory " + rejects.getParent(),
                "serve", "--input", data.toString(), "--rejects", rejects.toString(), "--port", "0");
        assertUserError("cannot open the rejects file " + dir + ": it is a directory",
                "serve", "--input", data.toString(), "--rejects", dir.toString(), "--port", "0");
    }

    @Test
    void valuesWhoseSquaresOverflowAreOutOfRangeNotNaN() throws IOException {
        Path file = Files.writeString(dir.resolve("huge.txt"), "1e160\n2e160\n-3e160\n");
        assertUserError(file + ":1: '1e160' is out of range (beyond ±1e50)",
                "fit", "--data", file.toString(), "--k", "2", "--sigma0", "1", "--sigma", "1");
        Path ok = Files.writeString(dir.resolve("ok.txt"), "1\n2\n3\n");
        assertUserError("component standard deviation sigma must be between 1e-50 and 1e50, got 1.0E-160",
                "fit", "--data", ok.toString(), "--k", "2", "--sigma0", "1", "--sigma", "1e-160");
        assertUserError("prior standard deviation sigma0 must be between 1e-50 and 1e50, got 1.0E200",
                "stream", "--data", ok.toString(), "--k", "2", "--sigma0", "1e200", "--sigma", "1", "--update", "svb");
        Path csv = Files.writeString(dir.resolve("ok.csv"), "1,2\n3,5\n4,1\n");
        assertUserError("prior covariance", "fit", "--model", "full", "--data", csv.toString(), "--k", "1",
                "--covariance0", "1e-160,0,0,1");
        assertUserError("mean precision beta0 must be between 1e-50 and 1e50, got 1.0E-300",
                "fit", "--model", "full", "--data", csv.toString(), "--k", "1", "--beta0", "1e-300");
        Path bounds = Files.writeString(dir.resolve("edge.txt"), "1e50\n-1e50\n0\n3e49\n");
        CliRun edge = CliRun.of("fit", "--data", bounds.toString(), "--k", "2", "--sigma0", "1e-50", "--sigma",
                "1e-50");
        assertEquals(0, edge.status(), edge.err());
        assertFinite(JSON.readTree(edge.out()));
    }

    @Test
    void controlBytesOfBadLinesAreEscapedOnStderr() throws IOException {
        Path file = Files.writeString(dir.resolve("esc.txt"), "1\n2\n3\u001b[2J\r\nvistream stream: forged\r4\n5\n");
        CliRun run = CliRun.of("stream", "--data", file.toString(), "--k", "1", "--sigma0", "10", "--sigma", "1",
                "--update", "svb");
        assertEquals(0, run.status(), run.err());
        assertFalse(run.err().contains("\u001b") || run.err().contains("\r"), run.err());
        assertEquals(List.of("vistream stream: " + file + ":3: '3\\u001b[2J' is not a number",
                "vistream stream: " + file + ":4: 'vistream stream: forged\\r4' is not a number"),
                run.err().lines().toList());
        CliRun fit = CliRun.of("fit", "--data", file.toString(), "--k", "1", "--sigma0", "10", "--sigma", "1");
        assertEquals(2, fit.status());
        assertFalse(fit.err().contains("\u001b") || fit.err().contains("\r"), fit.err());
    }

    /** Every number in a JSON tree is finite (Jackson reads NaN and ±∞ only as such). */
    static void assertFinite(JsonNode node) {
        if (node.isNumber()) {
            assertTrue(Double.isFinite(node.asDouble()), node.toString());
        }
        assertFalse(node.isTextual() && List.of("NaN", "Infinity", "-Infinity").contains(node.asText()),
                node.toString());
        node.forEach(DataFilesCliTest::assertFinite);
    }

    private static void assertUserError(String message, String... args) {
        CliRun run = CliRun.of(args);
        assertEquals(2, run.status(), String.join(" ", args) + "\n" + run.err());
        assertEquals(1, run.err().lines().count(), "one line: " + run.err());
        assertTrue(run.err().contains(message), () -> "'" + run.err() + "' should contain '" + message + "'");
    }
}
