package vistream.app.bn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vistream.app.bn.Networks.assertSameNetwork;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vistream.app.config.UserError;
import vistream.core.graph.BayesianNetwork;
import vistream.core.graph.ConditionalProbabilityTable;
import vistream.core.graph.DiscreteVariable;
import vistream.core.graph.NetworkStructure;

/** XMLBIF 0.3: its TABLE order, what is skipped, and what is never read (DTDs, external entities). */
class XmlBifReaderTest {

    @TempDir
    Path dir;

    private static BayesianNetwork parse(String xml) {
        return XmlBifReader.read("t.xml", xml.getBytes(StandardCharsets.UTF_8)).build(new PrintWriter(new StringWriter()));
    }

    /**
     * A file as JavaBayes and Weka write it: an internal DTD subset, comments, properties, a
     * namespace; the TABLE holds, for each configuration of the GIVENs (the last fastest), the
     * FOR variable's outcomes.
     */
    @Test
    void readsTheTableWithTheLastGivenFastest() {
        BayesianNetwork network = parse("""
                <?xml version="1.0" encoding="US-ASCII"?>
                <!-- written by hand -->
                <!DOCTYPE BIF [
                  <!ELEMENT BIF ( NETWORK )*>
                  <!ATTLIST BIF VERSION CDATA #REQUIRED>
                ]>
                <BIF VERSION="0.3" xmlns="http://www.cs.ubc.ca/labs/lci/fopi/ve/XMLBIFv0_3">
                <NETWORK>
                <NAME>test</NAME>
                <PROPERTY>short = a test</PROPERTY>
                <VARIABLE TYPE="nature">
                  <NAME>  c  </NAME>
                  <OUTCOME>c1</OUTCOME><OUTCOME>c2</OUTCOME>
                  <PROPERTY>position = (1, 2)</PROPERTY>
                </VARIABLE>
                <VARIABLE><NAME>a</NAME><OUTCOME>a1</OUTCOME><OUTCOME>a2</OUTCOME></VARIABLE>
                <VARIABLE TYPE="nature"><NAME>b</NAME><OUTCOME>b1</OUTCOME><OUTCOME>b2</OUTCOME><OUTCOME>b&amp;3</OUTCOME></VARIABLE>
                <DEFINITION><FOR>a</FOR><TABLE>0.5 0.5</TABLE></DEFINITION>
                <DEFINITION><FOR>b</FOR><TABLE><![CDATA[0.2 0.3]]> 0.5</TABLE></DEFINITION>
                <DEFINITION>
                  <FOR>c</FOR>
                  <GIVEN>a</GIVEN>
                  <GIVEN>b</GIVEN>
                  <TABLE>
                    0.1 0.9  <!-- a1 b1 -->
                    0.2 0.8
                    0.3 0.7
                    0.4 0.6  <!-- a2 b1 -->
                    0.5 0.5
                    1 0
                  </TABLE>
                </DEFINITION>
                </NETWORK>
                </BIF>
                """);
        NetworkStructure s = network.structure();
        assertEquals(List.of("c", "a", "b"), s.names());
        assertEquals(new DiscreteVariable("c", List.of("c1", "c2"), List.of("a", "b")), s.variables().get(0));
        assertEquals(List.of("b1", "b2", "b&3"), s.variables().get(2).states());
        assertEquals(new ConditionalProbabilityTable(2, new double[] {0.1, 0.9, 0.2, 0.8, 0.3, 0.7, 0.4, 0.6, 0.5, 0.5,
            1, 0}), network.cpt(0));
        assertEquals(0.4, network.query("c", java.util.Map.of("a", "a2", "b", "b1")).get("c1"), 1e-15);
    }

