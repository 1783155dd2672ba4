package vistream.app.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.test.StepVerifier;

/** Reading and following data files. */
class TextSourceTest {

    @TempDir
    Path dir;

    @Test
    void followingWaitsForAppendedLinesAndNeverSplitsAHalfWrittenOne() throws Exception {
        Path file = Files.writeString(dir.resolve("f.txt"), "x\n1.5\n2.");
        StepVerifier.create(TextSource.lines(file.toString(), true).map(Line::text))
                .expectNext("1.5")
                .expectNoEvent(Duration.ofMillis(300)) // "2." has no newline yet: it is held back
                .then(() -> append(file, "5\n# note\n\n3e1\r\n"))
                .expectNext("2.5", "3e1")
                .expectNoEvent(Duration.ofMillis(300))
                .then(() -> append(file, "-4\n"))
                .expectNext("-4")
                .thenCancel()
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void readingToTheEndTakesALastLineWithoutItsNewline() throws Exception {
        Path file = Files.writeString(dir.resolve("g.txt"), "value\n1\n\n# c\n2\n3");
        List<Line> lines = TextSource.lines(file.toString()).collectList().block(Duration.ofSeconds(10));
        assertEquals(List.of("1", "2", "3"), lines.stream().map(Line::text).toList());
        assertEquals(List.of(2L, 5L, 6L), lines.stream().map(Line::number).toList(), "numbers count every line");
    }

    @Test
    void rawLinesAreTheLinesInPlaceOneReusedObject() throws Exception {
        Path file = Files.writeString(dir.resolve("r.csv"), "\ufeffa,b\n1,2\n\n# c\n 3 , 4 \r\né,5\n6,7");
        List<Line> lines = TextSource.lines(file.toString()).collectList().block(Duration.ofSeconds(10));
        java.util.Set<RawLine> distinct = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        List<Line> copies = TextSource.rawLines(file.toString()).doOnNext(distinct::add).map(RawLine::toLine)
                .collectList().block(Duration.ofSeconds(10));
        assertEquals(lines, copies, "the same numbers and texts");
        assertEquals(List.of("1,2", "3 , 4", "é,5", "6,7"), copies.stream().map(Line::text).toList());
        assertEquals(1, distinct.size(), "one object, reused for every line");
    }

    @Test
    void aMissingFileOrADirectoryIsRefusedBeforeAnythingIsRead() {
        DataFileException missing = assertThrows(DataFileException.class,
                () -> TextSource.lines(dir.resolve("none.txt").toString()));
        assertEquals("cannot read " + dir.resolve("none.txt") + ": no such file", missing.getMessage());
        DataFileException directory = assertThrows(DataFileException.class,
                () -> TextSource.lines(dir.toString(), true));
        assertEquals("cannot read " + dir + ": it is a directory", directory.getMessage());
    }

    @Test
    void aByteOrderMarkIsDroppedFromAStream() {
        byte[] marked = "\ufeff1\n2\n3\n".getBytes(StandardCharsets.UTF_8);
        List<Line> lines = TextSource.lines("stdin", () -> new ByteArrayInputStream(marked), false).collectList()
                .block(Duration.ofSeconds(10));
        assertEquals(List.of("1", "2", "3"), lines.stream().map(Line::text).toList(),
                "the first number is not a header");
    }

    private static void append(Path file, String text) {
        try {
            Files.writeString(file, text, StandardOpenOption.APPEND);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
