package vistream.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code stream --model full|diag|spherical}: multivariate observations through the streaming updates. */
class StreamMultivariateCliTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path EXAMPLE = Path.of("..", "examples", "clusters2d.csv");

    @TempDir
    Path dir;

    @Test
    void streamsTheTwoDimensionalExampleAndFindsItsClusters() throws Exception {
        for (String model : List.of("full", "diag", "spherical")) {
            CliRun run = CliRun.of("stream", "--model", model, "--data", EXAMPLE.toString(), "--k", "3", "--update", "svb",
                    "--batch-size", "300");
            assertEquals(0, run.status(), run.err());
            List<String> lines = run.out().lines().toList();
            assertEquals(3, lines.size(), "900 observations in batches of 300");
            JsonNode last = JSON.readTree(lines.get(2));
            assertEquals(2, last.get("dimension").asInt());
            assertEquals(900, last.get("observations").asLong());
            int k = last.get("ids").size();
            assertEquals(3, k, model + ": three clusters");
            assertEquals(k, last.get("covariances").size(), "K covariances");
            assertEquals(2, last.get("covariances").get(0).size(), "of D rows");
            assertEquals(2, last.get("covariances").get(0).get(1).size(), "of D values");
            List<double[]> means = new ArrayList<>();
            for (int c = 0; c < 3; c++) {
                JsonNode row = last.get("means").get(c);
                assertEquals(2, row.size(), "means are K arrays of D numbers");
                means.add(new double[] {row.get(0).asDouble(), row.get(1).asDouble()});
            }
            means.sort((a, b) -> Double.compare(a[0], b[0]));
            // 300 points per cluster, sds up to 1.5: each mean within 0.3 of its centre (over 3 sd).
            double[][] truth = {{-5, 0}, {0, 5}, {5, -1}};
            for (int c = 0; c < 3; c++) {
                assertEquals(truth[c][0], means.get(c)[0], 0.3, model + " cluster " + c + " x");
                assertEquals(truth[c][1], means.get(c)[1], 0.3, model + " cluster " + c + " y");
            }
        }
    }

    @Test
    void columnsByNameAndStdinWithAGivenPrior() throws Exception {
        List<String> lines = new ArrayList<>(List.of("id,y,x"));
        List<String> source = Files.readAllLines(EXAMPLE).stream().filter(l -> !l.startsWith("#") && !l.startsWith("x"))
                .toList();
        for (int i = 0; i < source.size(); i++) {
            String[] xy = source.get(i).split(",");
            lines.add(i + "," + xy[1] + "," + xy[0]);
        }
        Path reordered = Files.write(dir.resolve("reordered.csv"), lines);
        CliRun byName = CliRun.of("stream", "--model", "full", "--data", reordered.toString(), "--columns", "x,y", "--k", "3",
                "--update", "svb", "--batch-size", "300");
        CliRun plain = CliRun.of("stream", "--model", "full", "--data", EXAMPLE.toString(), "--k", "3", "--update", "svb",
                "--batch-size", "300");
        assertEquals(0, byName.status(), byName.err());
        assertEquals(JSON.readTree(plain.out().lines().toList().get(2)).get("means"),
                JSON.readTree(byName.out().lines().toList().get(2)).get("means"), "the same fit from columns picked by name");

        InputStream saved = System.in;
        try {
            String stdin = String.join("\n", source) + "\n";
            System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
            CliRun fromStdin = CliRun.of("stream", "--model", "full", "--data", "-", "--k", "3", "--update", "svb",
                    "--batch-size", "300", "--mean0", "0,1", "--covariance0", "20,0,0,20");
            assertEquals(0, fromStdin.status(), fromStdin.err());
            assertEquals(900, JSON.readTree(fromStdin.out().lines().toList().get(2)).get("observations").asLong());
        } finally {
            System.setIn(saved);
        }
    }

    @Test
    void badLinesAndSettings() throws Exception {
        Path data = Files.writeString(dir.resolve("d.csv"), "a,b\n1,2\n3,4\n5\nx,6\n7,8\n9,10\n11,12\n");
        CliRun run = CliRun.of("stream", "--model", "full", "--data", data.toString(), "--k", "1", "--update", "svb",
                "--batch-size", "4");
        assertEquals(0, run.status(), run.err());
        assertTrue(run.err().contains("d.csv:4: '5' has 1 fields, expected 2"), run.err());
        assertTrue(run.err().contains("d.csv:5: 'x,6' is not a number"), run.err());
        assertEquals(2, JSON.readTree(run.out().lines().reduce((a, b) -> b).orElseThrow()).get("rejected").asInt());
        CliRun stdinWithoutPrior = CliRun.of("stream", "--model", "full", "--data", "-", "--k", "2", "--update", "svb");
        assertEquals(2, stdinWithoutPrior.status());
        assertTrue(stdinWithoutPrior.err().contains("needs mean0 and covariance0"), stdinWithoutPrior.err());
        CliRun knownWithoutSigma = CliRun.of("stream", "--data", data.toString(), "--k", "2", "--update", "svb");
        assertEquals(2, knownWithoutSigma.status());
        assertTrue(knownWithoutSigma.err().contains("model known-variance needs sigma0 and sigma"),
                Arrays.toString(knownWithoutSigma.err().lines().toArray()));
    }
}
