package vistream.app.bn;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import vistream.app.config.UserError;
import vistream.app.source.InputFiles;
import vistream.app.source.Printable;
import vistream.core.graph.BayesianNetwork;

/**
 * A file of queries, one JSON object per line:
 * <pre>{"query": "HR", "evidence": {"CVP": "LOW"}}
 * {"query": ["HR", "BP"]}</pre>
 * {@code query} is a variable or a list of them (a joint query); {@code evidence} is optional.
 * Blank lines are skipped. Every line is checked against the network before any is answered: a
 * bad line is an error naming the file and line, and nothing is printed.
 */
public final class QueriesFile {

    /** Strict: one value per line, nothing after it, no key twice (the last would silently win). */
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private QueriesFile() {
    }

    /**
     * A checked query and the line it came from.
     *
     * @param line  its 1-based line
     * @param query the query, resolved against the network
     */
    public record Line(int line, NetworkQuery.Resolved query) {
    }

    /**
     * Reads and checks every query.
     *
     * @param file    the file
     * @param network the network they ask
     * @return the queries in file order
     * @throws UserError naming the file and line of the first bad query
     */
    public static List<Line> read(Path file, BayesianNetwork network) {
        List<String> lines = ModelBytes.utf8(file.toString(), ModelBytes.read(file)).lines().toList();
        List<Line> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String text = i == 0 && lines.get(0).startsWith("\ufeff") ? lines.get(0).substring(1) : lines.get(i);
            if (text.isBlank()) {
                continue;
            }
            try {
                out.add(new Line(i + 1, parse(text).resolve(network, false)));
            } catch (IllegalArgumentException e) {
                throw new UserError(file + ":" + (i + 1) + ": " + Printable.escape(e.getMessage()));
            }
        }
        if (out.isEmpty()) {
            throw new UserError(file + " holds no queries");
        }
        return out;
    }

    private static NetworkQuery parse(String text) {
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not one JSON object: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("expected a JSON object like {\"query\": \"A\", \"evidence\": {\"B\": \"b1\"}}");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals("query") && !name.equals("evidence")) {
                throw new IllegalArgumentException("unknown field '" + name + "' (fields: query, evidence)");
            }
        }
        JsonNode query = node.get("query");
        List<String> variables = new ArrayList<>();
        if (query != null && query.isTextual()) {
            variables.add(query.asText());
        } else if (query != null && query.isArray() && !query.isEmpty()) {
            for (JsonNode v : query) {
                if (!v.isTextual()) {
                    throw new IllegalArgumentException("\"query\" lists something that is not a variable name: " + v);
                }
                variables.add(v.asText());
            }
        } else {
            throw new IllegalArgumentException("\"query\" must be a variable name or a non-empty list of them");
        }
        Map<String, String> evidence = new LinkedHashMap<>();
        JsonNode observed = node.get("evidence");
        if (observed != null && !observed.isNull()) {
            if (!observed.isObject()) {
                throw new IllegalArgumentException("\"evidence\" must be an object of variable to state");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = observed.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getValue().isTextual()) {
                    throw new IllegalArgumentException("the evidence for '" + e.getKey() + "' is not a state name");
                }
                evidence.put(e.getKey(), e.getValue().asText());
            }
        }
        return new NetworkQuery(variables, evidence);
    }
}
