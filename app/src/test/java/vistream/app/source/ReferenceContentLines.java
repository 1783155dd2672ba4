package vistream.app.source;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * {@link ContentLines} as it was before it read bytes (a {@link java.io.Reader} of chars, a
 * {@code String} per line), kept as the reference the byte reader is compared with. The content
 * lines of a data file, the one place the format's layout rules live: a byte order
 * mark at the start is dropped, blank lines and lines starting with {@code #} are skipped, and a
 * first content line that is not numeric is a header. Lines end with {@code \n} (a {@code \r}
 * before it is dropped). When following a file that is being appended, a last line without its
 * {@code \n} is held back until the rest arrives. Not thread safe; one reader per file.
 */
final class ReferenceContentLines implements AutoCloseable {

    /** U+FEFF, which editors on Windows put before UTF-8 text; {@link String#strip} leaves it. */
    private static final String BYTE_ORDER_MARK = "\ufeff";

    private final String name;
    private final Reader reader;
    private final char[] buffer = new char[1 << 16];
    private int position;
    private int limit;
    private final StringBuilder partial = new StringBuilder();
    private long number;
    private boolean seenContent;
    private boolean ended;
    private String header;

    ReferenceContentLines(String name, InputStream in) {
        this.name = name;
        this.reader = new InputStreamReader(in, StandardCharsets.UTF_8);
    }

    /**
     * Returns the next content line, stripped, or null when there is none now: at the end of the
     * input, or, when {@code following}, until more is appended.
     */
    Line next(boolean following) {
        String text;
        while ((text = rawLine(following)) != null) {
            number++;
            if (number == 1 && text.startsWith(BYTE_ORDER_MARK)) {
                text = text.substring(1); // not part of the first value or column name
            }
            String stripped = text.strip();
            if (stripped.isEmpty() || stripped.startsWith("#")) {
                continue;
            }
            boolean first = !seenContent;
            seenContent = true;
            if (first && !LineParser.isNumeric(stripped)) {
                header = stripped;
                continue;
            }
            return new Line(name, number, stripped);
        }
        return null;
    }

    /** The header line that was skipped, or null if the file has none (known once a line was read). */
    String header() {
        return header;
    }

    /** Whether the input ended (only ever true when not following). */
    boolean ended() {
        return ended;
    }

    private String rawLine(boolean following) {
        try {
            while (true) {
                for (int i = position; i < limit; i++) {
                    if (buffer[i] == '\n') {
                        int end = i > position && buffer[i - 1] == '\r' ? i - 1 : i;
                        partial.append(buffer, position, end - position);
                        position = i + 1;
                        String line = partial.toString();
                        partial.setLength(0);
                        return line;
                    }
                }
                partial.append(buffer, position, limit - position);
                position = 0;
                limit = reader.read(buffer, 0, buffer.length);
                if (limit < 0) {
                    limit = 0;
                    if (following || partial.length() == 0) {
                        ended = !following;
                        return null;
                    }
                    String line = partial.toString(); // a last line without its newline
                    partial.setLength(0);
                    return line;
                }
            }
        } catch (IOException e) {
            throw new DataFileException("cannot read " + name + ": " + e.getMessage());
        }
    }

    @Override
    public void close() {
        try {
            reader.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
