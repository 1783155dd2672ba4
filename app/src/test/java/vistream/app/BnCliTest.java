package vistream.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vistream bn}: the contract of count, fit, query and sample, and their errors. */
class BnCliTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private Path structure;
    private Path data;

    @BeforeEach
    void copyReference() throws IOException {
        structure = copy("credit_structure.json");
        data = copy("credit_n3000.csv");
    }

    private Path copy(String name) throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/reference/" + name)) {
            Path to = dir.resolve(name);
            Files.copy(in, to);
            return to;
        }
    }

    @Test
    void countGivesTheLecturesNumbers() throws Exception {
        CliRun run = CliRun.of("bn", "count", "--structure", structure.toString());
        assertEquals(0, run.status(), run.err());
        assertEquals("{\"chainRule\":138,\"chainRuleFree\":71,\"dag\":37,\"dagFree\":22}", run.out().strip());
        JsonNode reversed = JSON.readTree(CliRun.of("bn", "count", "--structure", structure.toString(), "--order",
                "y,salary,gender,ms,age").out());
        // y (2), salary (3·2 = 6), gender (2·6 = 12), ms (2·12 = 24), age (3·24 = 72): 116 entries, 71 free.
        assertEquals(116, reversed.get("chainRule").asInt());
        assertEquals(71, reversed.get("chainRuleFree").asInt(), "free parameters do not depend on the order");
    }

    @Test
    void fitThenQueryReproducesTheReferenceAndSampleIsSeeded() throws Exception {
        JsonNode reference = JSON.readTree(getClass().getResourceAsStream("/reference/reference.json"));
        for (String[] prior : List.of(new String[] {}, new String[] {"--alpha", "1"})) {
            Path model = dir.resolve("model" + prior.length + ".json");
            String[] fit = concat(new String[] {"bn", "fit", "--structure", structure.toString(), "--data", data.toString(),
                "--out", model.toString()}, prior);
            CliRun fitted = CliRun.of(fit);
            assertEquals(0, fitted.status(), fitted.err());
            assertEquals(3000, JSON.readTree(fitted.out()).get("records").asInt());
            double alpha = prior.length == 0 ? 0.0 : 1.0;
            for (JsonNode q : reference.get("bayesNet").get("queries")) {
                if (q.get("alpha").asDouble() != alpha) {
                    continue;
                }
                StringBuilder evidence = new StringBuilder();
                q.get("evidence").fields().forEachRemaining(e -> evidence.append(evidence.length() == 0 ? "" : ",")
                        .append(e.getKey()).append('=').append(e.getValue().asText()));
                String[] args = evidence.length() == 0
                        ? new String[] {"bn", "query", "--model", model.toString(), "--query", q.get("query").asText()}
                        : new String[] {"bn", "query", "--model", model.toString(), "--query", q.get("query").asText(),
                            "--evidence", evidence.toString()};
                JsonNode answer = JSON.readTree(CliRun.of(args).out());
                assertEquals(q.get("query").asText(), answer.get("query").asText());
                q.get("distribution").fields().forEachRemaining(e -> assertEquals(e.getValue().asDouble(),
                        answer.get("distribution").get(e.getKey()).asDouble(), 1e-9 * e.getValue().asDouble(),
                        "alpha " + alpha + " " + q));
            }
        }
        Path model = dir.resolve("model2.json");
        CliRun first = CliRun.of("bn", "sample", "--model", model.toString(), "--n", "50", "--seed", "4");
        assertEquals(0, first.status(), first.err());
        assertEquals(first, CliRun.of("bn", "sample", "--model", model.toString(), "--n", "50", "--seed", "4"));
        List<String> lines = first.out().lines().toList();
        assertEquals("age,salary,gender,ms,y", lines.get(0));
        assertEquals(51, lines.size());
        Path sampled = Files.writeString(dir.resolve("sampled.csv"), first.out());
        assertEquals(0, CliRun.of("bn", "fit", "--structure", structure.toString(), "--data", sampled.toString(),
                "--alpha", "1", "--out", dir.resolve("again.json").toString()).status(), "samples read back as records");
    }

    @Test
    void badInputExitsTwoWithOneClearLine() throws Exception {
        Path cyclic = Files.writeString(dir.resolve("cyclic.json"), "{\"variables\":[{\"name\":\"a\",\"states\":[\"x\",\"y\"],"
                + "\"parents\":[\"b\"]},{\"name\":\"b\",\"states\":[\"x\",\"y\"],\"parents\":[\"a\"]}]}");
        assertError("the parents form a cycle", "bn", "count", "--structure", cyclic.toString());
        Path badRecords = Files.writeString(dir.resolve("bad.csv"), "age,salary,gender,ms,y\na1,s1,g1,ms1,0\na1,s9,g1,ms1,0\n");
        assertError("bad.csv:3: record 3: 's9' is not a state of 'salary'", "bn", "fit", "--structure", structure.toString(),
                "--data", badRecords.toString(), "--out", dir.resolve("m.json").toString());
        Path missing = Files.writeString(dir.resolve("missing.csv"), "age,salary,gender,ms,y\na1,,g1,ms1,0\n");
        assertError("record 2 has no value for 'salary'", "bn", "fit", "--structure", structure.toString(), "--data",
                missing.toString(), "--out", dir.resolve("m.json").toString());
        assertError("--alpha", "bn", "fit", "--structure", structure.toString(), "--data", data.toString(), "--alpha", "1",
                "--bdeu", "2", "--out", dir.resolve("m.json").toString());
        Path model = dir.resolve("m.json");
        assertEquals(0, CliRun.of("bn", "fit", "--structure", structure.toString(), "--data", data.toString(), "--out",
                model.toString()).status());
        assertError("evidence 'age' is not of the form variable=state", "bn", "query", "--model", model.toString(),
                "--query", "y", "--evidence", "age");
        assertError("'y' is both the query and evidence", "bn", "query", "--model", model.toString(), "--query", "y",
                "--evidence", "y=1");
        assertError("vistream bn query: no variable named 'income'", "bn", "query", "--model", model.toString(),
                "--query", "income");
        Path broken = Files.writeString(dir.resolve("broken.json"), Files.readString(model).replaceFirst("0\\.1", "0.9"));
        assertError("sums to", "bn", "query", "--model", broken.toString(), "--query", "y");
        assertError("a subcommand is required", "bn");
    }

    /**
     * A model's CPT rows are read by their "given" labels: the rows of a table written in another
     * order (correctly labelled) give the same answers, and a "given" that names no parent, or a
     * state a parent does not have, is refused rather than read by position.
     */
    @Test
    void cptRowsAreReadByTheirLabelsNotTheirPlaces() throws Exception {
        Path model = dir.resolve("m.json");
        assertEquals(0, CliRun.of("bn", "fit", "--structure", structure.toString(), "--data", data.toString(), "--out",
                model.toString()).status());
        com.fasterxml.jackson.databind.node.ObjectNode root = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(
                model.toFile());
        com.fasterxml.jackson.databind.node.ArrayNode cpt = null;
        for (JsonNode v : root.get("variables")) {
            if (v.get("parents").size() >= 2) {
                cpt = (com.fasterxml.jackson.databind.node.ArrayNode) v.get("cpt");
                break;
            }
        }
        assertTrue(cpt != null && cpt.size() > 2, "a table with several rows: " + root);
        List<JsonNode> rows = new java.util.ArrayList<>();
        cpt.forEach(rows::add);
        java.util.Collections.reverse(rows);
        cpt.removeAll();
        rows.forEach(cpt::add);
        Path reversed = dir.resolve("reversed.json");
        JSON.writeValue(reversed.toFile(), root);
        for (String query : List.of("y", "ms", "salary")) {
            String[] args = {"bn", "query", "--model", model.toString(), "--query", query, "--evidence", "gender=g2"};
            String[] same = args.clone();
            same[3] = reversed.toString();
            assertEquals(JSON.readTree(CliRun.of(args).out()), JSON.readTree(CliRun.of(same).out()), "query " + query);
        }
        com.fasterxml.jackson.databind.node.ObjectNode firstGiven = (com.fasterxml.jackson.databind.node.ObjectNode) cpt
                .get(0).get("given");
        String parent = firstGiven.fieldNames().next();
        String state = firstGiven.get(parent).asText();
        firstGiven.remove(parent);
        firstGiven.put("nobody", state);
        JSON.writeValue(reversed.toFile(), root);
        assertError("is given 'nobody', which is not one of its parents", "bn", "query", "--model", reversed.toString(),
                "--query", "y");
        firstGiven.remove("nobody");
        firstGiven.put(parent, "no-such-state");
        JSON.writeValue(reversed.toFile(), root);
        assertError("the state 'no-such-state', which is not one of", "bn", "query", "--model", reversed.toString(),
                "--query", "y");
    }

    /**
     * Published tables are printed to a few digits, so their rows sum to 1 only within about 1e-7:
     * they are read, renormalised and said so once; a row off by more than the tolerance is refused.
     */
    @Test
    void rowsPrintedToSevenDigitsAreRenormalisedAndSaidSo() throws Exception {
        Path model = dir.resolve("m.json");
        assertEquals(0, CliRun.of("bn", "fit", "--structure", structure.toString(), "--data", data.toString(), "--out",
                model.toString()).status());
        com.fasterxml.jackson.databind.node.ObjectNode root = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(
                model.toFile());
        int rounded = 0;
        for (JsonNode v : root.get("variables")) {
            for (JsonNode row : v.get("cpt")) {
                com.fasterxml.jackson.databind.node.ObjectNode p = (com.fasterxml.jackson.databind.node.ObjectNode) row
                        .get("probabilities");
                double sum = 0;
                for (java.util.Iterator<String> states = p.fieldNames(); states.hasNext(); ) {
                    String state = states.next();
                    p.put(state, Math.floor(p.get(state).asDouble() * 1e7) / 1e7); // printed to 7 digits
                    sum += p.get(state).asDouble();
                }
                if (Math.abs(sum - 1) > 1e-9) {
                    rounded++; // a row whose printed values no longer sum to 1 within the exact tolerance
                }
            }
        }
        Path printed = dir.resolve("printed.json");
        JSON.writeValue(printed.toFile(), root);
        CliRun exact = CliRun.of("bn", "query", "--model", model.toString(), "--query", "y", "--evidence", "gender=g2");
        CliRun read = CliRun.of("bn", "query", "--model", printed.toString(), "--query", "y", "--evidence", "gender=g2");
        assertEquals(0, read.status(), read.err());
        assertEquals(1, read.err().lines().count(), "said once: " + read.err());
        assertTrue(rounded > 1 && read.err().contains("renormalised " + rounded + " CPT rows"), read.err());
        JsonNode a = JSON.readTree(exact.out()).get("distribution");
        JsonNode b = JSON.readTree(read.out()).get("distribution");
        // Each probability moved by at most 1e-7 before renormalising: the answer moves by about as much.
        assertEquals(a.get("0").asDouble(), b.get("0").asDouble(), 1e-6);
        ((com.fasterxml.jackson.databind.node.ObjectNode) root.get("variables").get(0).get("cpt").get(0)
                .get("probabilities")).put(root.get("variables").get(0).get("states").get(0).asText(), 0.5);
        JSON.writeValue(printed.toFile(), root);
        assertError("not 1 (within 1.0E-4)", "bn", "query", "--model", printed.toString(), "--query", "y");
    }

    private static void assertError(String message, String... args) {
        CliRun run = CliRun.of(args);
        assertEquals(2, run.status(), String.join(" ", args) + "\n" + run.err());
        assertEquals(1, run.err().lines().count(), "one line: " + run.err());
        assertFalse(run.err().contains("\tat "), "no stack trace");
        assertTrue(run.err().contains(message), () -> "'" + run.err() + "' should contain '" + message + "'");
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
