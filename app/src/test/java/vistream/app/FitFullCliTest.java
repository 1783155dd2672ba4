package vistream.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fit --model full}: multivariate CSV input, both weight priors, the output contract and its errors. */
class FitFullCliTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Path csv(boolean header) throws Exception {
        SplittableRandom random = new SplittableRandom(8);
        double[][] centres = {{-6, 0}, {0, 6}, {6, 0}};
        List<String> lines = new ArrayList<>();
        if (header) {
            lines.add("id,x,label,y");
        }
        for (int i = 0; i < 600; i++) {
            double[] c = centres[i % 3];
            lines.add(i + "," + (c[0] + gaussian(random)) + ",7," + (c[1] + 0.5 * gaussian(random)));
        }
        return Files.write(dir.resolve(header ? "with-header.csv" : "plain.csv"), lines);
    }

    @Test
    void fitsChosenColumnsWithFullCovariancesAndReportsTheContract() throws Exception {
        for (String weights : List.of("dirichlet", "dp")) {
            CliRun run = CliRun.of("fit", "--model", "full", "--weights", weights, "--data", csv(true).toString(), "--k",
                    "5", "--columns", "x,y", "--restarts", "3");
            assertEquals(0, run.status(), run.err());
            JsonNode fit = JSON.readTree(run.out());
            assertEquals(List.of("n", "k", "dimension", "columns", "iterations", "converged", "elbo", "means", "covariances",
                    "weights", "effectiveComponents"), names(fit));
            assertEquals(600, fit.get("n").asInt());
            assertEquals(2, fit.get("dimension").asInt());
            assertEquals(5, fit.get("means").size());
            assertEquals(2, fit.get("means").get(0).size());
            assertEquals(2, fit.get("covariances").get(0).get(1).size());
            assertTrue(fit.get("converged").asBoolean());
            double total = 0;
            int heavy = 0;
            for (JsonNode w : fit.get("weights")) {
                total += w.asDouble();
                heavy += w.asDouble() > 0.2 ? 1 : 0;
            }
            assertEquals(1.0, total, 1e-12);
            assertEquals(3, heavy, weights + ": three clusters carry the data");
            if (weights.equals("dp")) {
                assertEquals(3, fit.get("effectiveComponents").asInt(), "the process switches off the spare components");
            }
        }
    }

    @Test
    void diagonalAndSphericalCovariancesHaveTheirOwnShapes() throws Exception {
        JsonNode diag = JSON.readTree(CliRun.of("fit", "--model", "diag", "--data", csv(true).toString(), "--k", "3",
                "--columns", "x,y").out());
        assertEquals(3, diag.get("covariances").size());
        assertEquals(2, diag.get("covariances").get(0).size(), "K x D for diag");
        JsonNode spherical = JSON.readTree(CliRun.of("fit", "--model", "spherical", "--data", csv(true).toString(), "--k",
                "3", "--columns", "x,y").out());
        assertEquals(3, spherical.get("covariances").size());
        assertTrue(spherical.get("covariances").get(0).isNumber(), "K numbers for spherical");
    }

    @Test
    void selectsTheNumberOfComponentsByTheElbo() throws Exception {
        CliRun run = CliRun.of("fit", "--model", "full", "--data", csv(true).toString(), "--select-k", "1,2,3,4,5",
                "--columns", "x,y", "--restarts", "3");
        assertEquals(0, run.status(), run.err());
        JsonNode fit = JSON.readTree(run.out());
        assertEquals(3, fit.get("k").asInt(), "three clusters: " + fit.get("selection"));
        assertEquals(5, fit.get("selection").size());
        assertError("give either --k or --select-k", "fit", "--model", "full", "--data", csv(true).toString(), "--k", "2",
                "--select-k", "2,3");
        assertError("--select-k applies to --model spherical, diag and full only", "fit", "--data",
                csv(true).toString(), "--select-k", "2,3", "--sigma0", "1", "--sigma", "1");
    }

    @Test
    void columnsByIndexAndWithoutAHeader() throws Exception {
        CliRun named = CliRun.of("fit", "--model", "full", "--data", csv(true).toString(), "--k", "3", "--columns", "x,y");
        CliRun indexed = CliRun.of("fit", "--model", "full", "--data", csv(false).toString(), "--k", "3", "--columns", "2,4");
        assertEquals(0, indexed.status(), indexed.err());
        JsonNode a = JSON.readTree(named.out());
        JsonNode b = JSON.readTree(indexed.out());
        assertEquals(a.get("means"), b.get("means"), "the same numbers, picked by name or by index");
        assertEquals(List.of("2", "4"), JSON.convertValue(b.get("columns"), List.class));
    }

    @Test
    void badInputAndSettingsExitTwo() throws Exception {
        String data = csv(true).toString();
        assertError("no column named 'z' (columns: id, x, label, y)", "fit", "--model", "full", "--data", data, "--k", "2",
                "--columns", "x,z");
        assertError("unknown model 'diagonal': use known-variance, spherical, diag or full", "fit", "--model", "diagonal",
                "--data", data, "--k", "2");
        assertError("unknown weights 'pitman-yor': use uniform, dirichlet or dp", "fit", "--model", "full", "--weights", "pitman-yor", "--data", data,
                "--k", "2");
        assertError("apply to model known-variance only", "fit", "--model", "full", "--data", data, "--k", "2",
                "--sigma", "1");
        assertError("apply to the models spherical, diag and full only", "fit", "--data", data, "--k", "2", "--sigma0", "1", "--sigma", "1",
                "--columns", "x");
        assertError("moves need learnt weights", "fit", "--data", data, "--k", "2", "--sigma0", "1", "--sigma", "1",
                "--moves");
        assertError("mean0 has 3 values, expected 2", "fit", "--model", "full", "--data", data, "--k", "2", "--columns",
                "x,y", "--mean0", "0,0,0");
        assertError("prior covariance is not positive definite", "fit", "--model", "full", "--data", data, "--k", "2",
                "--columns", "x,y", "--covariance0", "1,2,2,1");
        Path bad = Files.writeString(dir.resolve("bad.csv"), "a,b\n1,2\n3,x\n");
        assertError("bad.csv:3: '3,x' holds 'x', which is not a number", "fit", "--model", "full", "--data", bad.toString(),
                "--k", "1");
        Path ragged = Files.writeString(dir.resolve("ragged.csv"), "1,2\n3,4\n5\n");
        assertError("ragged.csv:3: '5' has 1 fields, expected 2", "fit", "--model", "full", "--data", ragged.toString(),
                "--k", "1");
    }

    private static void assertError(String message, String... args) {
        CliRun run = CliRun.of(args);
        assertEquals(2, run.status(), String.join(" ", args) + "\n" + run.err());
        assertFalse(run.err().contains("\tat "), "no stack trace");
        assertTrue(run.err().contains(message), () -> "'" + run.err() + "' should contain '" + message + "'");
    }

    private static List<String> names(JsonNode node) {
        List<String> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private static double gaussian(SplittableRandom random) {
        double u = 1.0 - random.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2.0 * Math.PI * random.nextDouble());
    }

    /**
     * scikit-learn's iris.csv begins "150,4,setosa,versicolor,virginica": a header holding numbers.
     * {@code --columns 1,2,3,4} are the first four columns by index, never the column whose header
     * is "4" (column 2, twice); a column chosen twice is refused.
     */
    @Test
    void columnsByIndexAreNeverReadAsHeaderNamesAndNoneTwice(@org.junit.jupiter.api.io.TempDir Path tmp)
            throws Exception {
        StringBuilder iris = new StringBuilder("150,4,setosa,versicolor,virginica\n");
        double[] sums = new double[4];
        java.util.SplittableRandom random = new java.util.SplittableRandom(11);
        for (int i = 0; i < 150; i++) {
            double[] row = {5 + random.nextDouble(), 3 + random.nextDouble(), 1 + 4 * random.nextDouble(),
                random.nextDouble(), i % 3};
            for (int c = 0; c < 4; c++) {
                sums[c] += row[c];
            }
            iris.append(row[0]).append(',').append(row[1]).append(',').append(row[2]).append(',').append(row[3])
                    .append(',').append((int) row[4]).append('\n');
        }
        Path file = java.nio.file.Files.writeString(tmp.resolve("iris.csv"), iris.toString());
        CliRun run = CliRun.of("fit", "--model", "full", "--data", file.toString(), "--k", "1", "--columns", "1,2,3,4");
        assertEquals(0, run.status(), run.err());
        JsonNode fit = JSON.readTree(run.out());
        assertEquals(4, fit.get("dimension").asInt(), run.out());
        // One component: its posterior mean is the data mean shrunk toward the prior mean m0, which is the data mean.
        for (int c = 0; c < 4; c++) {
            assertEquals(sums[c] / 150, fit.get("means").get(0).get(c).asDouble(), 1e-9, "column " + (c + 1));
        }
        assertError("column 3 is chosen twice ('setosa' and '3')", "fit", "--model", "full", "--data",
                file.toString(), "--k", "1", "--columns", "setosa,3");
    }
}
