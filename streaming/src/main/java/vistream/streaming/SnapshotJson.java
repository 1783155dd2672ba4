package vistream.streaming;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Map;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;

/**
 * Writes snapshots as JSON and reads them back exactly: every double is written in its shortest
 * form that parses back to the same bits, so a checkpoint round-trips without loss.
 */
public final class SnapshotJson {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES);

    /** Writes to a caller's writer and leaves it open (Jackson closes it by default). */
    private static final ObjectWriter TO_OPEN_WRITER = MAPPER.writer().without(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

    private SnapshotJson() {
    }

    /**
     * Returns the snapshot as one line of JSON.
     *
     * @param snapshot the snapshot
     * @return its JSON text
     */
    public static String write(PosteriorSnapshot snapshot) {
        try {
            return MAPPER.writeValueAsString(snapshot);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a snapshot as JSON", e);
        }
    }

    /**
     * Writes the snapshot as one line of JSON without its checkpoint: the fields of {@link #write}
     * in the same order, less the state to resume from. Going through the snapshot's JSON form
     * without the checkpoint, rather than dropping it from a tree of the whole, matters on a
     * stream with moves: the checkpoint holds the moves' memo (2,000 observations), and building
     * its tree for every batch only to drop it was most of what {@code stream} allocated.
     *
     * @param snapshot the snapshot
     * @param out      where the line goes (without a line end); left open
     * @throws UncheckedIOException if the writer fails
     */
    public static void writeWithoutCheckpoint(PosteriorSnapshot snapshot, Writer out) {
        Map<String, Object> json = snapshot.json();
        json.remove("checkpoint");
        try {
            TO_OPEN_WRITER.writeValue(out, json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads a snapshot written by {@link #write}.
     *
     * @param json the JSON text
     * @return the snapshot
     * @throws IllegalArgumentException if the text is not a complete, valid snapshot, with the
     *                                  parser's reason
     */
    public static PosteriorSnapshot read(String json) {
        try {
            return MAPPER.readValue(json, PosteriorSnapshot.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a valid vistream snapshot: " + e.getOriginalMessage(), e);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a valid vistream snapshot: " + e.getMessage(), e);
        }
    }
}
