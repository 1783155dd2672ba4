package vistream.app.bn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vistream.app.bn.Networks.assertSameNetwork;
import static vistream.app.bn.Networks.read;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vistream.app.config.UserError;
import vistream.core.graph.BayesianNetwork;
import vistream.core.graph.ConditionalProbabilityTable;
import vistream.core.graph.DiscreteVariable;
import vistream.core.graph.NetworkStructure;

/**
 * The three formats carry the same network: JSON → BIF → XMLBIF → JSON gives the same names in
 * the same order and bit-identical tables, gzipped or not; the format is the name's, and content
 * that plainly contradicts it is refused.
 */
class ModelRoundTripTest {

    @TempDir
    Path dir;

    @Test
    void jsonToBifToXmlBifToJsonKeepsNamesOrderAndBits() throws IOException {
        List<BayesianNetwork> networks = new java.util.ArrayList<>();
        networks.add(read(Networks.EXAMPLES.resolve("asia.bif")));
        networks.add(read(Networks.EXAMPLES.resolve("credit.xmlbif")));
        for (long seed = 1; seed <= 60; seed++) {
            networks.add(Networks.random(seed));
        }
        for (int i = 0; i < networks.size(); i++) {
            BayesianNetwork original = networks.get(i);
            BayesianNetwork network = original;
            for (String name : List.of("a.json", "b.bif", "c.xmlbif", "d.xml", "e.json")) {
                Path file = dir.resolve(i + name);
                NetworkFiles.writeModel(network, file);
                network = read(file);
                assertSameNetwork(original, network);
                assertEquals(original.structure().variables(), NetworkFiles.readStructure(file).variables(),
                        "readStructure of " + file);
            }
        }
    }

    @Test
    void gzippedFilesRoundTripAndAreRecognisedByTheirBytes() throws IOException {
        BayesianNetwork network = Networks.random(7);
        for (String name : List.of("m.json.gz", "m.bif.gz", "m.xmlbif.gz", "m.xml.GZ")) {
            Path file = dir.resolve(name);
            NetworkFiles.writeModel(network, file);
            byte[] bytes = Files.readAllBytes(file);
            assertTrue((bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b, name + " is gzipped");
            assertSameNetwork(network, read(file));
            // The bytes decide, not the name: unpacked under the .gz name, or packed under the plain one.
            String plainName = name.substring(0, name.length() - 3);
            Path packedPlain = Files.write(dir.resolve("packed-" + plainName), bytes);
            assertSameNetwork(network, read(packedPlain));
            Path unpacked = Files.write(dir.resolve("unpacked-" + name), ModelBytes.read(file));
            assertSameNetwork(network, read(unpacked));
        }
        Path bif = dir.resolve("plain.bif");
        NetworkFiles.writeModel(network, bif);
        assertFalse(Files.readString(bif).isEmpty());
        assertEquals('n', Files.readString(bif).charAt(0), "a plain name is written uncompressed");
    }

    @Test
    void aBrokenGzipFileIsNamed() throws IOException {
        ByteArrayOutputStream packed = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(packed)) {
            out.write(Files.readAllBytes(Networks.EXAMPLES.resolve("asia.bif")));
        }
        byte[] bytes = packed.toByteArray();
        Path truncated = Files.write(dir.resolve("asia.bif.gz"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
        UserError e = assertThrows(UserError.class, () -> read(truncated));
        assertTrue(e.getMessage().startsWith(truncated + ": is gzip-compressed but cannot be decompressed"),
                e.getMessage());
    }

    @Test
    void theFormatIsTheNamesAndContradictingContentIsSaidSo() throws IOException {
        BayesianNetwork network = Networks.random(3);
        UserError unknown = assertThrows(UserError.class, () -> NetworkFiles.writeModel(network, dir.resolve("m.txt")));
        assertEquals(dir.resolve("m.txt") + ": cannot tell the network format from the name; name it " + ModelFormat.ACCEPTED,
                unknown.getMessage());
        assertFalse(Files.exists(dir.resolve("m.txt")), "nothing written");
        Path gz = dir.resolve("m.gz");
        assertTrue(assertThrows(UserError.class, () -> NetworkFiles.readStructure(gz)).getMessage()
                .contains("cannot tell the network format from the name"), "a bare .gz names no format");

        Path json = dir.resolve("m.json");
        NetworkFiles.writeModel(network, json);
        Path jsonAsBif = Files.copy(json, dir.resolve("m.bif"));
        UserError asBif = assertThrows(UserError.class, () -> read(jsonAsBif));
        assertEquals(jsonAsBif + ": the name says BIF, but the content looks like JSON (it starts with '{'); a JSON "
                + "file is named .json, optionally followed by .gz", asBif.getMessage());
        Path xml = dir.resolve("m.xmlbif");
        NetworkFiles.writeModel(network, xml);
        Path xmlAsBif = Files.copy(xml, dir.resolve("x.bif"));
        assertTrue(assertThrows(UserError.class, () -> read(xmlAsBif)).getMessage()
                .contains("the name says BIF, but the content looks like XMLBIF (it starts with '<?xml')"));
        Path bif = dir.resolve("m2.bif");
        NetworkFiles.writeModel(network, bif);
        Path bifAsXml = Files.copy(bif, dir.resolve("b.xml"));
        assertTrue(assertThrows(UserError.class, () -> read(bifAsXml)).getMessage()
                .contains("the name says XMLBIF, but the content looks like BIF (it starts with 'network')"));
        Path bifAsJson = Files.copy(bif, dir.resolve("b.json"));
        assertTrue(assertThrows(UserError.class, () -> NetworkFiles.readStructure(bifAsJson)).getMessage()
                .contains("the name says JSON, but the content looks like BIF"));
    }

    @Test
    void writtenNumbersAreTheShortestThatReadBackExactly() throws IOException {
        double third = 1.0 / 3;
        NetworkStructure s = new NetworkStructure(List.of(new DiscreteVariable("v", List.of("a", "b", "c"), List.of())));
        double[] row = {third, third, 1 - 2 * third};
        BayesianNetwork network = new BayesianNetwork(s, List.of(new ConditionalProbabilityTable(3, row)));
        Path bif = dir.resolve("third.bif");
        NetworkFiles.writeModel(network, bif);
        assertTrue(Files.readString(bif).contains("table " + third + ", " + third + ", " + (1 - 2 * third) + ";"),
                Files.readString(bif));
        assertArrayEquals(row, read(bif).cpt(0).row(0));
        Path xml = dir.resolve("third.xml");
        NetworkFiles.writeModel(network, xml);
        assertArrayEquals(row, read(xml).cpt(0).row(0));
    }

    @Test
    void aRefusedNameLeavesNoFile() {
        NetworkStructure s = new NetworkStructure(List.of(new DiscreteVariable("blood pressure", List.of("low", "high"),
                List.of())));
        BayesianNetwork network = new BayesianNetwork(s, List.of(new ConditionalProbabilityTable(2, new double[] {0.5, 0.5})));
        Path file = dir.resolve("bp.bif.gz");
        UserError e = assertThrows(UserError.class, () -> NetworkFiles.writeModel(network, file));
        assertEquals("cannot write " + file + " as BIF: the variable 'blood pressure' contains whitespace, which BIF "
                + "cannot represent; rename it, or write .json or .xmlbif instead", e.getMessage());
        assertFalse(Files.exists(file));
    }
}
