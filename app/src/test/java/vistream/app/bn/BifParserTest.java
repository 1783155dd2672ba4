package vistream.app.bn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vistream.app.bn.Networks.assertSameNetwork;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vistream.app.config.UserError;
import vistream.core.graph.BayesianNetwork;
import vistream.core.graph.ConditionalProbabilityTable;
import vistream.core.graph.DiscreteVariable;
import vistream.core.graph.NetworkStructure;

/** BIF as the bnlearn repository and the tools that exchange it write it. */
class BifParserTest {

    @TempDir
    Path dir;

    private static BayesianNetwork parse(String text) {
        StringWriter warnings = new StringWriter();
        BayesianNetwork network = BifParser.parse("t.bif", text).build(new PrintWriter(warnings));
        assertEquals("", warnings.toString());
        return network;
    }

    /**
     * bnlearn lists a conditional block's rows with the first parent varying fastest, the
     * opposite of our CPT order: each row lands where its labels say.
     */
    @Test
    void readsTheAsiaExampleByItsRowLabels() {
        BayesianNetwork asia = Networks.read(Networks.EXAMPLES.resolve("asia.bif"));
        NetworkStructure s = asia.structure();
        assertEquals(List.of("asia", "tub", "smoke", "lung", "bronc", "either", "xray", "dysp"), s.names());
        assertEquals(new DiscreteVariable("either", List.of("yes", "no"), List.of("lung", "tub")), s.variables().get(5));
        assertEquals(new ConditionalProbabilityTable(2, new double[] {0.01, 0.99}), asia.cpt(0));
        assertEquals(new ConditionalProbabilityTable(2, new double[] {0.05, 0.95, 0.01, 0.99}), asia.cpt(1));
        // (lung, tub): (yes, yes), (yes, no), (no, yes), (no, no), tub fastest
        assertEquals(new ConditionalProbabilityTable(2, new double[] {1, 0, 1, 0, 1, 0, 0, 1}), asia.cpt(5));
        // (bronc, either): (yes, yes) .9, (yes, no) .8, (no, yes) .7, (no, no) .1
        assertEquals(new ConditionalProbabilityTable(2, new double[] {0.9, 0.1, 0.8, 0.2, 0.7, 0.3, 0.1, 0.9}),
                asia.cpt(7));
    }

    @Test
    void readsCommentsQuotesPropertiesLooseNumbersAndDefaults() {
        BayesianNetwork network = parse("""
                // a comment line
                network "Test Net" { property "software = hand"; property version 2 ; }
                /* a block
                   comment */ variable 1st-stage.x_y { //glued
                  type discrete[3]{ lo, "mid range", 2hi };
                  property position = (10, 20);
                }
                variable "blood pressure" { type discrete [ 2 ] { low, high }; }
                probability(1st-stage.x_y){table .25 0.5/* between */2.5e-01 ;}
                probability ( "blood pressure" | 1st-stage.x_y ) {
                  (2hi) 0.9999 1e-04;
                  ("mid range") 2.5E-1 0.75 ;
                  default 0.5, 5e-01;
                  property note;
                }
                """);
        NetworkStructure s = network.structure();
        assertEquals(List.of("1st-stage.x_y", "blood pressure"), s.names());
        assertEquals(List.of("lo", "mid range", "2hi"), s.variables().get(0).states());
        assertArrayEquals(new double[] {0.25, 0.5, 0.25}, network.cpt(0).row(0));
        assertEquals(new ConditionalProbabilityTable(2, new double[] {0.5, 0.5, 0.25, 0.75, 0.9999, 1e-4}), network.cpt(1));
    }

    @Test
    void aRowThatDoesNotSumToOneIsNamedAtItsLine() {
        UserError e = assertThrows(UserError.class, () -> parse("""
                variable a { type discrete [ 3 ] { x, y, z }; }
                probability ( a ) {
                  table .25 0.5 1;
                }
                """));
        assertEquals("t.bif:3: the row of 'a' sums to 1.75, not 1 (within 1.0E-4)", e.getMessage());
    }

    @Test
    void rowsWrittenInAnyOrderReadTheSame() throws IOException {
        for (long seed = 1; seed <= 20; seed++) {
            BayesianNetwork network = Networks.random(seed);
            Path file = dir.resolve("n" + seed + ".bif");
            NetworkFiles.writeModel(network, file);
            List<String> lines = Files.readAllLines(file);
            // Shuffle the rows within each probability block, leaving the blocks' headers and ends.
            List<String> shuffled = new ArrayList<>();
            List<String> rows = new ArrayList<>();
            for (String line : lines) {
                if (line.startsWith("  (")) {
                    rows.add(line);
                    continue;
                }
                Collections.shuffle(rows, new Random(seed));
                shuffled.addAll(rows);
                rows.clear();
                shuffled.add(line);
            }
            Files.write(file, shuffled);
            assertSameNetwork(network, Networks.read(file));
        }
    }

    @Test
    void aTableInABlockWithParentsIsRefusedForRows() {
        UserError e = assertThrows(UserError.class, () -> parse("""
                variable a { type discrete [ 2 ] { x, y }; }
                variable b { type discrete [ 2 ] { u, v }; }
                probability ( a ) { table 0.5, 0.5; }
                probability ( b | a ) {
                  table 0.1, 0.9, 0.2, 0.8;
                }
                """));
        assertEquals("t.bif:5: 'table' in the probability block of 'b', which has parents: tools disagree on the order "
                + "of its values, so write one row per configuration of (a) instead, as '(state of a) probabilities;'",
                e.getMessage());
    }

    @Test
    void namesThatWouldNotReadBackAreRefusedOnWriting() {
        for (String[] bad : new String[][] {{"a,b", "contains ','"}, {"x y", "contains whitespace"},
            {"p(q)", "contains '('"}, {"a//b", "contains '//', which starts a comment"},
            {"c/*d", "contains '/*', which starts a comment"}, {"say\"hi\"", "contains '\"'"},
            {"a|b", "contains '|'"}, {"tab\tbed", "contains whitespace"}, {"bell\u0007", "contains the control character U+0007"}}) {
            NetworkStructure s = new NetworkStructure(List.of(new DiscreteVariable("v", List.of("ok", bad[0]), List.of())));
            BayesianNetwork network = new BayesianNetwork(s, List.of(new ConditionalProbabilityTable(2,
                    new double[] {0.5, 0.5})));
            UserError e = assertThrows(UserError.class, () -> BifWriter.write(network, "n", "out.bif"));
            assertEquals("cannot write out.bif as BIF: the state '" + bad[0] + "' of 'v' " + bad[1]
                    + ", which BIF cannot represent; rename it, or write .json or .xmlbif instead", e.getMessage());
        }
    }

    @Test
    void writesBnlearnsLayout() {
        BayesianNetwork network = parse("""
                variable b { type discrete [ 2 ] { u, v }; }
                variable a { type discrete [ 2 ] { x, y }; }
                probability ( b | a ) { (x) 0.1, 0.9; (y) 0.2, 0.8; }
                probability ( a ) { table 0.5, 0.5; }
                """);
        assertEquals("""
                network n {
                }
                variable b {
                  type discrete [ 2 ] { u, v };
                }
                variable a {
                  type discrete [ 2 ] { x, y };
                }
                probability ( b | a ) {
                  (x) 0.1, 0.9;
                  (y) 0.2, 0.8;
                }
                probability ( a ) {
                  table 0.5, 0.5;
                }
                """, BifWriter.write(network, "n", "n.bif"));
        assertArrayEquals(new double[] {0.2, 0.8}, network.cpt(0).row(1));
    }
}
