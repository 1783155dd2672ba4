package vistream.app.serve;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import vistream.app.config.PosteriorSettings;
import vistream.streaming.PosteriorSnapshot;

/**
 * What {@code serve} writes to its checkpoint file: the posterior (a snapshot with its
 * checkpoint), the settings that give it its meaning and, for file input, which file it was and the
 * last line of it the posterior covers, so that after a restart no line is applied twice or skipped
 * and the posterior is never read under other settings.
 *
 * @param version   the format, {@value #VERSION}
 * @param snapshot  the snapshot to resume from
 * @param settings  the settings the posterior was computed under
 * @param input     the input file it was taken on, or null for stdin and the synthetic feed
 * @param inputFile which file {@code input} was (null without one)
 * @param line      the last line of {@code input} inside the posterior (0 if none)
 */
record ServiceCheckpoint(int version, PosteriorSnapshot snapshot, PosteriorSettings settings, String input,
        InputFile inputFile, long line) {

    /**
     * 3 since the settings and the input file's identity; 2 since component ids, birth positions,
     * the moves' memory and the share since the last change.
     */
    static final int VERSION = 3;

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES);

    ServiceCheckpoint {
        Objects.requireNonNull(snapshot, "snapshot");
        Objects.requireNonNull(settings, "settings");
    }

    /** The prefix of the temporary files {@link #write} leaves behind when killed mid-write. */
    static String temporaryPrefix(Path file) {
        return file.getFileName().toString() + ".";
    }

    /**
     * Writes the checkpoint atomically: to a temporary file beside the target, forced to disk,
     * then renamed over it, so that a crash leaves either the old checkpoint or the new one.
     */
    void write(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Path temporary = Files.createTempFile(dir, temporaryPrefix(file), ".tmp");
        try {
            Files.write(temporary, JSON.writeValueAsBytes(this));
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** A checkpoint of another format: refused with its own message, not called corrupt. */
    private static final class OtherVersion extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        OtherVersion(String message) {
            super(message);
        }
    }

    /**
     * Reads a checkpoint file.
     *
     * @return the checkpoint, or null when the file does not exist (a fresh start)
     * @throws IllegalArgumentException if it exists but is not a valid checkpoint: a corrupt
     *                                  checkpoint never silently becomes a fresh start
     */
    static ServiceCheckpoint read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read checkpoint " + file + ": " + e.getMessage(), e);
        }
        try {
            // The version first: a file of another format would otherwise fail on its fields.
            JsonNode tree = JSON.readTree(bytes);
            int version = tree.path("version").asInt(-1);
            if (tree.path("version").isInt() && version != VERSION) {
                throw new OtherVersion("checkpoint " + file + " was written in format version " + version
                        + "; this vistream reads version " + VERSION + ": move it away to start afresh");
            }
            ServiceCheckpoint checkpoint = JSON.readValue(bytes, ServiceCheckpoint.class);
            if (checkpoint.line() < 0) {
                throw new IllegalArgumentException("line " + checkpoint.line() + " is before the first line");
            }
            return checkpoint;
        } catch (OtherVersion e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            String reason = e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage()
                    : e.getMessage();
            throw new IllegalArgumentException("checkpoint " + file + " is corrupt (" + reason
                    + "); move it away to start afresh", e);
        }
    }
}
