package vistream.core;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Loads the independently computed reference cases of ../shared/reference (copied into the
 * test resources): reference.json and its data files.
 */
public final class ReferenceData {

    private ReferenceData() {
    }

    /** The "cases" array of reference.json. */
    public static List<JsonNode> cases() {
        try (InputStream in = open("reference.json")) {
            JsonNode root = new ObjectMapper().readTree(in);
            List<JsonNode> cases = new ArrayList<>();
            root.get("cases").forEach(cases::add);
            return cases;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One number per line, as the reference data files hold. */
    public static double[] data(String file) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(open(file), StandardCharsets.UTF_8))) {
            return reader.lines().map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#"))
                    .mapToDouble(Double::parseDouble).toArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static double[] doubles(JsonNode array) {
        double[] out = new double[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asDouble();
        }
        return out;
    }

    private static InputStream open(String file) {
        InputStream in = ReferenceData.class.getResourceAsStream("/reference/" + file);
        if (in == null) {
            throw new IllegalStateException("missing test resource /reference/" + file);
        }
        return in;
    }
}
