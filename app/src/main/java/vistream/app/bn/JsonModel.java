package vistream.app.bn;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import vistream.app.config.UserError;
import vistream.core.graph.BayesianNetwork;
import vistream.core.graph.DiscreteVariable;
import vistream.core.graph.NetworkStructure;

/**
 * vistream's JSON network file. A structure is
 * <pre>{"variables": [{"name": "age", "states": ["a1", "a2", "a3"], "parents": []}, …]}</pre>
 * and a fitted model is the same with each variable's CPT added as one entry per parent
 * configuration (the last parent varying fastest), each naming the parents' states and giving the
 * probability of every state:
 * <pre>"cpt": [{"given": {"age": "a1", "ms": "ms1"}, "probabilities": {"s1": 0.2, "s2": 0.5, "s3": 0.3}}, …]</pre>
 * Rows are placed by their "given", never by their position ({@link TableBuilder}).
 */
public final class JsonModel {

    /** Strict on reading: nothing after the model, no key twice (the last would silently win). */
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private JsonModel() {
    }

    /**
     * Reads a structure (any "cpt" fields are ignored).
     *
     * @param source the file, to name in messages
     * @param text   its content
     * @return the validated structure
     * @throws UserError if it is not a valid structure
     */
    public static NetworkStructure structure(String source, String text) {
        return structure(source, tree(source, text));
    }

    /**
     * Reads a fitted model; rows renormalised are said once on {@code warnings}.
     *
     * @param source   the file, to name in messages
     * @param text     its content
     * @param warnings where a renormalisation is reported
     * @return the network
     * @throws UserError if its tables do not fit its structure
     */
    public static BayesianNetwork model(String source, String text, PrintWriter warnings) {
        JsonNode root = tree(source, text);
        NetworkStructure structure = structure(source, root);
        JsonNode list = root.get("variables");
        try {
            TableBuilder tables = new TableBuilder(structure);
            for (int v = 0; v < structure.size(); v++) {
                DiscreteVariable variable = structure.variables().get(v);
                JsonNode rows = list.get(v).get("cpt");
                if (rows == null || !rows.isArray()) {
                    throw new IllegalArgumentException("variable '" + variable.name() + "' needs a \"cpt\" of "
                            + structure.configurations(v) + " rows");
                }
                for (int r = 0; r < rows.size(); r++) {
                    String where = "row " + r + " of '" + variable.name() + "'";
                    JsonNode p = rows.get(r).get("probabilities");
                    double[] probabilities = new double[variable.cardinality()];
                    for (int k = 0; k < variable.cardinality(); k++) {
                        JsonNode value = p == null ? null : p.get(variable.states().get(k));
                        if (value == null || !value.isNumber()) {
                            throw new IllegalArgumentException(where + " has no probability for state '"
                                    + variable.states().get(k) + "'");
                        }
                        probabilities[k] = value.doubleValue();
                    }
                    if (p.size() != variable.cardinality()) {
                        throw new IllegalArgumentException(where + " gives probabilities for states that '"
                                + variable.name() + "' does not have (states: " + variable.states() + ")");
                    }
                    // Each row is placed by what its "given" names, never by where it stands.
                    tables.row(v, given(variable, rows.get(r).get("given"), where), probabilities, where);
                }
            }
            return tables.build(source, warnings);
        } catch (IllegalArgumentException e) {
            throw new UserError(source + ": " + e.getMessage());
        }
    }

    /**
     * Writes a fitted model in the layout above.
     *
     * @param network the network
     * @return the JSON text
     */
    public static String write(BayesianNetwork network) {
        NetworkStructure s = network.structure();
        ObjectNode root = JSON.createObjectNode();
        ArrayNode variables = root.putArray("variables");
        for (int v = 0; v < s.size(); v++) {
            DiscreteVariable variable = s.variables().get(v);
            ObjectNode node = variables.addObject();
            node.put("name", variable.name());
            variable.states().forEach(node.putArray("states")::add);
            variable.parents().forEach(node.putArray("parents")::add);
            ArrayNode cpt = node.putArray("cpt");
            for (int j = 0; j < s.configurations(v); j++) {
                ObjectNode row = cpt.addObject();
                ObjectNode given = row.putObject("given");
                List<String> states = ParentStates.of(s, v, j);
                for (int i = 0; i < states.size(); i++) {
                    given.put(variable.parents().get(i), states.get(i));
                }
                ObjectNode probabilities = row.putObject("probabilities");
                for (int k = 0; k < variable.cardinality(); k++) {
                    probabilities.put(variable.states().get(k), network.cpt(v).probability(j, k));
                }
            }
        }
        try {
            return JSON.writeValueAsString(root) + System.lineSeparator();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings and numbers always serialises", e);
        }
    }

    private static NetworkStructure structure(String source, JsonNode root) {
        try {
            List<DiscreteVariable> variables = new ArrayList<>();
            JsonNode list = root.get("variables");
            if (list == null || !list.isArray()) {
                throw new IllegalArgumentException("no \"variables\" array");
            }
            for (JsonNode v : list) {
                variables.add(new DiscreteVariable(text(v, "name"), strings(v, "states"), strings(v, "parents")));
            }
            return new NetworkStructure(variables);
        } catch (IllegalArgumentException e) {
            throw new UserError(source + ": " + e.getMessage());
        }
    }

    /** A row's "given": an object of parent name to state name (absent or empty for a root). */
    private static Map<String, String> given(DiscreteVariable variable, JsonNode given, String where) {
        Map<String, String> out = new LinkedHashMap<>();
        if (given == null || given.isNull() || given.isObject() && given.isEmpty()) {
            if (!variable.parents().isEmpty()) {
                throw new IllegalArgumentException(where + " has no \"given\" naming the states of its parents "
                        + variable.parents());
            }
            return out;
        }
        if (!given.isObject()) {
            throw new IllegalArgumentException(where + " has a \"given\" that is not an object of parent states");
        }
        for (Map.Entry<String, JsonNode> e : given.properties()) {
            if (!e.getValue().isTextual()) {
                throw new IllegalArgumentException(where + " gives '" + e.getKey() + "' a state that is not a string");
            }
            out.put(e.getKey(), e.getValue().asText());
        }
        return out;
    }

    private static JsonNode tree(String source, String text) {
        try {
            JsonNode root = JSON.readTree(text);
            if (root == null || root.isMissingNode()) {
                throw new UserError(source + " is not valid JSON: it is empty");
            }
            return root;
        } catch (JsonProcessingException e) {
            String at = e.getLocation() == null ? "" : ":" + e.getLocation().getLineNr();
            throw new UserError(source + at + ": not valid JSON: " + e.getOriginalMessage());
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("a variable has no \"" + field + "\"");
        }
        return value.asText();
    }

    private static List<String> strings(JsonNode node, String field) {
        JsonNode array = node.get(field);
        if (array == null || !array.isArray()) {
            throw new IllegalArgumentException("variable " + node.get("name") + " has no \"" + field + "\" array");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode n : array) {
            if (!n.isTextual()) {
                throw new IllegalArgumentException("variable " + node.get("name") + " lists " + n + " in \"" + field
                        + "\", which is not a name in quotes");
            }
            out.add(n.asText());
        }
        return out;
    }
}
