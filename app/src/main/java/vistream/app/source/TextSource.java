package vistream.app.source;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * The lines of a text file or of standard input as a {@link Flux}, with blank lines, lines
 * starting with {@code #} and a non-numeric first line (a header) left out. Reading blocks, so it
 * happens on {@link Schedulers#boundedElastic()}, pulled by demand: a slow consumer slows reading.
 */
public final class TextSource {

    private TextSource() {
    }

    /**
     * Reads a file, or standard input when {@code path} is {@code -}.
     *
     * @param path a file path or {@code -}
     * @return the content lines, in order; an unreadable file is an error of the flux
     */
    public static Flux<Line> lines(String path) {
        if (path.equals("-")) {
            return lines("stdin", () -> System.in);
        }
        Path file = Path.of(path);
        return lines(path, () -> {
            try {
                return Files.newInputStream(file);
            } catch (NoSuchFileException e) {
                throw new DataFileException("cannot read " + path + ": no such file");
            }
        });
    }

    /**
     * Reads lines from a stream opened on subscription and closed on completion, error or cancel.
     *
     * @param name   the name used in messages
     * @param opener opens the stream
     * @return the content lines
     */
    public static Flux<Line> lines(String name, Callable<InputStream> opener) {
        return Flux.using(() -> new Reader(name, opener.call()), reader -> Flux.<Line>generate(sink -> {
            Line line = reader.nextContentLine();
            if (line == null) {
                sink.complete();
            } else {
                sink.next(line);
            }
        }), Reader::close).subscribeOn(Schedulers.boundedElastic());
    }

    /** The reading state of one subscription. */
    private static final class Reader {

        private final String name;
        private final BufferedReader reader;
        private long number;
        private boolean seenContent;

        Reader(String name, InputStream in) {
            this.name = name;
            this.reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
        }

        Line nextContentLine() {
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

        void close() {
            try {
                reader.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
