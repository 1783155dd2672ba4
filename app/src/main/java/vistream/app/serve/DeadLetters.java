package vistream.app.serve;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;
import vistream.app.config.UserError;
import vistream.app.source.Printable;
import vistream.streaming.InvalidObservation;

/**
 * Where invalid input goes so that nothing is lost: every one is appended, as a JSON line, to the
 * dead-letter file (when there is one) as it came, and logged on stderr, its control characters
 * escaped, at most once a second with a count of what the limit held back. File writes happen on
 * a bounded-elastic thread, never on the stream's.
 */
final class DeadLetters implements AutoCloseable {

    private static final long LOG_INTERVAL_NANOS = Duration.ofSeconds(1).toNanos();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PrintWriter log;
    private final Sinks.Many<String> queue = Sinks.many().unicast().onBackpressureBuffer();
    private final Mono<Void> written;
    private long lastLogged = System.nanoTime() - LOG_INTERVAL_NANOS;
    private long heldBack;

    DeadLetters(Path file, PrintWriter log) {
        this.log = log;
        if (file == null) {
            queue.tryEmitComplete();
            this.written = Mono.empty();
            return;
        }
        BufferedWriter writer = open(file);
        this.written = queue.asFlux().publishOn(Schedulers.boundedElastic()).doOnNext(line -> {
            try {
                writer.write(line);
                writer.newLine();
                writer.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).doFinally(signal -> {
            try {
                writer.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).then().cache();
        this.written.subscribe(null, error -> log.println("vistream serve: rejects file failed: " + error.getMessage()));
    }

    /**
     * Opens the dead-letter file for appending.
     *
     * @throws UserError naming the file and what is wrong (a missing directory, a directory), so
     *                   that the service refuses to start with one line instead of a stack trace
     */
    private static BufferedWriter open(Path file) {
        String cannot = "cannot open the rejects file " + file + ": ";
        if (Files.isDirectory(file)) {
            throw new UserError(cannot + "it is a directory");
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new UserError(cannot + "no such directory " + parent);
        }
        try {
            return Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (AccessDeniedException e) {
            throw new UserError(cannot + "permission denied");
        } catch (IOException e) {
            throw new UserError(cannot + e.getMessage());
        }
    }

    /** Records one invalid input: queued for the file, logged within the rate limit. */
    synchronized void accept(InvalidObservation invalid) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("time", java.time.Instant.now().toString());
        record.put("index", invalid.index());
        record.put("reason", invalid.reason().tag());
        record.put("message", invalid.message());
        record.put("content", invalid.content());
        try {
            queue.emitNext(JSON.writeValueAsString(record), Sinks.EmitFailureHandler.busyLooping(Duration.ofSeconds(1)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        long now = System.nanoTime();
        if (now - lastLogged >= LOG_INTERVAL_NANOS) {
            // The message quotes the input: escaped, so that its control bytes cannot forge log lines.
            log.println("vistream serve: rejected " + Printable.escape(invalid.message())
                    + (heldBack > 0 ? " (and " + heldBack + " more in the last second)" : ""));
            log.flush();
            lastLogged = now;
            heldBack = 0;
        } else {
            heldBack++;
        }
    }

    /** Writes out what is queued and closes the file. */
    @Override
    public void close() {
        queue.tryEmitComplete();
        written.block(Duration.ofSeconds(30));
    }
}
