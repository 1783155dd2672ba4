package vistream.app.bn;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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
 * Structure and model files. A structure file is
 * <pre>{"variables": [{"name": "age", "states": ["a1", "a2", "a3"], "parents": []}, …]}</pre>
 * and a fitted model is the same file with each variable's CPT added as one entry per parent
 * configuration (the last parent varying fastest), each naming the parents' states and giving the
 * probability of every state:
 * <pre>"cpt": [{"given": {"age": "a1", "ms": "ms1"}, "probabilities": {"s1": 0.2, "s2": 0.5, "s3": 0.3}}, …]</pre>
 */
public final class NetworkFiles {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private NetworkFiles() {
    }

    /**
     * Reads a structure (any "cpt" fields are ignored).
     *
     * @param file the JSON file
     * @return the validated structure
     * @throws UserError if the file cannot be read or is not a valid structure
     */
    public static NetworkStructure readStructure(Path file) {
        JsonNode root = read(file);
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
            throw new UserError(file + ": " + e.getMessage());
        }
    }

    /**
     * How far a CPT row's sum may be from 1 and still be read: {@link TableBuilder#ROW_SUM_TOLERANCE}.
     */
    public static final double ROW_SUM_TOLERANCE = TableBuilder.ROW_SUM_TOLERANCE;

    /**
     * Reads a fitted model; rows that sum to 1 only within {@link #ROW_SUM_TOLERANCE} are
     * renormalised, and said so once on {@code warnings}.
     *
     * @param file     the JSON file written by {@link #writeModel}
     * @param warnings where a renormalisation is reported
     * @return the network
     * @throws UserError if the file cannot be read or its tables do not fit its structure
     */
    public static BayesianNetwork readModel(Path file, java.io.PrintWriter warnings) {
        NetworkStructure structure = readStructure(file);
        JsonNode list = read(file).get("variables");
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
            return tables.build(file.toString(), warnings);
        } catch (IllegalArgumentException e) {
            throw new UserError(file + ": " + e.getMessage());
        }
    }

    /** A row's "given": an object of parent name to state name (absent or empty for a root). */
    private static java.util.Map<String, String> given(DiscreteVariable variable, JsonNode given, String where) {
        java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
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
        for (java.util.Iterator<java.util.Map.Entry<String, JsonNode>> it = given.fields(); it.hasNext(); ) {
            java.util.Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isTextual()) {
                throw new IllegalArgumentException(where + " gives '" + e.getKey() + "' a state that is not a string");
            }
            out.put(e.getKey(), e.getValue().asText());
        }
        return out;
    }

    /**
     * Writes a fitted model in the layout above.
     *
     * @param network the network
     * @param file    where to write
     * @throws IOException if writing fails
     */
    public static void writeModel(BayesianNetwork network, Path file) throws IOException {
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
            int[] parents = s.parents(v);
            int[] cards = new int[parents.length];
            for (int i = 0; i < parents.length; i++) {
                cards[i] = s.cardinality(parents[i]);
            }
            for (int j = 0; j < s.configurations(v); j++) {
                ObjectNode row = cpt.addObject();
                ObjectNode given = row.putObject("given");
                int rest = j;
                String[] names = new String[parents.length];
                for (int i = parents.length - 1; i >= 0; i--) {
                    names[i] = s.variables().get(parents[i]).states().get(rest % cards[i]);
                    rest /= cards[i];
                }
                for (int i = 0; i < parents.length; i++) {
                    given.put(s.variables().get(parents[i]).name(), names[i]);
                }
                ObjectNode probabilities = row.putObject("probabilities");
                for (int k = 0; k < variable.cardinality(); k++) {
                    probabilities.put(variable.states().get(k), network.cpt(v).probability(j, k));
                }
            }
        }
        Files.writeString(file, JSON.writeValueAsString(root) + System.lineSeparator());
    }

    private static JsonNode read(Path file) {
        try {
            return JSON.readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new UserError("cannot read " + file + ": no such file");
        } catch (JsonProcessingException e) {
            throw new UserError(file + " is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UserError("cannot read " + file + ": " + e.getMessage());
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
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
