package vistream.app.source;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The content lines of a data file, the one place the format's layout rules live: a byte order
 * mark at the start is dropped, blank lines and lines starting with {@code #} are skipped, and a
 * first content line that is not numeric is a header. Lines end with {@code \n}; each is stripped
 * of whitespace (as {@link String#strip} does, which takes a {@code \r} before the {@code \n} too).
 * When following a file that is being appended, a last line without its {@code \n} is held back
 * until the rest arrives. Not thread safe; one reader per file.
 *
 * <p>It reads bytes, not chars: a line of ASCII bytes is found, stripped and handed on in place
 * ({@link #nextRaw}), without a {@code String}. Any other line is decoded from UTF-8 on its own,
 * which gives the text a decoder of the whole file gives, since {@code \n} cannot occur inside a
 * multi-byte character; a malformed sequence becomes U+FFFD either way.
 */
final class ContentLines implements AutoCloseable {

    /** U+FEFF, which editors on Windows put before UTF-8 text; {@link String#strip} leaves it. */
    private static final String BYTE_ORDER_MARK = "\ufeff";

    private static final int BUFFER_SIZE = 1 << 16;

    /** Eight bytes of the buffer as one little-endian long, so the byte at the lowest address is the lowest. */
    private static final VarHandle WORDS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;

    private final String name;
    private final InputStream in;
    private final RawLine line;
    /** Bytes read; a line longer than the buffer grows it. */
    private byte[] buffer = new byte[BUFFER_SIZE];
    /** Start of the first byte not yet handed out as part of a line. */
    private int position;
    /** End of the bytes read. */
    private int limit;
    /** How far the line being read was searched for its {@code \n}, so no byte is searched twice. */
    private int searched;
    /** The bytes of the line being read, or-ed: a high bit is set once one is not ASCII. */
    private long highBits;
    private int lineStart;
    private int lineEnd;
    private boolean lineAscii;
    private long number;
    private boolean seenContent;
    private boolean ended;
    private String header;

    ContentLines(String name, InputStream in) {
        this.name = name;
        this.in = in;
        this.line = new RawLine(name);
    }

    /**
     * Returns the next content line, stripped, or null when there is none now: at the end of the
     * input, or, when {@code following}, until more is appended.
     */
    Line next(boolean following) {
        RawLine raw = nextRaw(following);
        return raw == null ? null : raw.toLine();
    }

    /**
     * Returns the next content line in place, or null when there is none now (as {@link #next});
     * the line is valid until the next call, and allocates nothing when it is ASCII.
     */
    RawLine nextRaw(boolean following) {
        while (readLine(following)) {
            number++;
            if (!lineAscii) {
                String text = new String(buffer, lineStart, lineEnd - lineStart, StandardCharsets.UTF_8);
                if (number == 1 && text.startsWith(BYTE_ORDER_MARK)) {
                    text = text.substring(1); // not part of the first value or column name
                }
                String stripped = text.strip();
                if (stripped.isEmpty() || stripped.startsWith("#") || isHeader(stripped)) {
                    continue;
                }
                line.setText(stripped, number);
                return line;
            }
            int from = lineStart;
            int to = lineEnd;
            while (from < to && isWhitespace(buffer[from])) {
                from++;
            }
            while (to > from && isWhitespace(buffer[to - 1])) {
                to--;
            }
            if (from == to || buffer[from] == '#'
                    || !seenContent && isHeader(new String(buffer, from, to - from, StandardCharsets.ISO_8859_1))) {
                continue;
            }
            line.setAscii(buffer, from, to, number);
            return line;
        }
        return null;
    }

    /** Whether the first content line, about to be handed out, is a header; it is kept if so. */
    private boolean isHeader(String stripped) {
        if (seenContent) {
            return false;
        }
        seenContent = true;
        if (LineParser.isNumeric(stripped)) {
            return false;
        }
        header = stripped;
        return true;
    }

    /**
     * Whether an ASCII character is whitespace to {@link String#strip} ({@link Character#isWhitespace}):
     * tab, line feed, vertical tab, form feed, carriage return, the four separators U+001C–U+001F and space.
     */
    static boolean isWhitespace(byte c) {
        return c >= 9 && c <= 13 || c >= 28 && c <= 32;
    }

    /** The header line that was skipped, or null if the file has none (known once a line was read). */
    String header() {
        return header;
    }

    /** Whether the input ended (only ever true when not following). */
    boolean ended() {
        return ended;
    }

    /** Finds the next raw line, {@code [lineStart, lineEnd)} without its {@code \n}; false if there is none now. */
    private boolean readLine(boolean following) {
        try {
            while (true) {
                int at = newline();
                if (at >= 0) {
                    lineStart = position;
                    lineEnd = at;
                    lineAscii = (highBits & HIGHS) == 0;
                    position = at + 1;
                    searched = position;
                    highBits = 0;
                    return true;
                }
                if (limit == buffer.length) {
                    makeRoom();
                }
                int n = in.read(buffer, limit, buffer.length - limit);
                if (n < 0) {
                    if (following || position == limit) {
                        ended = !following;
                        return false;
                    }
                    lineStart = position; // a last line without its newline
                    lineEnd = limit;
                    lineAscii = (highBits & HIGHS) == 0;
                    position = limit;
                    highBits = 0;
                    return true;
                }
                limit += n;
            }
        } catch (IOException e) {
            throw new DataFileException("cannot read " + name + ": " + e.getMessage());
        }
    }

    /**
     * Searches the unsearched bytes for a {@code \n}, or-ing the bytes before it into
     * {@link #highBits}, and returns its index, or −1 with every byte searched. Eight bytes at a
     * time: a byte of {@code word ^ NEWLINES} is zero where {@code word} holds a {@code \n}, and
     * {@code (x - ONES) & ~x & HIGHS} marks the lowest zero byte of {@code x} exactly (higher marks
     * can be false, from its borrow, so only the lowest is used).
     */
    private int newline() {
        byte[] b = buffer;
        long bits = highBits;
        int i = searched;
        for (; i + Long.BYTES <= limit; i += Long.BYTES) {
            long word = (long) WORDS.get(b, i);
            long x = word ^ NEWLINES;
            long found = (x - ONES) & ~x & HIGHS;
            if (found != 0) {
                int before = Long.numberOfTrailingZeros(found) >>> 3; // bytes of the word before the newline
                highBits = bits | word & ((1L << (before << 3)) - 1);
                return i + before;
            }
            bits |= word;
        }
        for (; i < limit; i++) {
            byte c = b[i];
            if (c == '\n') {
                highBits = bits;
                return i;
            }
            bits |= c;
        }
        highBits = bits;
        searched = limit;
        return -1;
    }

    /** Moves the line being read to the start of the buffer, or grows the buffer if it fills it. */
    private void makeRoom() {
        if (position == 0) {
            buffer = Arrays.copyOf(buffer, buffer.length * 2);
            return;
        }
        System.arraycopy(buffer, position, buffer, 0, limit - position);
        limit -= position;
        searched -= position;
        position = 0;
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
