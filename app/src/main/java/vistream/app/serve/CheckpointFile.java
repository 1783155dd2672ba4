package vistream.app.serve;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import vistream.app.config.PosteriorSettings;
import vistream.app.config.UserError;
import vistream.streaming.PosteriorSnapshot;

/**
 * The service's checkpoint file: where it lives, what it may be resumed on, and whether writing it
 * works. A start refuses a checkpoint taken under other settings or on another input, refuses a
 * directory that does not exist, and removes the temporary files a kill left beside it; while the
 * service runs, it is {@linkplain #offer offered} each snapshot and {@linkplain #writeLatest() writes}
 * the latest on the service's interval, stamped with the settings and the input file's identity;
 * every failed write is counted ({@code vistream.checkpoint.failures}) and reported by
 * {@link #problem()} until a write succeeds again.
 */
final class CheckpointFile implements MeterBinder {

    private final Path file;
    private final PrintWriter log;
    private PosteriorSettings settings;
    private String input;
    private volatile InputFile identified;
    private volatile ServiceCheckpoint latest;
    private ServiceCheckpoint stamped;
    private ServiceCheckpoint written;
    private volatile String problem;
    private volatile long failures;
    private volatile long writes;

    /**
     * Opens the checkpoint's place: its directory must exist; stale temporary files are removed.
     *
     * @throws UserError if the directory does not exist or is not a directory
     */
    CheckpointFile(Path file, PrintWriter log) {
        this.file = file;
        this.log = log;
        Path dir = file.toAbsolutePath().getParent();
        if (!Files.isDirectory(dir)) {
            throw new UserError("the checkpoint's directory " + dir + (Files.exists(dir) ? " is not a directory"
                    : " does not exist"));
        }
        if (Files.isDirectory(file)) {
            throw new UserError("checkpoint " + file + " is a directory");
        }
        removeStaleTemporaries(dir);
    }

