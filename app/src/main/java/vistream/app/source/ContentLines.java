package vistream.app.source;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The content lines of a data file, the one place the format's layout rules live: blank lines
 * and lines starting with {@code #} are skipped, and a first content line that is not numeric is
 * a header. Not thread safe; one reader per file.
 */
final class ContentLines implements AutoCloseable {

    private final String name;
    private final BufferedReader reader;
    private long number;
    private boolean seenContent;

    ContentLines(String name, InputStream in) {
        this.name = name;
        this.reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
    }

    /** Returns the next content line, stripped, or null at the end. */
    Line next() {
        try {
            String text;
            while ((text = reader.readLine()) != null) {
                number++;
                String stripped = text.strip();
                if (stripped.isEmpty() || stripped.startsWith("#")) {
                    continue;
                }
                boolean first = !seenContent;
                seenContent = true;
                if (first && !LineParser.isNumeric(stripped)) {
                    continue; // a header
                }
                return new Line(name, number, stripped);
            }
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name + ": " + e.getMessage(), e);
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
