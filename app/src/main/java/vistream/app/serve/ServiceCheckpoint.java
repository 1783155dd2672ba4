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
import com.fasterxml.jackson.databind.ObjectMapper;
import vistream.streaming.PosteriorSnapshot;

/**
 * What {@code serve} writes to its checkpoint file: the posterior (a snapshot with its
 * checkpoint) and, for file input, the last line of the file it covers, so that after a restart
 * no line is applied twice or skipped.
 *
 * @param version  the format, {@value #VERSION}
 * @param snapshot the snapshot to resume from
 * @param input    the input file it was taken on, or null for stdin and the synthetic feed
 * @param line     the last line of {@code input} inside the posterior (0 if none)
 */
record ServiceCheckpoint(int version, PosteriorSnapshot snapshot, String input, long line) {

    static final int VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES);

    ServiceCheckpoint {
        Objects.requireNonNull(snapshot, "snapshot");
    }

    /**
     * Writes the checkpoint atomically: to a temporary file beside the target, forced to disk,
     * then renamed over it, so that a crash leaves either the old checkpoint or the new one.
     */
    void write(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Path temporary = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
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
            ServiceCheckpoint checkpoint = JSON.readValue(bytes, ServiceCheckpoint.class);
            if (checkpoint.version() != VERSION) {
                throw new IllegalArgumentException("version " + checkpoint.version() + ", expected " + VERSION);
            }
            return checkpoint;
        } catch (IOException | RuntimeException e) {
            String reason = e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage()
                    : e.getMessage();
            throw new IllegalArgumentException("checkpoint " + file + " is corrupt (" + reason
                    + "); move it away to start afresh", e);
        }
    }
}
