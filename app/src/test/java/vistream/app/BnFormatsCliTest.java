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
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import vistream.app.bn.NetworkFiles;
import vistream.core.graph.BayesianNetwork;

/**
 * Every {@code vistream bn} command reads and writes BIF and XMLBIF, gzipped or not, as it does
 * JSON; a bad file exits 2 with one line naming the file, the line and what was expected.
 */
class BnFormatsCliTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path EXAMPLES = Path.of("..", "examples");

    @TempDir
    Path dir;

    /**
     * p(lung = yes | xray = yes) in asia is 0.4887 (to 4 digits): checked against brute-force
     * enumeration of the joint, Σ over the other six variables of exp(log p(x)).
     */
    @Test
    void queryOnAsiaBifMatchesEnumeration() throws Exception {
        CliRun run = CliRun.of("bn", "query", "--model", EXAMPLES.resolve("asia.bif").toString(), "--query", "lung",
                "--evidence", "xray=yes");
        assertEquals(0, run.status(), run.err());
        assertEquals("", run.err());
        double answer = JSON.readTree(run.out()).get("distribution").get("yes").asDouble();

        BayesianNetwork asia = NetworkFiles.readModel(EXAMPLES.resolve("asia.bif"), new PrintWriter(new StringWriter()));
        int lung = asia.structure().indexOf("lung");
        int xray = asia.structure().indexOf("xray");
        int n = asia.structure().size();
        double joint = 0;
        double evidence = 0;
        int[] x = new int[n];
        for (int code = 0; code < 1 << n; code++) {
            for (int v = 0; v < n; v++) {
                x[v] = code >> v & 1; // every variable is binary: state 0 "yes", 1 "no"
            }
            if (x[xray] != 0) {
                continue;
            }
            double p = Math.exp(asia.logJoint(x));
            evidence += p;
            joint += x[lung] == 0 ? p : 0;
        }
        double enumerated = joint / evidence;
        assertEquals(enumerated, answer, 1e-12);
        assertEquals("0.4887", String.format(java.util.Locale.ROOT, "%.4f", answer));
    }

    /**
     * examples/credit.xmlbif is the lecture's network fitted to credit_n3000.csv: fitting again
     * into every format gives bit-identical tables and the same answers.
     */
    @Test
    void fitWritesEveryFormatAndQueriesAgree() throws Exception {
        Path structure = copy("credit_structure.json");
        Path data = copy("credit_n3000.csv");
        BayesianNetwork example = read(EXAMPLES.resolve("credit.xmlbif"));
        String expected = null;
        for (String name : List.of("m.json", "m.bif", "m.xmlbif", "m.xml.gz", "m.bif.gz", "m.json.gz")) {
            Path model = dir.resolve(name);
            CliRun fit = CliRun.of("bn", "fit", "--structure", structure.toString(), "--data", data.toString(), "--out",
                    model.toString());
            assertEquals(0, fit.status(), fit.err());
            BayesianNetwork fitted = read(model);
            assertEquals(example.structure().variables(), fitted.structure().variables(), name);
            for (int v = 0; v < example.structure().size(); v++) {
                assertEquals(example.cpt(v), fitted.cpt(v), name + ": the table of " + v);
            }
            CliRun query = CliRun.of("bn", "query", "--model", model.toString(), "--query", "y", "--evidence",
                    "age=a1,gender=g2");
            assertEquals(0, query.status(), query.err());
            expected = expected == null ? query.out() : expected;
            assertEquals(expected, query.out(), name);
            CliRun sample = CliRun.of("bn", "sample", "--model", model.toString(), "--n", "20", "--seed", "3");
            assertEquals(0, sample.status(), sample.err());
            assertEquals(21, sample.out().lines().count());
        }
    }

    /** A BIF or XMLBIF file is a structure too: count and fit take it. */
    @Test
    void countAndFitTakeABifOrXmlBifStructure() throws Exception {
        CliRun count = CliRun.of("bn", "count", "--structure", EXAMPLES.resolve("credit.xmlbif").toString());
        assertEquals(0, count.status(), count.err());
        assertEquals("{\"chainRule\":138,\"chainRuleFree\":71,\"dag\":37,\"dagFree\":22}", count.out().strip());
        CliRun asia = CliRun.of("bn", "count", "--structure", EXAMPLES.resolve("asia.bif").toString());
        assertEquals(0, asia.status(), asia.err());
        // 2 + 4 + 2 + 4 + 4 + 8 + 4 + 8 entries, one free per row.
        assertEquals(18, JSON.readTree(asia.out()).get("dagFree").asInt());
        CliRun sample = CliRun.of("bn", "sample", "--model", EXAMPLES.resolve("asia.bif").toString(), "--n", "500");
        Path records = Files.writeString(dir.resolve("asia.csv"), sample.out());
        Path refit = dir.resolve("refit.xmlbif.gz");
        CliRun fit = CliRun.of("bn", "fit", "--structure", EXAMPLES.resolve("asia.bif").toString(), "--data",
                records.toString(), "--alpha", "1", "--out", refit.toString());
        assertEquals(0, fit.status(), fit.err());
        assertEquals(500, JSON.readTree(fit.out()).get("records").asInt());
        assertEquals(read(EXAMPLES.resolve("asia.bif")).structure().variables(), read(refit).structure().variables());
    }

    @Test
    void anUnknownExtensionOrANameTheFormatCannotHoldIsRefused() throws Exception {
        Path structure = copy("credit_structure.json");
        Path data = copy("credit_n3000.csv");
        assertError(dir.resolve("m.txt") + ": cannot tell the network format from the name; name it .json (vistream), "
                + ".bif (BIF) or .xml/.xmlbif (XMLBIF 0.3), each optionally followed by .gz", "bn", "fit", "--structure",
                structure.toString(), "--data", data.toString(), "--out", dir.resolve("m.txt").toString());
        assertFalse(Files.exists(dir.resolve("m.txt")));
        // A state JSON and XMLBIF carry but BIF cannot: a parenthesis would end a row's parent states.
        Path odd = Files.writeString(dir.resolve("odd.json"), Files.readString(structure).replace("\"ms1\"",
                "\"ms(1)\""));
        Path oddData = Files.writeString(dir.resolve("odd.csv"), Files.readString(data).replace(",ms1,", ",ms(1),"));
        for (String ok : List.of("ok.json", "ok.xmlbif")) {
            CliRun fit = CliRun.of("bn", "fit", "--structure", odd.toString(), "--data", oddData.toString(), "--out",
                    dir.resolve(ok).toString());
            assertEquals(0, fit.status(), fit.err());
        }
        assertError("cannot write " + dir.resolve("m.bif") + " as BIF: the state 'ms(1)' of 'ms' contains '(', which BIF "
                + "cannot represent; rename it, or write .json or .xmlbif instead", "bn", "fit", "--structure",
                odd.toString(), "--data", oddData.toString(), "--out", dir.resolve("m.bif").toString());
        assertFalse(Files.exists(dir.resolve("m.bif")));
    }

    /** Each error case, its file and the exact line: exit status 2, one line, no stack trace. */
    static Stream<Arguments> badFiles() {
        String header = """
                network n { }
                variable a { type discrete [ 2 ] { yes, no }; }
                variable b { type discrete [ 2 ] { yes, no }; }
                probability ( a ) { table 0.5, 0.5; }
                """;
        return Stream.of(
                Arguments.of("table with parents", header + "probability ( b | a ) {\n  table 0.1, 0.9, 0.2, 0.8;\n}\n",
                        "6: 'table' in the probability block of 'b', which has parents: tools disagree on the order of "
                        + "its values, so write one row per configuration of (a) instead"),
                Arguments.of("declared twice", header + "variable a { type discrete [ 2 ] { x, y }; }\n",
                        "5: variable 'a' is declared twice (first at line 2)"),
                Arguments.of("undeclared probability", header + "probability ( b | a ) { (yes) 1, 0; (no) 0, 1; }\n"
                        + "probability ( c ) { table 1; }\n",
                        "6: a probability block for 'c', which no variable block declares"),
                Arguments.of("second probability", header + "probability ( b | a ) { (yes) 1, 0; (no) 0, 1; }\n"
                        + "probability ( a ) { table 0.2, 0.8; }\n",
                        "6: a second probability block for 'a' (the first is at line 4)"),
                Arguments.of("no probability", header, "3: variable 'b' has no probability block"),
                Arguments.of("unknown parent", header + "probability ( b |\n c ) { (yes) 1, 0; }\n",
                        "6: 'b' has the parent 'c', which no variable block declares"),
                Arguments.of("unknown parent state", header + "probability ( b | a ) {\n (yes) 1, 0;\n (maybe) 0, 1;\n}\n",
                        "7: the row of 'b' gives its parent 'a' the state 'maybe', which is not one of [yes, no]"),
                Arguments.of("duplicate row", header + "probability ( b | a ) {\n (yes) 1, 0;\n (yes) 0, 1;\n}\n",
                        "7: the row of 'b' for (a = yes) repeats a row of 'b' ("),
                Arguments.of("missing row", header + "probability ( b | a ) {\n (yes) 1, 0;\n}\n",
                        "5: the probability block of 'b' has no row for (a = no) and no default row"),
                Arguments.of("wrong count", header + "probability ( b | a ) {\n (yes) 0.2, 0.3, 0.5;\n (no) 1, 0;\n}\n",
                        "6: the row of 'b' for (a = yes) has 3 probabilities, but 'b' has 2 states [yes, no]"),
                Arguments.of("too many parent states", header + "probability ( b | a ) {\n (yes, no) 1, 0;\n}\n",
                        "6: the row of 'b' names 2 parent states, but it has 1 parent [a]"),
                Arguments.of("not a number", header + "probability ( b | a ) {\n (yes) 0.5, half;\n}\n",
                        "6: expected a probability of 'b', found 'half'"),
                Arguments.of("no semicolon", header + "probability ( b | a ) {\n (yes) 0.5, 0.5\n (no) 0, 1;\n}\n",
                        "7: expected ',', ';' or another probability of 'b', found '('"),
                Arguments.of("forgotten semicolon", header + "probability ( b | a ) {\n (yes) 0.5, 0.5\n default 0, 1;\n}\n",
                        "7: expected ',', ';' or another probability of 'b', found 'default'"),
                Arguments.of("not a number first", header + "probability ( b | a ) {\n (yes) NaN, 1;\n}\n",
                        "6: expected a probability of 'b', found 'NaN'"),
                Arguments.of("state count", "variable a {\n  type discrete [ 3 ] { yes, no };\n}\n",
                        "2: variable 'a' declares 3 states in [ ] but lists 2 [yes, no]"),
                Arguments.of("unexpected keyword", "variable a {\n  type discrete [ 2 ] { yes, no };\n  colour red;\n}\n",
                        "3: expected 'type', 'property' or '}', found 'colour'"),
                Arguments.of("missing semicolon", "variable a {\n  type discrete [ 2 ] { yes, no }\n}\n",
                        "3: expected ';', found '}'"),
                Arguments.of("stray token", header + "\n\nstuff\n", "7: expected 'variable' or 'probability', found 'stuff'"),
                Arguments.of("unclosed block", "variable a {\n  type discrete [ 2 ] { yes, no };\n",
                        "3: expected 'type', 'property' or '}', found the end of the file"),
                Arguments.of("unclosed comment", header + "/* never\nclosed\n", "5: a comment opened with '/*' is never closed"),
                Arguments.of("unclosed quote", "variable \"a {\n", "1: a name opened with '\"' is not closed on its line"),
                Arguments.of("own parent", header + "probability ( b | a, b ) { default 1, 0; }\n",
                        "5: 'b' is given as its own parent"),
                Arguments.of("cycle", header.replace("probability ( a ) { table 0.5, 0.5; }",
                        "probability ( a | b ) { default 0.5, 0.5; }") + "probability ( b | a ) { default 1, 0; }\n",
                        "4: the parents form a cycle: "),
                Arguments.of("sum", header + "probability ( b | a ) {\n (yes) 0.5, 0.6;\n (no) 1, 0;\n}\n",
                        "6: the row of 'b' for (a = yes) sums to 1.1, not 1 (within 1.0E-4)"),
                Arguments.of("second default", header + "probability ( b | a ) {\n default 1, 0;\n default 0, 1;\n}\n",
                        "7: a second 'default' for 'b' (the first is at line 6)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFiles")
    void aBadBifFileIsNamedAtItsLine(String what, String content, String message) throws IOException {
        Path file = Files.writeString(dir.resolve("bad.bif"), content);
        assertError(file + ":" + message, "bn", "query", "--model", file.toString(), "--query", "a");
        assertError(file + ":" + message, "bn", "count", "--structure", file.toString());
    }

    static Stream<Arguments> badXmlFiles() {
        String a = "<VARIABLE TYPE=\"nature\"><NAME>a</NAME><OUTCOME>yes</OUTCOME><OUTCOME>no</OUTCOME></VARIABLE>\n";
        String defA = "<DEFINITION><FOR>a</FOR><TABLE>0.5 0.5</TABLE></DEFINITION>\n";
        String open = "<?xml version=\"1.0\"?>\n<BIF VERSION=\"0.3\">\n<NETWORK>\n";
        String close = "</NETWORK>\n</BIF>\n";
        return Stream.of(
                Arguments.of("wrong count", open + a + "<DEFINITION><FOR>a</FOR>\n<TABLE>0.5 0.25 0.25</TABLE></DEFINITION>\n"
                        + close, "6: the table of 'a' has 3 values, but needs 1 × 2 = 2"),
                Arguments.of("not a number", open + a + "<DEFINITION><FOR>a</FOR>\n<TABLE>0.5\n0,5</TABLE></DEFINITION>\n"
                        + close, "7: expected a probability in the <TABLE> of 'a', found '0,5'"),
                Arguments.of("undeclared given", open + a + "<DEFINITION><FOR>a</FOR>\n<GIVEN>c</GIVEN><TABLE>1 0</TABLE>"
                        + "</DEFINITION>\n" + close, "6: 'a' has the parent 'c', which no <VARIABLE> declares"),
                Arguments.of("no definition", open + a + close, "4: variable 'a' has no <DEFINITION>"),
                Arguments.of("twice", open + a + a + defA + close, "5: variable 'a' is declared twice (first at line 4)"),
                Arguments.of("unexpected element", open + a + "<COLOUR>red</COLOUR>\n" + defA + close,
                        "5: expected <VARIABLE>, <DEFINITION>, <NAME>, <PROPERTY> or </NETWORK>, found <COLOUR>"),
                Arguments.of("decision node", open + "<VARIABLE TYPE=\"decision\">\n<NAME>a</NAME></VARIABLE>\n" + close,
                        "4: only chance variables are read (TYPE=\"nature\"), found TYPE=\"decision\""),
                Arguments.of("version", "<BIF VERSION=\"0.15\">\n" + close,
                        "1: this reads XMLBIF version 0.3, found VERSION=\"0.15\""),
                Arguments.of("text between tags", open + a + "stray words\n" + defA + close,
                        "5: expected a tag, found the text 'stray words'"),
                Arguments.of("empty outcome", open + "<VARIABLE><NAME>a</NAME>\n<OUTCOME> </OUTCOME></VARIABLE>\n" + close,
                        "5: expected a name in <OUTCOME>, found nothing"),
                Arguments.of("not well-formed", open + "<VARIABLE><NAME>a</NAME>\n</NETWORK>\n",
                        "5: not well-formed XML: "),
                Arguments.of("xxe", "<?xml version=\"1.0\"?>\n<!DOCTYPE BIF [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n"
                        + "<BIF VERSION=\"0.3\"><NETWORK>\n<NAME>&xxe;</NAME>" + close,
                        "4: the entity reference '&xxe;' is not read: DTDs and external entities are ignored"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badXmlFiles")
    void aBadXmlBifFileIsNamedAtItsLine(String what, String content, String message) throws IOException {
        Path file = Files.writeString(dir.resolve("bad.xmlbif"), content);
        assertError(file + ":" + message, "bn", "query", "--model", file.toString(), "--query", "a");
    }

    @Test
    void contentThatContradictsTheNameIsSaidSo() throws IOException {
        Path json = Files.copy(EXAMPLES.resolve("credit-structure.json"), dir.resolve("credit.bif"));
        assertError(json + ": the name says BIF, but the content looks like JSON (it starts with '{'); a JSON file is "
                + "named .json, optionally followed by .gz", "bn", "count", "--structure", json.toString());
        Path bif = Files.copy(EXAMPLES.resolve("asia.bif"), dir.resolve("asia.xml"));
        assertError(bif + ": the name says XMLBIF, but the content looks like BIF (it starts with 'network')", "bn",
                "query", "--model", bif.toString(), "--query", "lung");
    }

    private Path copy(String name) throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/reference/" + name)) {
            Path to = dir.resolve(name);
            Files.copy(in, to);
            return to;
        }
    }

    private static BayesianNetwork read(Path file) {
        StringWriter warnings = new StringWriter();
        BayesianNetwork network = NetworkFiles.readModel(file, new PrintWriter(warnings));
        assertEquals("", warnings.toString());
        return network;
    }

    private static void assertError(String message, String... args) {
        CliRun run = CliRun.of(args);
        assertEquals(2, run.status(), String.join(" ", args) + "\n" + run.err() + run.out());
        assertEquals(1, run.err().lines().count(), "one line: " + run.err());
        assertFalse(run.err().contains("\tat "), "no stack trace");
        assertTrue(run.err().contains(message), () -> "'" + run.err() + "' should contain '" + message + "'");
    }
}
