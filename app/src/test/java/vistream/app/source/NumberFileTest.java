package vistream.app.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whole files of one number per line. */
class NumberFileTest {

    @TempDir
    Path dir;

    @Test
    void aByteOrderMarkDoesNotTurnTheFirstNumberIntoAHeader() throws IOException {
        Path file = Files.writeString(dir.resolve("bom.txt"), "\ufeff1\n2\n3\n");
        assertArrayEquals(new double[] {1, 2, 3}, NumberFile.read(file));
        byte[] marked = "\ufeffvalue\n4\n".getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(new double[] {4}, NumberFile.read(new ByteArrayInputStream(marked), "stdin"),
                "a marked header is still a header");
    }

    @Test
    void aDirectoryIsRefusedByName() {
        DataFileException e = assertThrows(DataFileException.class, () -> NumberFile.read(dir));
        assertEquals("cannot read " + dir + ": it is a directory", e.getMessage());
    }

    @Test
    void valuesWhoseSquaresWouldOverflowAreOutOfRange() throws IOException {
        Path file = Files.writeString(dir.resolve("big.txt"), "1\n-1e160\n");
        DataFileException e = assertThrows(DataFileException.class, () -> NumberFile.read(file));
        assertEquals(file + ":2: '-1e160' is out of range (beyond ±1e50)", e.getMessage());
        Path edge = Files.writeString(dir.resolve("edge.txt"), "1e50\n-1e50\n4.9e-324\n");
        assertArrayEquals(new double[] {1e50, -1e50, 4.9e-324}, NumberFile.read(edge), "the bound itself is in range");
    }
}
