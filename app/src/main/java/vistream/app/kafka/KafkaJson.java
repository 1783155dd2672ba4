package vistream.app.kafka;

import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The JSON of vistream's own Kafka records (deltas, state, dead letters). Doubles are written in
 * their shortest form that parses back to the same bits, so instances fold exactly the values
 * that were measured.
 */
final class KafkaJson {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES);

    private KafkaJson() {
    }

    static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /**
     * Reads a record written by {@link #write}.
     *
     * @throws IllegalArgumentException if the bytes are not a valid record of that type, with the reason
     */
    static <T> T read(byte[] bytes, Class<T> type) {
        try {
            return MAPPER.readValue(bytes, type);
        } catch (Exception e) {
            String text = new String(bytes, 0, Math.min(bytes.length, 200), StandardCharsets.UTF_8);
            throw new IllegalArgumentException("not a valid " + type.getSimpleName() + ": " + e.getMessage()
                    + " in '" + text + "'", e);
        }
    }
}
