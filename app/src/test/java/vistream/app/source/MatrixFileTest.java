package vistream.app.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a CSV file's width and columns are found, and what is refused. */
class MatrixFileTest {

    @TempDir
    Path dir;

    @Test
    void aBadFirstLineDoesNotSetTheWidth() throws IOException {
        StringBuilder text = new StringBuilder("1,2,3\n");
        for (int i = 0; i < 5000; i++) {
            text.append(i % 7).append(',').append(i % 5).append('\n');
        }
        Path file = write("hijack.csv", text.toString());
        MatrixFile.Matrix all = MatrixFile.read(file, null, Integer.MAX_VALUE, true);
        assertEquals(2, all.width(), "most lines have two fields");
        assertEquals(2, all.dimension());
        assertEquals(5000 * 2, all.values().length, "every two-field line is an observation");
        DataFileException strict = assertThrows(DataFileException.class, () -> MatrixFile.read(file, null));
        assertEquals(file + ":1: '1,2,3' has 3 fields, expected 2", strict.getMessage());
    }

    @Test
    void aHeaderSetsTheWidth() throws IOException {
        Path file = write("header.csv", "x,y\n1,2,3\n1,2\n3,4\n");
        MatrixFile.Matrix m = MatrixFile.read(file, List.of("y"), Integer.MAX_VALUE, true);
        assertEquals(2, m.width());
        assertArrayEquals(new double[] {2, 4}, m.values());
        DataFileException strict = assertThrows(DataFileException.class, () -> MatrixFile.read(file, null));
        assertEquals(file + ":2: '1,2,3' has 3 fields, expected 2", strict.getMessage());
    }

    @Test
    void linesThatDisagreeWithoutAMajorityAreRefusedRatherThanGuessed() throws IOException {
        Path file = write("split.csv", "1,2\n3,4,5\n");
        DataFileException e = assertThrows(DataFileException.class, () -> MatrixFile.read(file, null, 10, true));
        assertTrue(e.getMessage().startsWith(file + ": cannot tell how many columns the file has"), e.getMessage());
        assertTrue(e.getMessage().contains("add a header"), e.getMessage());
    }

    @Test
    void aByteOrderMarkIsNotPartOfTheFirstColumnName() throws IOException {
        Path file = write("bom.csv", "\ufeffx,y\n1,2\n3,4\n");
        MatrixFile.Matrix m = MatrixFile.read(file, List.of("x"));
        assertEquals(List.of("x"), m.columns());
        assertArrayEquals(new double[] {1, 3}, m.values());
        Path numbers = write("bom-numbers.csv", "\ufeff1,2\n3,4\n");
        assertArrayEquals(new double[] {1, 2, 3, 4}, MatrixFile.read(numbers, null).values(),
                "a marked first line of numbers is data, not a header");
    }

    @Test
    void valuesBeyondTheBoundAreOutOfRange() throws IOException {
        Path file = write("big.csv", "1,2\n1e160,0\n");
        DataFileException e = assertThrows(DataFileException.class, () -> MatrixFile.read(file, null));
        assertEquals(file + ":2: '1e160,0' holds a value out of range (beyond ±1e50)", e.getMessage());
        assertArrayEquals(new double[] {1, 2}, MatrixFile.read(file, null, 10, true).values());
    }

    @Test
    void aDirectoryIsRefusedByName() {
        DataFileException e = assertThrows(DataFileException.class, () -> MatrixFile.read(dir, null));
        assertEquals("cannot read " + dir + ": it is a directory", e.getMessage());
    }

    @Test
    void controlCharactersOfABadLineAreEscapedInTheMessage() throws IOException {
        Path file = write("esc.csv", "1,2\n3,\u001b[2J\r4\n");
        DataFileException e = assertThrows(DataFileException.class, () -> MatrixFile.read(file, null));
        assertFalse(e.getMessage().contains("\u001b") || e.getMessage().contains("\r"), e.getMessage());
        assertTrue(e.getMessage().contains("'3,\\u001b[2J\\r4'"), e.getMessage());
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }
}
