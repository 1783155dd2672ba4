package vistream.app.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * The byte reader gives exactly the lines, numbers and header the char reader it replaced gave
 * ({@link ReferenceContentLines}), on random files of every kind of text: ASCII and not, malformed
 * UTF-8, every whitespace, byte order marks, comments, blank lines, carriage returns, lines longer
 * than the buffer, read in chunks of random sizes.
 */
class ContentLinesTest {

    /** Pieces of lines, as bytes: numbers, separators, whitespace of every kind, text and bad bytes. */
    private static final byte[][] PIECES = pieces();

    private static byte[][] pieces() {
        List<byte[]> out = new ArrayList<>();
        for (String s : new String[] {"1", "-2.5", "3e4", ".5", "7.", "+1", "12345.678901234567", ",", ",", " ", "  ", "\t",
                "\u000b", "\f", "\r", "\r", "\u001c", "\u001f", "#", "# note", "x", "value", "a,b", "{\"x\": 1}", "NaN", "inf",
                "\u00a0", "\u2003", "\u3000", "\u2028", "\u0085", "\u200b", "\ufeff", "é", "日本", "😀", "１", "\u0000"}) {
            out.add(s.getBytes(StandardCharsets.UTF_8));
        }
        // Malformed: lone continuation bytes, truncated sequences, an encoded surrogate, overlong forms, beyond U+10FFFF.
        for (int[] bad : new int[][] {{0x80}, {0xbf}, {0xc3}, {0xe6, 0x97}, {0xf0, 0x9f, 0x98}, {0xed, 0xa0, 0x80},
                {0xc0, 0x80}, {0xe0, 0x80, 0x80}, {0xf4, 0x90, 0x80, 0x80}, {0xff}, {0xfe}, {0xef, 0xbb}}) {
            byte[] b = new byte[bad.length];
            for (int i = 0; i < b.length; i++) {
                b[i] = (byte) bad[i];
            }
            out.add(b);
        }
        return out.toArray(new byte[0][]);
    }

    @Test
    void linesAreThoseOfTheCharReaderOnRandomFiles() throws Exception {
        SplittableRandom random = new SplittableRandom(42);
        for (int file = 0; file < 3000; file++) {
            byte[] bytes = randomFile(random, file % 50 == 0);
            List<String> expected = new ArrayList<>();
            String expectedHeader;
            try (ReferenceContentLines reference = new ReferenceContentLines("f", new Chunked(bytes, random.nextLong()))) {
                for (Line line = reference.next(false); line != null; line = reference.next(false)) {
                    expected.add(line.number() + ":" + line.text());
                }
                expectedHeader = reference.header();
            }
            List<String> actual = new ArrayList<>();
            List<String> inPlace = new ArrayList<>();
            try (ContentLines lines = new ContentLines("f", new Chunked(bytes, random.nextLong()))) {
                for (Line line = lines.next(false); line != null; line = lines.next(false)) {
                    actual.add(line.number() + ":" + line.text());
                }
                assertEquals(expectedHeader, lines.header(), "header of file " + file);
                assertTrue(lines.ended());
            }
            try (ContentLines lines = new ContentLines("f", new Chunked(bytes, random.nextLong()))) {
                for (RawLine line = lines.nextRaw(false); line != null; line = lines.nextRaw(false)) {
                    inPlace.add(line.number() + ":" + line.text());
                    assertEquals("f", line.source());
                }
            }
            assertEquals(expected, actual, "file " + file);
            assertEquals(expected, inPlace, "file " + file + " in place");
        }
    }

    @Test
    void followingHoldsBackAHalfWrittenLineAsTheCharReaderDid() throws Exception {
        SplittableRandom random = new SplittableRandom(8);
        for (int file = 0; file < 1000; file++) {
            byte[] bytes = randomFile(random, false);
            // Pauses (the end of what is written so far) fall after ASCII bytes only: the char reader
            // decoded a character cut by a pause as malformed, which the byte reader does not.
            List<Integer> pauses = new ArrayList<>();
            for (int i = 0; i < bytes.length; i++) {
                if (bytes[i] >= 0 && random.nextInt(40) == 0) {
                    pauses.add(i + 1);
                }
            }
            List<String> expected = follow(new ReferenceContentLines("f", new Growing(bytes, pauses))::next);
            List<String> actual = follow(new ContentLines("f", new Growing(bytes, pauses))::next);
            assertEquals(expected, actual, "file " + file);
        }
    }

