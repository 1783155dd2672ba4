package vistream.app.source;

import java.io.InputStream;
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
        return Flux.using(() -> new ContentLines(name, opener.call()), lines -> Flux.<Line>generate(sink -> {
            Line line = lines.next();
            if (line == null) {
                sink.complete();
            } else {
                sink.next(line);
            }
        }), ContentLines::close).subscribeOn(Schedulers.boundedElastic());
    }
}
