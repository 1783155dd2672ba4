package vistream.app.source;

import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The lines of a text file or of standard input as a {@link Flux}, with a byte order mark, blank
 * lines, lines starting with {@code #} and a non-numeric first line (a header) left out. Reading
 * blocks, so it happens on {@link Schedulers#boundedElastic()}, pulled by demand: a slow consumer
 * slows reading. A followed file is polled for appended lines every {@link #FOLLOW_POLL}.
 *
 * <p>{@link #lines} gives each line as an immutable {@link Line}. {@link #rawLines} gives the
 * same lines in place, one reused {@link RawLine} valid until the next is requested: for a
 * consumer that parses each line as it arrives, as a stream's parsing does, reading then allocates
 * nothing per line.
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
     * Reads a file, or standard input when {@code path} is {@code -}, in place: the lines of
     * {@link #lines(String)}, each a {@link RawLine} that is valid only until the next is requested.
     * Only for a consumer that is done with each line when its {@code onNext} returns, with no
     * operator between that could hold it (no {@code publishOn}, {@code merge}, buffer or
     * collect); such a consumer reads without allocating per line.
     *
     * @param path a file path or {@code -}
     * @return the content lines, in order, one reused object
     * @throws DataFileException if the file is missing, a directory or unreadable
     */
    public static Flux<RawLine> rawLines(String path) {
        if (path.equals("-")) {
            return read("stdin", () -> System.in, false, null, ContentLines::nextRaw);
        }
        Path file = Path.of(path);
        InputFiles.requireReadable(file);
        return read(path, () -> InputFiles.open(file), false, null, ContentLines::nextRaw);
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
        return read(name, opener, follow, watch, ContentLines::next);
    }

    private static <T> Flux<T> read(String name, Callable<InputStream> opener, boolean follow, FollowedFile watch,
            BiFunction<ContentLines, Boolean, T> next) {
        return Flux.using(() -> new ContentLines(name, opener.call()), lines -> {
            // One round: the complete lines there are now, pulled by demand, then completion.
            Flux<T> available = Flux.generate(sink -> {
                T line = next.apply(lines, follow);
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
