package vistream.streaming;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Writes snapshots as JSON and reads them back exactly: every double is written in its shortest
 * form that parses back to the same bits, so a checkpoint round-trips without loss.
 */
public final class SnapshotJson {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES);

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