    /** A kill between the write and the rename leaves {@code name.<digits>.tmp}: never read, so removed. */
    private void removeStaleTemporaries(Path dir) {
        Pattern ours = Pattern.compile(Pattern.quote(ServiceCheckpoint.temporaryPrefix(file)) + "\\d+\\.tmp");
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                if (ours.matcher(entry.getFileName().toString()).matches()) {
                    Files.deleteIfExists(entry);
                    log.println("vistream serve: removed " + entry + ", a checkpoint write that was interrupted");
                }
            }
        } catch (IOException e) {
            throw new UserError("cannot list the checkpoint's directory " + dir + ": " + e.getMessage());
        }
    }

    /**
     * Checks the checkpoint to resume from against this run's settings and input.
     *
     * @param saved    the checkpoint as read ({@link ServiceCheckpoint#read}), or null for none
     * @param settings this run's settings
     * @param input    this run's input file, or null for stdin and the synthetic feed
     * @return the checkpoint (its line 0 when the input file was replaced since), or null for a fresh start
     * @throws UserError                if it describes other settings, another input, or a line the file lacks
     * @throws IllegalArgumentException if it is corrupt or of another format
     */
    ServiceCheckpoint resume(ServiceCheckpoint saved, PosteriorSettings settings, String input) {
        this.settings = settings;
        this.input = input;
        this.identified = input == null ? null : identity(Path.of(input), null);
        if (saved == null) {
            return null;
        }
        settings.difference(saved.settings()).ifPresent(d -> {
            throw new UserError("checkpoint " + file + " was taken with " + d
                    + ": resume with the checkpoint's settings, or move it away to start afresh");
        });
        if (!java.util.Objects.equals(saved.input(), input)) {
            throw new UserError("checkpoint " + file + " was taken on input "
                    + (saved.input() == null ? "(none)" : saved.input()) + ", not " + (input == null ? "(none)" : input));
        }
        ServiceCheckpoint applying = input == null ? saved : onSameFile(saved, Path.of(input));
        written = saved;
        latest = applying;
        return applying;
    }

    /**
     * The checkpoint as it applies to the input file now: unchanged when the file is the one it was
     * taken on; from line 0 when the file was replaced (rotated by rename-and-create or by
     * copy-truncate: its lines are new observations, read from the first, as {@code tail -F} would).
     */
    private ServiceCheckpoint onSameFile(ServiceCheckpoint saved, Path input) {
        try {
            if (!Files.isRegularFile(input)) {
                return saved; // the source says what is wrong with it
            }
            String change = saved.inputFile() == null ? null : saved.inputFile().changeIn(input);
            if (change != null) {
                log.println("vistream serve: input " + input + " was replaced since the checkpoint (" + change
                        + "); reading it from its first line");
                log.flush();
                return new ServiceCheckpoint(saved.version(), saved.snapshot(), saved.settings(), saved.input(),
                        InputFile.of(input), 0);
            }
            long lines = InputFile.lines(input, saved.line());
            if (lines < saved.line()) {
                throw new UserError("checkpoint " + file + " covers line " + saved.line() + " of " + input
                        + ", which has only " + lines + " lines: the file was cut or the checkpoint edited; move one away");
            }
            return saved;
        } catch (IOException e) {
            throw new UserError("cannot read input " + input + ": " + e.getMessage());
        }
    }

    /**
     * The identity of the input file: read now, so that it covers up to its first 4 KiB even when
     * the file was shorter before, but only if the file merely grew since {@code known} (same key,
     * same first bytes). A file rotated under the service keeps the identity of the one it was
     * reading, so that a restart sees the change and reads the new file from its start rather
     * than skip as many of its lines as the old one had.
     */
    private static InputFile identity(Path file, InputFile known) {
        try {
            if (known != null && known.changeIn(file) != null) {
                return known;
            }
            return InputFile.of(file);
        } catch (IOException e) {
            return known;
        }
    }

    /**
     * Takes the latest snapshot, to be written at the next {@link #writeLatest()}.
     *
     * @param snapshot the snapshot
     * @param line     the last line of the input file it covers (0 without a file)
     */
    void offer(PosteriorSnapshot snapshot, long line) {
        latest = new ServiceCheckpoint(ServiceCheckpoint.VERSION, snapshot, settings, input, identified, line);
    }

    /**
     * Writes the latest checkpoint offered, if it is new, stamped with the input file's identity as
     * it is now.
     *
     * @return whether the file holds the latest checkpoint
     */
    synchronized boolean writeLatest() {
        ServiceCheckpoint pending = latest;
        if (pending == null) {
            return true;
        }
        if (stamped == null || pending.snapshot() != stamped.snapshot() || pending.line() != stamped.line()) {
            if (pending.input() != null) {
                identified = identity(Path.of(pending.input()), identified);
            }
            stamped = pending.input() == null ? pending : new ServiceCheckpoint(pending.version(), pending.snapshot(),
                    pending.settings(), pending.input(), identified, pending.line());
        }
        return write(stamped);
    }

    /**
     * Writes {@code checkpoint} unless it is the one last written. A failure is logged when it
     * starts (not at every interval), counted, and reported by {@link #problem()} until a write
     * succeeds.
     *
     * @return whether the file now holds {@code checkpoint}
     */
    private synchronized boolean write(ServiceCheckpoint checkpoint) {
        if (checkpoint == null || checkpoint == written) {
            return checkpoint == written;
        }
        try {
            checkpoint.write(file);
            written = checkpoint;
            writes++;
            if (problem != null) {
                log.println("vistream serve: checkpoint " + file + " written again");
                log.flush();
                problem = null;
            }
            return true;
        } catch (IOException | RuntimeException e) {
            failures++;
            String reason = "cannot write checkpoint " + file + ": " + describe(e);
            if (!reason.equals(problem)) {
                log.println("vistream serve: " + reason);
                log.flush();
            }
            problem = reason;
            return false;
        }
    }

    /**
     * Why a write failed, in words that stay the same while the cause does (the temporary file's
     * random name is left out), so that a lasting failure is logged once.
     */
    private String describe(Exception e) {
        Path dir = file.toAbsolutePath().getParent();
        if (!Files.isDirectory(dir)) {
            return "its directory " + dir + " does not exist";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied in " + dir;
        }
        if (e instanceof java.nio.file.FileSystemException f) {
            // Its file is the temporary one, whose random name would make every failure look new.
            return (f.getReason() != null ? f.getReason() : f.getClass().getSimpleName()) + " in " + dir;
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** @return why the last write failed, or null while writes succeed */
    String problem() {
        return problem;
    }

    /** @return the file */
    Path path() {
        return file;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        FunctionCounter.builder("vistream.checkpoint.failures", this, c -> c.failures)
                .description("checkpoint writes that failed").register(registry);
        FunctionCounter.builder("vistream.checkpoint.writes", this, c -> c.writes)
                .description("checkpoints written").register(registry);
    }
}
