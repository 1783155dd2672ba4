package vistream.app.source;

import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The lines of a text file or of standard input as a {@link Flux}, with a byte order mark, blank
 * lines, lines starting with {@code #} and a non-numeric first line (a header) left out. Reading
 * blocks, so it happens on {@link Schedulers#boundedElastic()}, pulled by demand: a slow consumer
 * slows reading. A followed file is polled for appended lines every {@link #FOLLOW_POLL}.
 */
public final class TextSource {

    private TextSource() {
    }

    /** How often a followed file is checked for appended lines. */
    public static final Duration FOLLOW_POLL = Duration.ofMillis(100);

    /**
     * Reads a file, or standard input when {@code path} is {@code -}.
     *
     * @param path a file path or {@code -}
     * @return the content lines, in order; a read that fails later is an error of the flux
     * @throws DataFileException if the file is missing, a directory or unreadable
     */
    public static Flux<Line> lines(String path) {
        return lines(path, false);
    }

    /**
     * Reads a file, or standard input when {@code path} is {@code -}; when {@code follow} is true
     * the flux does not complete at the end of a file but waits for lines appended to it, like
     * {@code tail -f}, until it is cancelled.
     *
     * @param path   a file path or {@code -}
     * @param follow whether to keep reading what is appended
     * @return the content lines, in order
     * @throws DataFileException if the file is missing, a directory or unreadable
     */
    public static Flux<Line> lines(String path, boolean follow) {
        if (path.equals("-")) {
            return lines("stdin", () -> System.in, false);
        }
        Path file = Path.of(path);
        // Checked now as well as on opening, so that a command refuses a missing file or a
        // directory before it starts (a service, before it listens) rather than as a failed stream.
        InputFiles.requireReadable(file);
        if (!follow) {
            return lines(path, () -> InputFiles.open(file), false);
        }
        // Followed: each time the available lines run out, the path must still name the file being
        // read, no shorter than what was read; a rotated log ends the stream rather than be misread.
        return Flux.using(() -> FollowedFile.open(file), opened -> lines(path, opened::stream, true, opened.watch()),
                opened -> { });
    }

    /**
     * Reads lines from a stream opened on subscription and closed on completion, error or cancel.
     *
     * @param name   the name used in messages
     * @param opener opens the stream
     * @param follow whether to wait for more at the end instead of completing
     * @return the content lines
     */
    public static Flux<Line> lines(String name, Callable<InputStream> opener, boolean follow) {
        return lines(name, opener, follow, null);
    }

    private static Flux<Line> lines(String name, Callable<InputStream> opener, boolean follow, FollowedFile watch) {
        return Flux.using(() -> new ContentLines(name, opener.call()), lines -> {
            // One round: the complete lines there are now, pulled by demand, then completion.
            Flux<Line> available = Flux.generate(sink -> {
                Line line = lines.next(follow);
                if (line != null) {
                    sink.next(line);
                } else {
                    if (watch != null) {
                        watch.requireUnrotated();
                    }
                    sink.complete();
                }
            });
            if (!follow) {
                return available;
            }
            // Following: after each round wait a poll interval (on a bounded-elastic thread, where
            // the next round's blocking reads belong) and look again, until cancelled.
            return available.concatWith(Mono.delay(FOLLOW_POLL, Schedulers.boundedElastic()).then(Mono.empty()))
                    .repeat();
        }, ContentLines::close).subscribeOn(Schedulers.boundedElastic());
    }
}
