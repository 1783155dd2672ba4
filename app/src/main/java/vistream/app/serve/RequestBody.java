package vistream.app.serve;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Splits a {@code POST /api/observations} body into observation texts: a JSON array (of numbers,
 * arrays of numbers, or {@code {"x": …}} objects) or NDJSON / plain lines in the line formats. A
 * byte order mark before the body is dropped.
 */
final class RequestBody {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RequestBody() {
    }

    /**
     * Returns the body's observation texts.
     *
     * @throws IllegalArgumentException if the body starts as a JSON array but is not valid JSON
     */
    static List<String> texts(String body) {
        // A byte order mark is not whitespace to strip(), and would hide a JSON array or a first number.
        String trimmed = (body.startsWith("\ufeff") ? body.substring(1) : body).strip();
        List<String> out = new ArrayList<>();
        if (trimmed.startsWith("[")) {
            JsonNode array;
            try {
                array = JSON.readTree(trimmed);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("the body is not a valid JSON array: " + e.getOriginalMessage());
            }
            for (JsonNode element : array) {
                out.add(text(element));
            }
            return out;
        }
        for (String line : trimmed.split("\n")) {
            if (!line.isBlank()) {
                out.add(line);
            }
        }
        return out;
    }

    private static String text(JsonNode element) {
        if (element.isNumber() || element.isTextual()) {
            return element.asText();
        }
        if (element.isArray()) {
            List<String> values = new ArrayList<>();
            element.forEach(v -> values.add(v.isNumber() || v.isTextual() ? v.asText() : v.toString()));
            return String.join(",", values);
        }
        return element.toString();
    }
}
