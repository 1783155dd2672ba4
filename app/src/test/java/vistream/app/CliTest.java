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

import vistream.core.mixture.LocalStepPath;

/** The {@code fit} and {@code evidence} contract, through the command line in-process. */
class CliTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The reference README: "compare with a relative tolerance of 1e-9". */
    private static final double REFERENCE = 1e-9;

    @TempDir
    Path dir;

    /** tiny_k3_n9.csv, copied from ../shared/reference, whose first case is K 3, sigma0 4, sigma 1. */
    private static String tiny() throws IOException {
        try (var in = CliTest.class.getResourceAsStream("/reference/tiny_k3_n9.csv")) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    @Test
    void fitPrintsOneJsonObjectWithTheContractFieldsAndReproducesTheReference() throws IOException {
        Path data = write("tiny.csv", tiny());
        CliRun run = CliRun.of("fit", "--data", data.toString(), "--k", "3", "--sigma0", "4", "--sigma", "1",
                "--init-means=-4,0,4", "--init-variance", "1", "--max-iter", "30", "--tol", "0");
        assertEquals(0, run.status(), run.err());
        assertEquals(1, run.out().lines().count(), "exactly one line on stdout");
        JsonNode fit = JSON.readTree(run.out());
        assertEquals(List.of("n", "k", "iterations", "converged", "elbo", "means", "variances", "weights"),
                iteratorToList(fit.fieldNames()));
        assertEquals(9, fit.get("n").asInt());
        assertEquals(3, fit.get("k").asInt());
        assertEquals(30, fit.get("iterations").asInt());
        assertFalse(fit.get("converged").asBoolean());
        assertEquals(30, fit.get("elbo").size());
        assertClose(-26.62406146788979, fit.get("elbo").get(29).asDouble());
        double[] means = {-4.0816976490940595, -0.6388410153135599, 0.0032747111799129114};
        double[] variances = {0.2381572991093246, 0.20310428308658932, 15.380974262741512};
        double weightSum = 0;
        for (int k = 0; k < 3; k++) {
            assertClose(means[k], fit.get("means").get(k).asDouble());
            assertClose(variances[k], fit.get("variances").get(k).asDouble());
            weightSum += fit.get("weights").get(k).asDouble();
        }
        assertEquals(1.0, weightSum, 1e-12, "weights are mean responsibilities");
    }

    @Test
    void theNumberOfThreadsChangesNothingInTheFit() throws IOException {
        // 30,000 observations: four chunks of the local step, shared out differently.
        StringBuilder text = new StringBuilder();
        java.util.SplittableRandom random = new java.util.SplittableRandom(5);
        for (int i = 0; i < 30_000; i++) {
            text.append(3.0 * random.nextInt(3) + random.nextDouble() - 0.5).append('\n');
        }
        Path data = write("many.txt", text.toString());
        CliRun one = CliRun.of("fit", "--data", data.toString(), "--k", "3", "--sigma0", "10", "--sigma", "1",
                "--threads", "1", "--max-iter", "20");
        CliRun three = CliRun.of("fit", "--data", data.toString(), "--k", "3", "--sigma0", "10", "--sigma", "1",
                "--threads", "3", "--max-iter", "20");
        assertEquals(0, one.status(), one.err());
        assertEquals(one, three);
        CliRun none = CliRun.of("fit", "--data", data.toString(), "--k", "3", "--sigma0", "10", "--sigma", "1",
                "--threads", "0");
        assertEquals(2, none.status());
        assertTrue(none.err().contains("--threads must be at least 1, got 0"), none.err());
    }

    @Test
    void negativeInitialMeansWorkWithAndWithoutTheEqualsSign() throws IOException {
        Path data = write("tiny.csv", tiny());
        CliRun joined = CliRun.of("fit", "--data", data.toString(), "--k", "3", "--sigma0", "4", "--sigma", "1",
                "--init-means=-4,0,4", "--tol", "0", "--max-iter", "5");
        CliRun separate = CliRun.of("fit", "--data", data.toString(), "--k", "3", "--sigma0", "4", "--sigma", "1",
                "--init-means", "-4,0,4", "--tol", "0", "--max-iter", "5");
        assertEquals(0, joined.status(), joined.err());
        assertEquals(joined, separate);
    }

    @Test
    void evidencePrintsTheExactLogEvidence() throws IOException {
        Path data = write("tiny.csv", tiny());
        CliRun run = CliRun.of("evidence", "--data", data.toString(), "--k", "3", "--sigma0", "4", "--sigma", "1");
        assertEquals(0, run.status(), run.err());
        JsonNode e = JSON.readTree(run.out());
        assertEquals(List.of("logEvidence", "assignments"), iteratorToList(e.fieldNames()));
        assertClose(-21.996724305807955, e.get("logEvidence").asDouble());
        assertEquals(19683, e.get("assignments").asLong());
    }

    @Test
    void headersCommentsAndBlankLinesAreSkipped() throws IOException {
        Path plain = write("plain.txt", "1.5\n-2\n3e0\n");
        Path decorated = write("decorated.txt", "value\n# a comment\n\n 1.5 \r\n-2\n\n3e0\n");
        String[] common = {"--k", "2", "--sigma0", "3", "--sigma", "1", "--tol", "0", "--max-iter", "4"};
        CliRun a = CliRun.of(concat(new String[] {"fit", "--data", plain.toString()}, common));
        CliRun b = CliRun.of(concat(new String[] {"fit", "--data", decorated.toString()}, common));
        assertEquals(0, a.status(), a.err());
        assertEquals(a.out(), b.out());
    }

    @Test
    void progressGoesToStderrAndLeavesStdoutOneObject() throws IOException {
        Path data = write("tiny.csv", tiny());
        CliRun run = CliRun.of("fit", "--data", data.toString(), "--k", "3", "--sigma0", "4", "--sigma", "1",
                "--progress", "--tol", "0", "--max-iter", "12");
        assertEquals(0, run.status());
        assertTrue(run.err().startsWith(LocalStepPath.description() + System.lineSeparator()),
                "the progress says first which local step runs: " + run.err());
        assertTrue(run.err().contains("iteration 1 "), run.err());
        assertTrue(run.err().contains("iteration 12 "), "the last iteration is always shown: " + run.err());
        assertEquals(12, JSON.readTree(run.out()).get("iterations").asInt());
    }

    @Test
    void everyCommandHasHelp() {
        for (String[] args : List.of(new String[] {"--help"}, new String[] {"fit", "--help"},
                new String[] {"evidence", "--help"})) {
            CliRun run = CliRun.of(args);
            assertEquals(0, run.status(), String.join(" ", args));
            assertTrue(run.out().contains("Usage:"), run.out());
        }
    }

    @Test
    void badDataLinesNameFileLineAndContentAndExitTwo() throws IOException {
        assertUserError(write("a.txt", "x\n1\n2\nhello\n"), "a.txt:4: 'hello' is not a number");
        assertUserError(write("b.txt", "1\n2\nNaN\n"), "b.txt:3: 'NaN' is not a finite number");
        assertUserError(write("c.txt", "1\n-inf\n"), "c.txt:2: '-inf' is not a finite number");
        assertUserError(write("d.txt", "1\n1e999\n"), "d.txt:2: '1e999' is out of range (beyond ±1e50)");
        assertUserError(write("e.txt", "1\n2,5\n"), "e.txt:2: '2,5' has 2 values, expected 1");
        assertUserError(write("f.txt", "1\n0x10\n"), "f.txt:2: '0x10' is not a number");
        assertUserError(write("g.txt", "# nothing\n\n"), "g.txt: no observations");
        assertUserError(write("h.txt", "header\n"), "h.txt: no observations");
        assertUserError(dir.resolve("missing.txt"), "missing.txt: no such file");
    }

    private void assertUserError(Path data, String message) {
        CliRun run = CliRun.of("fit", "--data", data.toString(), "--k", "2", "--sigma0", "1", "--sigma", "1");
        assertEquals(2, run.status());
        assertEquals("", run.out());
        assertEquals(1, run.err().lines().count(), "one line: " + run.err());
        assertTrue(run.err().contains(message), () -> "'" + run.err() + "' should contain '" + message + "'");
    }

    @Test
    void absurdSettingsExitTwoWithOneLineNamingThem() throws IOException {
        String data = write("ok.txt", "1\n2\n3\n").toString();
        assertSettingsError("number of components K must be at least 1", "fit", "--data", data, "--k", "0", "--sigma0", "1", "--sigma", "1");
        assertSettingsError("sigma0 must be a finite number greater than 0", "fit", "--data", data, "--k", "2", "--sigma0", "0", "--sigma", "1");
        assertSettingsError("sigma must be a finite number greater than 0, got NaN", "fit", "--data", data, "--k", "2", "--sigma0", "1", "--sigma", "NaN");
        assertSettingsError("sigma0 must be a finite number greater than 0, got Infinity", "evidence", "--data", data, "--k", "2", "--sigma0", "Infinity", "--sigma", "1");
        assertSettingsError("--init-means has 3 values but --k is 2", "fit", "--data", data, "--k", "2", "--sigma0", "1", "--sigma", "1", "--init-means", "1,2,3");
        assertSettingsError("initial mean[1] is NaN", "fit", "--data", data, "--k", "2", "--sigma0", "1", "--sigma", "1", "--init-means", "1,NaN");
        assertSettingsError("initial variance must be a finite number greater than 0", "fit", "--data", data, "--k", "2", "--sigma0", "1", "--sigma", "1", "--init-variance", "-1");
        assertSettingsError("max iterations must be at least 1", "fit", "--data", data, "--k", "2", "--sigma0", "1", "--sigma", "1", "--max-iter", "0");
        assertSettingsError("tolerance must be a finite number at least 0", "fit", "--data", data, "--k", "2", "--sigma0", "1", "--sigma", "1", "--tol", "-1");
        assertSettingsError("restarts must be at least 1", "fit", "--data", data, "--k", "2", "--sigma0", "1", "--sigma", "1", "--restarts", "0");
        assertSettingsError("cannot be combined with --init-means", "fit", "--data", data, "--k", "2", "--sigma0", "1", "--sigma", "1", "--init-means", "1,2", "--restarts", "2");
        assertSettingsError("model known-variance needs sigma0 and sigma", "fit", "--data", data, "--k", "2", "--sigma0", "1");
        assertSettingsError("Missing required option: '--sigma=S'", "evidence", "--data", data, "--k", "2", "--sigma0", "1");
        assertSettingsError("'two' is not an int", "fit", "--data", data, "--k", "two", "--sigma0", "1", "--sigma", "1");
        assertSettingsError("more than the limit of 4", "evidence", "--data", data, "--k", "2", "--sigma0", "1", "--sigma", "1", "--max-assignments", "4");
        assertSettingsError("a command is required");
        assertSettingsError("unknown command 'frobnicate'", "frobnicate");
    }

    private static void assertSettingsError(String message, String... args) {
        CliRun run = CliRun.of(args);
        assertEquals(2, run.status(), String.join(" ", args));
        assertEquals(1, run.err().lines().count(), "one line: " + run.err());
        assertFalse(run.err().contains("\tat "), "no stack trace");
        assertTrue(run.err().contains(message), () -> "'" + run.err() + "' should contain '" + message + "'");
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    private static void assertClose(double expected, double actual) {
        assertEquals(expected, actual, REFERENCE * Math.abs(expected));
    }

    private static List<String> iteratorToList(java.util.Iterator<String> it) {
        List<String> out = new java.util.ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