    @Test
    void aLineLongerThanTheBufferIsReadWhole() throws Exception {
        String longLine = "1" + "0".repeat(200_000) + ".5";
        byte[] bytes = ("# big\n" + longLine + "\n2\n").getBytes(StandardCharsets.US_ASCII);
        try (ContentLines lines = new ContentLines("f", new Chunked(bytes, 3))) {
            RawLine first = lines.nextRaw(false);
            assertEquals(2, first.number());
            assertEquals(longLine, first.text());
            RawLine second = lines.nextRaw(false);
            assertEquals("3:2", second.number() + ":" + second.text());
            assertNull(lines.nextRaw(false));
        }
    }

    private interface Next {
        Line next(boolean following);
    }

    /**
     * Reads while following until the file has no more (three empty rounds in a row: a pause gives
     * one), recording the lines: a line cut at a pause would show as two.
     */
    private static List<String> follow(Next lines) {
        List<String> out = new ArrayList<>();
        int empty = 0;
        while (empty < 3) {
            Line line = lines.next(true);
            if (line == null) {
                empty++;
            } else {
                empty = 0;
                out.add(line.number() + ":" + line.text());
            }
        }
        return out;
    }

    private static byte[] randomFile(SplittableRandom random, boolean huge) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (random.nextInt(5) == 0) {
            out.writeBytes("\ufeff".getBytes(StandardCharsets.UTF_8));
        }
        int lines = random.nextInt(60);
        for (int l = 0; l < lines; l++) {
            int pieces = huge && l == 3 ? 40_000 : random.nextInt(6);
            for (int p = 0; p < pieces; p++) {
                // Mostly numbers and separators, sometimes anything.
                out.writeBytes(PIECES[random.nextInt(3) > 0 ? random.nextInt(12) : random.nextInt(PIECES.length)]);
            }
            if (l < lines - 1 || random.nextBoolean()) {
                out.writeBytes(random.nextInt(4) == 0 ? new byte[] {'\r', '\n'} : new byte[] {'\n'});
            }
        }
        return out.toByteArray();
    }

    /** A stream that hands out its bytes in reads of random sizes. */
    private static final class Chunked extends InputStream {
        private final byte[] bytes;
        private final SplittableRandom random;
        private int at;

        Chunked(byte[] bytes, long seed) {
            this.bytes = bytes;
            this.random = new SplittableRandom(seed);
        }

        @Override
        public int read() {
            return at < bytes.length ? bytes[at++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (at == bytes.length) {
                return -1;
            }
            int n = Math.min(Math.min(len, bytes.length - at), 1 + random.nextInt(random.nextBoolean() ? 7 : 70_000));
            System.arraycopy(bytes, at, b, off, n);
            at += n;
            return n;
        }
    }

    /** A file being appended: each read stops at the next pause, where it reports the end once. */
    private static final class Growing extends InputStream {
        private final byte[] bytes;
        private final List<Integer> pauses;
        private int at;
        private int nextPause;

        Growing(byte[] bytes, List<Integer> pauses) {
            this.bytes = bytes;
            this.pauses = pauses;
        }

        @Override
        public int read() {
            throw new UnsupportedOperationException();
        }

        @Override
        public int read(byte[] b, int off, int len) {
            int end = nextPause < pauses.size() ? pauses.get(nextPause) : bytes.length;
            if (at == end) {
                if (nextPause < pauses.size()) {
                    nextPause++;
                }
                return -1;
            }
            int n = Math.min(len, end - at);
            System.arraycopy(bytes, at, b, off, n);
            at += n;
            return n;
        }
    }
}
