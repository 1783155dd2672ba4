package vistream.core.graph;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Test helpers: the lecture's network, its records, and random networks. */
final class Networks {

    private Networks() {
    }

    static NetworkStructure credit() {
        try (InputStream in = Networks.class.getResourceAsStream("/reference/credit_structure.json")) {
            JsonNode root = new ObjectMapper().readTree(in);
            List<DiscreteVariable> variables = new ArrayList<>();
            for (JsonNode v : root.get("variables")) {
                variables.add(new DiscreteVariable(v.get("name").asText(), strings(v.get("states")), strings(v.get("parents"))));
            }
            return new NetworkStructure(variables);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<int[]> creditRecords(NetworkStructure structure) {
        try (InputStream in = Networks.class.getResourceAsStream("/reference/credit_n3000.csv")) {
            List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            RecordParser parser = new RecordParser(structure, Arrays.asList(lines.get(0).split(",")));
            List<int[]> records = new ArrayList<>();
            for (int i = 1; i < lines.size(); i++) {
                records.add(parser.parse(i + 1, Arrays.asList(lines.get(i).split(",", -1))));
            }
            return records;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    /** A random DAG over n variables (parents among earlier ones) with random CPTs. */
    static BayesianNetwork random(SplittableRandom random, int n) {
        List<DiscreteVariable> variables = new ArrayList<>();
        for (int v = 0; v < n; v++) {
            int r = 2 + random.nextInt(2);
            List<String> states = new ArrayList<>();
            for (int s = 0; s < r; s++) {
                states.add("s" + s);
            }
            List<String> parents = new ArrayList<>();
            for (int u = 0; u < v; u++) {
                if (parents.size() < 3 && random.nextDouble() < 0.4) {
                    parents.add("v" + u);
                }
            }
            variables.add(new DiscreteVariable("v" + v, states, parents));
        }
        NetworkStructure structure = new NetworkStructure(variables);
        List<ConditionalProbabilityTable> cpts = new ArrayList<>();
        for (int v = 0; v < n; v++) {
            int r = structure.cardinality(v);
            int q = structure.configurations(v);
            double[] table = new double[q * r];
            for (int j = 0; j < q; j++) {
                double sum = 0;
                for (int k = 0; k < r; k++) {
                    table[j * r + k] = 0.05 + random.nextDouble();
                    sum += table[j * r + k];
                }
                for (int k = 0; k < r; k++) {
                    table[j * r + k] /= sum;
                }
            }
            cpts.add(new ConditionalProbabilityTable(r, table));
        }
        return new BayesianNetwork(structure, cpts);
    }
}
