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
import vistream.core.graph.ConditionalProbabilityTable;
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
     * How far a CPT row's sum may be from 1 and still be read (then renormalised): published tables
     * are printed to 4–8 digits, so their rows sum to 1 within about 1e-4, while a row off by more
     * is a mistake, refused. (pgmpy accepts 1e-2.)
     */
    public static final double ROW_SUM_TOLERANCE = 1e-4;

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
            List<ConditionalProbabilityTable> tables = new ArrayList<>();
            int renormalised = 0;
            double farthest = 0;
            for (int v = 0; v < structure.size(); v++) {
                DiscreteVariable variable = structure.variables().get(v);
                JsonNode rows = list.get(v).get("cpt");
                if (rows == null || rows.size() != structure.configurations(v)) {
                    throw new IllegalArgumentException("variable '" + variable.name() + "' needs a \"cpt\" of "
                            + structure.configurations(v) + " rows");
                }
                double[] table = new double[structure.configurations(v) * variable.cardinality()];
                boolean[] seen = new boolean[structure.configurations(v)];
                for (int r = 0; r < rows.size(); r++) {
                    // Each row is placed by what its "given" names, never by where it stands.
                    int j = configuration(structure, v, rows.get(r).get("given"), r);
                    if (seen[j]) {
                        throw new IllegalArgumentException("row " + r + " of '" + variable.name()
                                + "' repeats the parent states of an earlier row");
                    }
                    seen[j] = true;
                    JsonNode p = rows.get(r).get("probabilities");
                    for (int k = 0; k < variable.cardinality(); k++) {
                        JsonNode value = p == null ? null : p.get(variable.states().get(k));
                        if (value == null || !value.isNumber()) {
                            throw new IllegalArgumentException("row " + r + " of '" + variable.name()
                                    + "' has no probability for state '" + variable.states().get(k) + "'");
                        }
                        table[j * variable.cardinality() + k] = value.doubleValue();
                    }
                    double sum = 0;
                    for (int k = 0; k < variable.cardinality(); k++) {
                        sum += table[j * variable.cardinality() + k];
                    }
                    double off = Math.abs(sum - 1);
                    if (off > ROW_SUM_TOLERANCE || !Double.isFinite(sum)) {
                        throw new IllegalArgumentException("row " + r + " of '" + variable.name() + "' sums to " + sum
                                + ", not 1 (within " + ROW_SUM_TOLERANCE + ")");
                    }
                    if (off > ConditionalProbabilityTable.SUM_TOLERANCE) {
                        for (int k = 0; k < variable.cardinality(); k++) {
                            table[j * variable.cardinality() + k] /= sum;
                        }
                        renormalised++;
                        farthest = Math.max(farthest, off);
                    }
                }
                try {
                    tables.add(new ConditionalProbabilityTable(variable.cardinality(), table));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("the CPT of '" + variable.name() + "': " + e.getMessage());
                }
            }
            if (renormalised > 0) {
                warnings.println("vistream bn: " + file + ": renormalised " + renormalised + " CPT row"
                        + (renormalised == 1 ? "" : "s") + " whose sums were off 1 by up to " + farthest);
                warnings.flush();
            }
            return new BayesianNetwork(structure, tables);
        } catch (IllegalArgumentException e) {
            throw new UserError(file + ": " + e.getMessage());
        }
    }

    /**
     * The parent configuration a CPT row is for, from its {@code given}: every parent named once
     * with one of its states, nothing else (the last parent varying fastest, as {@link #writeModel}
     * writes them).
     *
     * @throws IllegalArgumentException naming the row and what is wrong with its {@code given}
     */
    private static int configuration(NetworkStructure structure, int v, JsonNode given, int row) {
        DiscreteVariable variable = structure.variables().get(v);
        String where = "row " + row + " of '" + variable.name() + "'";
        int[] parents = structure.parents(v);
        if (parents.length == 0 && (given == null || given.isEmpty())) {
            return 0;
        }
        if (given == null || !given.isObject()) {
            throw new IllegalArgumentException(where + " has no \"given\" naming the states of its parents "
                    + variable.parents());
        }
        for (java.util.Iterator<String> names = given.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!variable.parents().contains(name)) {
                throw new IllegalArgumentException(where + " is given '" + name + "', which is not one of its parents "
                        + variable.parents());
            }
        }
        int j = 0;
        for (int i = 0; i < parents.length; i++) {
            DiscreteVariable parent = structure.variables().get(parents[i]);
            JsonNode state = given.get(parent.name());
            if (state == null || !state.isTextual()) {
                throw new IllegalArgumentException(where + " does not give the state of its parent '" + parent.name() + "'");
            }
            int k = parent.states().indexOf(state.asText());
            if (k < 0) {
                throw new IllegalArgumentException(where + " gives '" + parent.name() + "' the state '" + state.asText()
                        + "', which is not one of " + parent.states());
            }
            j = j * parent.cardinality() + k;
        }
        return j;
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