    /** An entity that names a file is never resolved, inline or through an external DTD. */
    @Test
    void externalEntitiesAndDtdsAreNeverRead() throws IOException {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "TOP-SECRET");
        Path dtd = Files.writeString(dir.resolve("evil.dtd"), "<!ENTITY xxe SYSTEM \"" + secret.toUri() + "\">");
        String inline = "<?xml version=\"1.0\"?>\n<!DOCTYPE BIF [\n<!ENTITY xxe SYSTEM \"" + secret.toUri() + "\">\n]>\n"
                + "<BIF VERSION=\"0.3\"><NETWORK>\n<VARIABLE><NAME>&xxe;</NAME><OUTCOME>x</OUTCOME></VARIABLE>"
                + "</NETWORK></BIF>\n";
        String external = "<?xml version=\"1.0\"?>\n<!DOCTYPE BIF SYSTEM \"" + dtd.toUri() + "\">\n"
                + "<BIF VERSION=\"0.3\"><NETWORK>\n<VARIABLE><NAME>&xxe;</NAME><OUTCOME>x</OUTCOME></VARIABLE>"
                + "</NETWORK></BIF>\n";
        String laughs = "<?xml version=\"1.0\"?>\n<!DOCTYPE BIF [\n<!ENTITY a \"aaaaaaaaaa\">\n"
                + "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\n]>\n<BIF><NETWORK>\n<NAME>&b;</NAME></NETWORK></BIF>\n";
        for (String[] file : new String[][] {{inline, "6", "xxe"}, {external, "4", "xxe"}, {laughs, "7", "b"}}) {
            Path xml = Files.writeString(dir.resolve("evil.xml"), file[0]);
            UserError e = assertThrows(UserError.class, () -> Networks.read(xml));
            assertEquals(xml + ":" + file[1] + ": the entity reference '&" + file[2] + ";' is not read: DTDs and "
                    + "external entities are ignored, so only &amp; &lt; &gt; &quot; &apos; and character references "
                    + "may be used", e.getMessage());
            assertFalse(e.getMessage().contains("TOP-SECRET"));
        }
    }

    @Test
    void malformedXmlIsNamedAtItsLine() {
        UserError e = assertThrows(UserError.class, () -> parse("<BIF VERSION=\"0.3\">\n<NETWORK>\n<NAME>x</NAM>\n"));
        // The parser's own words follow in the JVM's language (the tests run in German).
        assertTrue(e.getMessage().startsWith("t.xml:3: not well-formed XML: "), e.getMessage());
        assertTrue(e.getMessage().contains("</NAME>"), e.getMessage());
    }

    /** Escaped on writing so that every name XML can carry reads back as itself. */
    @Test
    void namesAreEscapedAndReadBackExactly() throws IOException {
        List<String> states = List.of("a & b", "<tag>", "\"quoted\" 'too'", "line\nbreak", "cr\rhere", "tab\there",
                "]]>", "ünï ©");
        NetworkStructure s = new NetworkStructure(List.of(new DiscreteVariable("v & w", states, List.of())));
        double[] row = new double[states.size()];
        java.util.Arrays.fill(row, 1.0 / 8);
        BayesianNetwork network = new BayesianNetwork(s, List.of(new ConditionalProbabilityTable(8, row)));
        Path file = dir.resolve("names.xmlbif");
        NetworkFiles.writeModel(network, file);
        assertSameNetwork(network, Networks.read(file));
        assertTrue(Files.readString(file).contains("<OUTCOME>cr&#13;here</OUTCOME>"), Files.readString(file));
    }

    @Test
    void namesXmlCannotCarryAreRefusedOnWriting() {
        for (String[] bad : new String[][] {{" padded", "starts or ends with whitespace, which readers drop"},
            {"end\n", "starts or ends with whitespace, which readers drop"}, {"nul\u0000", "contains U+0000, which XML 1.0 cannot carry"},
            {"lone\ud800", "contains U+D800, which XML 1.0 cannot carry"}, {"", "is empty"}}) {
            NetworkStructure s = new NetworkStructure(List.of(new DiscreteVariable("v", List.of("ok", bad[0]), List.of())));
            BayesianNetwork network = new BayesianNetwork(s, List.of(new ConditionalProbabilityTable(2,
                    new double[] {0.5, 0.5})));
            UserError e = assertThrows(UserError.class, () -> XmlBifWriter.write(network, "n", "out.xml"));
            assertEquals("cannot write out.xml as XMLBIF: the state '" + bad[0] + "' of 'v' " + bad[1]
                    + "; rename it, or write .json instead", e.getMessage());
        }
    }
}
