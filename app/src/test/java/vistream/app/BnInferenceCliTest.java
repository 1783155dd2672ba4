package vistream.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vistream.app.bn.NetworkFiles;
import vistream.core.graph.BayesianNetwork;
import vistream.core.graph.NetworkStructure;

/**
 * {@code bn query} with joints and files of queries, {@code bn map} and {@code bn score}, each
 * against the enumeration of the credit network's full joint (3·3·2·2·2 = 72 assignments).
 */
class BnInferenceCliTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Sums of at most 72 products of five entries, in another order: a few ulps apart. */
    private static final double ENUMERATION = 1e-12;

    @TempDir
    Path dir;
    private Path model;
    private Path data;
    private BayesianNetwork network;

    @BeforeEach
    void fitTheCreditNetwork() throws IOException {
        Path structure = copy("credit_structure.json");
        data = copy("credit_n3000.csv");
        model = dir.resolve("credit.json");
        CliRun fit = CliRun.of("bn", "fit", "--structure", structure.toString(), "--data", data.toString(),
                "--alpha", "1", "--out", model.toString());
        assertEquals(0, fit.status(), fit.err());
        network = NetworkFiles.readModel(model, new PrintWriter(new StringWriter()));
    }

    @Test
    void aJointQueryIsTheEnumeratedJoint() throws Exception {
        CliRun run = CliRun.of("bn", "query", "--model", model.toString(), "--query", "age,y", "--evidence", "gender=g2");
        assertEquals(0, run.status(), run.err());
        JsonNode answer = JSON.readTree(run.out());
        assertEquals(List.of("age", "y"), strings(answer.get("query")));
        assertEquals("g2", answer.get("evidence").get("gender").asText());
        JsonNode rows = answer.get("distribution");
        assertEquals(6, rows.size());
        double total = 0;
        for (JsonNode row : rows) {
            String age = row.get("states").get("age").asText();
            String y = row.get("states").get("y").asText();
            double expected = enumerate(Map.of("age", age, "y", y, "gender", "g2")) / enumerate(Map.of("gender", "g2"));
            assertEquals(expected, row.get("probability").asDouble(), ENUMERATION, age + "," + y);
            total += row.get("probability").asDouble();
        }
        assertEquals(1.0, total, 1e-15);
        // Last variable fastest: (a1, 0), (a1, 1), (a2, 0), …
        assertEquals("a1", rows.get(1).get("states").get("age").asText());
        assertEquals("1", rows.get(1).get("states").get("y").asText());
    }

    @Test
    void aFileOfQueriesIsAnsweredInOrderLikeSingleQueries() throws Exception {
        Path queries = dir.resolve("queries.jsonl");
        Files.writeString(queries, String.join("\n",
                "{\"query\": \"y\", \"evidence\": {\"age\": \"a1\", \"ms\": \"ms2\"}}",
                "",
                "{\"query\": [\"salary\", \"gender\"]}",
                "{\"query\": \"age\", \"evidence\": {\"y\": \"0\"}}") + "\n");
        CliRun run = CliRun.of("bn", "query", "--model", model.toString(), "--queries", queries.toString());
        assertEquals(0, run.status(), run.err());
        List<String> lines = run.out().lines().toList();
        assertEquals(3, lines.size());
        assertEquals(JSON.readTree(CliRun.of("bn", "query", "--model", model.toString(), "--query", "y", "--evidence",
                "age=a1,ms=ms2").out()), JSON.readTree(lines.get(0)));
        assertEquals(JSON.readTree(CliRun.of("bn", "query", "--model", model.toString(), "--query", "salary,gender").out()),
                JSON.readTree(lines.get(1)));
        assertEquals(JSON.readTree(CliRun.of("bn", "query", "--model", model.toString(), "--query", "age", "--evidence",
                "y=0").out()), JSON.readTree(lines.get(2)));
    }

    @Test
    void aBadLineStopsTheFileBeforeAnyAnswer() throws Exception {
        Path queries = dir.resolve("bad.jsonl");
        Files.writeString(queries, "{\"query\": \"y\"}\n{\"query\": \"y\", \"evidence\": {\"age\": \"a9\"}}\n");
        CliRun run = CliRun.of("bn", "query", "--model", model.toString(), "--queries", queries.toString());
        assertEquals(2, run.status());
        assertEquals("", run.out(), "nothing answered");
        assertTrue(run.err().contains(queries + ":2: 'a9' is not a state of 'age'"), run.err());
        for (String[] bad : List.of(new String[] {"{\"query\": \"y\", \"evidnce\": {}}", "unknown field 'evidnce'"},
                new String[] {"{\"query\": []}", "non-empty list"},
                new String[] {"[\"y\"]", "expected a JSON object"},
                new String[] {"{\"query\": \"y\", \"evidence\": {\"y\": \"0\"}}", "both the query and evidence"},
                new String[] {"{\"query\": \"nope\"}", "no variable named 'nope'"})) {
            Files.writeString(queries, bad[0] + "\n");
            CliRun refused = CliRun.of("bn", "query", "--model", model.toString(), "--queries", queries.toString());
            assertEquals(2, refused.status(), bad[0]);
            assertEquals(1, refused.err().lines().count(), refused.err());
            assertTrue(refused.err().contains(queries + ":1: ") && refused.err().contains(bad[1]), refused.err());
        }
    }

    /**
     * Evidence of probability zero in one line: that line's answer says so in its place, the
     * others are answered, and the run ends with status 2 and one line on stderr.
     */
    @Test
    void anUnanswerableLineIsReportedInPlace() throws Exception {
        Path zero = dir.resolve("zero.json");
        ObjectNode root = (ObjectNode) JSON.readTree(model.toFile());
        // p(gender = g2) = 0 makes {"gender": "g2"} impossible.
        ObjectNode probabilities = (ObjectNode) root.get("variables").get(2).get("cpt").get(0).get("probabilities");
        probabilities.put("g1", 1.0);
        probabilities.put("g2", 0.0);
        JSON.writeValue(zero.toFile(), root);
        Path queries = dir.resolve("q.jsonl");
        Files.writeString(queries, "{\"query\": \"y\"}\n{\"query\": \"y\", \"evidence\": {\"gender\": \"g2\"}}\n"
                + "{\"query\": \"age\"}\n");
        CliRun run = CliRun.of("bn", "query", "--model", zero.toString(), "--queries", queries.toString());
        assertEquals(2, run.status());
        List<String> lines = run.out().lines().toList();
        assertEquals(3, lines.size());
        assertTrue(JSON.readTree(lines.get(0)).has("distribution"));
        assertEquals("the evidence has probability zero under the network: p(gender = g2) = 0",
                JSON.readTree(lines.get(1)).get("error").asText());
        assertTrue(JSON.readTree(lines.get(2)).has("distribution"));
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().contains("1 of 3 queries could not be answered") && run.err().contains(queries + ":2:"),
                run.err());
    }

    @Test
    void mapAndMpeAreTheEnumeratedArgmax() throws Exception {
        // MAP of (age, salary) given y = 1: argmax of Σ_{gender, ms} p(age, salary, gender, ms, y = 1).
        JsonNode map = JSON.readTree(CliRun.of("bn", "map", "--model", model.toString(), "--query", "age,salary",
                "--evidence", "y=1").out());
        double best = -1;
        String bestAge = null;
        String bestSalary = null;
        for (String age : List.of("a1", "a2", "a3")) {
            for (String salary : List.of("s1", "s2", "s3")) {
                double p = enumerate(Map.of("age", age, "salary", salary, "y", "1"));
                if (p > best) {
                    best = p;
                    bestAge = age;
                    bestSalary = salary;
                }
            }
        }
        assertEquals(bestAge, map.get("assignment").get("age").asText());
        assertEquals(bestSalary, map.get("assignment").get("salary").asText());
        double evidence = enumerate(Map.of("y", "1"));
        assertEquals(best / evidence, map.get("probability").asDouble(), ENUMERATION);
        assertEquals(Math.log(best / evidence), map.get("logProbability").asDouble(), ENUMERATION);
        // MPE given gender = g1: the single most probable full assignment.
        JsonNode mpe = JSON.readTree(CliRun.of("bn", "map", "--model", model.toString(), "--evidence", "gender=g1").out());
        assertEquals(4, mpe.get("assignment").size());
        double mpeBest = -1;
        int[] a = new int[5];
        for (int idx = 0; idx < 72; idx++) {
            decode(idx, a);
            if (a[2] == 0) {
                mpeBest = Math.max(mpeBest, Math.exp(network.logJoint(a)));
            }
        }
        Map<String, String> found = new java.util.HashMap<>();
        mpe.get("assignment").fields().forEachRemaining(e -> found.put(e.getKey(), e.getValue().asText()));
        found.put("gender", "g1");
        assertEquals(mpeBest, enumerate(found), 1e-15);
        assertEquals(mpeBest / enumerate(Map.of("gender", "g1")), mpe.get("probability").asDouble(), ENUMERATION);
    }

    @Test
    void scoreIsTheLogLikelihoodAndSumsMissingValuesOut() throws Exception {
        // The training records: fit's own log-likelihood, computed another way.
        CliRun fit = CliRun.of("bn", "fit", "--structure", copy("credit_structure.json").toString(), "--data",
                data.toString(), "--alpha", "1", "--out", dir.resolve("again.json").toString());
        double trained = JSON.readTree(fit.out()).get("logLikelihood").asDouble();
        JsonNode score = JSON.readTree(CliRun.of("bn", "score", "--model", model.toString(), "--data", data.toString()).out());
        assertEquals(3000, score.get("records").asInt());
        assertEquals(0, score.get("incomplete").asInt());
        assertEquals(trained, score.get("logLikelihood").asDouble(), 1e-12 * Math.abs(trained));
        // Missing salary and ms: log Σ_{salary, ms} p(age = a2, salary, gender = g2, ms, y = 1).
        Path partial = dir.resolve("partial.csv");
        Files.writeString(partial, "age,salary,gender,ms,y\na2,,g2,,1\n\na1,s3,g1,ms1,1\n");
        JsonNode scored = JSON.readTree(CliRun.of("bn", "score", "--model", model.toString(), "--data",
                partial.toString()).out());
        double expected = Math.log(enumerate(Map.of("age", "a2", "gender", "g2", "y", "1")))
                + Math.log(enumerate(Map.of("age", "a1", "salary", "s3", "gender", "g1", "ms", "ms1", "y", "1")));
        assertEquals(2, scored.get("records").asInt());
        assertEquals(1, scored.get("incomplete").asInt());
        assertEquals(expected, scored.get("logLikelihood").asDouble(), ENUMERATION * Math.abs(expected));
    }

    @Test
    void aRecordOfProbabilityZeroIsRefusedWithItsLine() throws Exception {
        Path ml = dir.resolve("ml.json");
        assertEquals(0, CliRun.of("bn", "fit", "--structure", copy("credit_structure.json").toString(), "--data",
                data.toString(), "--out", ml.toString()).status());
        ObjectNode root = (ObjectNode) JSON.readTree(ml.toFile());
        ObjectNode probabilities = (ObjectNode) root.get("variables").get(2).get("cpt").get(0).get("probabilities");
        probabilities.put("g1", 1.0);
        probabilities.put("g2", 0.0);
        JSON.writeValue(ml.toFile(), root);
        Path records = dir.resolve("r.csv");
        Files.writeString(records, "age,salary,gender,ms,y\na1,s3,g1,ms1,1\na2,,g2,,1\n");
        CliRun run = CliRun.of("bn", "score", "--model", ml.toString(), "--data", records.toString());
        assertEquals(2, run.status());
        assertEquals("vistream bn score: " + records + ":3: the record has probability zero under the model",
                run.err().strip());
    }

    /** A joint over 40 children of one root would need 2^40 entries: one line, exit 2, at once. */
    @Test
    void aQueryTooLargeIsOneLineNotAnOutOfMemoryError() throws Exception {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode variables = root.putArray("variables");
        ObjectNode r = variables.addObject();
        r.put("name", "r");
        r.putArray("states").add("0").add("1");
        r.putArray("parents");
        ObjectNode rootRow = r.putArray("cpt").addObject();
        rootRow.putObject("given");
        rootRow.putObject("probabilities").put("0", 0.3).put("1", 0.7);
        List<String> children = new ArrayList<>();
        for (int c = 1; c <= 40; c++) {
            ObjectNode child = variables.addObject();
            child.put("name", "c" + c);
            children.add("c" + c);
            child.putArray("states").add("0").add("1");
            child.putArray("parents").add("r");
            ArrayNode cpt = child.putArray("cpt");
            for (String state : List.of("0", "1")) {
                ObjectNode row = cpt.addObject();
                row.putObject("given").put("r", state);
                row.putObject("probabilities").put("0", 0.8).put("1", 0.2);
            }
        }
        Path wide = dir.resolve("wide.json");
        JSON.writeValue(wide.toFile(), root);
        CliRun run = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(20),
                () -> CliRun.of("bn", "query", "--model", wide.toString(), "--query", String.join(",", children)));
        assertEquals(2, run.status());
        assertEquals(1, run.err().lines().count(), run.err());
        assertFalse(run.err().contains("\tat "));
        assertTrue(run.err().contains("too large for exact inference"), run.err());
        // One child at a time is immediate: p(c40 = 0) = 0.8 whatever r.
        JsonNode one = JSON.readTree(CliRun.of("bn", "query", "--model", wide.toString(), "--query", "c40").out());
        assertEquals(0.8, one.get("distribution").get("0").asDouble(), 1e-15);
    }

    // ---- enumeration of the credit network's joint -------------------------------------------

    /** Σ of p(x) over the full assignments x that agree with the given states. */
    private double enumerate(Map<String, String> states) {
        NetworkStructure s = network.structure();
        double sum = 0;
        int[] a = new int[5];
        for (int idx = 0; idx < 72; idx++) {
            decode(idx, a);
            boolean agrees = true;
            for (Map.Entry<String, String> e : states.entrySet()) {
                int v = s.indexOf(e.getKey());
                agrees &= a[v] == s.stateIndex(v, e.getValue());
            }
            if (agrees) {
                sum += Math.exp(network.logJoint(a));
            }
        }
        return sum;
    }

    private void decode(int idx, int[] a) {
        NetworkStructure s = network.structure();
        for (int v = a.length - 1; v >= 0; v--) {
            a[v] = idx % s.cardinality(v);
            idx /= s.cardinality(v);
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        for (Iterator<JsonNode> it = array.elements(); it.hasNext(); ) {
            out.add(it.next().asText());
        }
        return out;
    }

    private Path copy(String name) throws IOException {
        Path to = dir.resolve(name);
        if (!Files.exists(to)) {
            try (InputStream in = getClass().getResourceAsStream("/reference/" + name)) {
                Files.copy(in, to);
            }
        }
        return to;
    }
}
