package vistream.app.bn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

import vistream.core.graph.BayesianNetwork;
import vistream.core.graph.ConditionalProbabilityTable;
import vistream.core.graph.DiscreteVariable;
import vistream.core.graph.NetworkStructure;

/** Networks for the format tests, and the comparison they share. */
final class Networks {

    /** The repository's examples folder (tests run in app/). */
    static final Path EXAMPLES = Path.of("..", "examples");

    /** Names both BIF and XMLBIF carry: bnlearn's punctuation, a leading digit, non-ASCII letters. */
    private static final List<String> NAMES = List.of("asia", "1st-stage", "x.y_z", "HR.BP", "Ärzte", "v-2.5", "a+b",
            "n=1", "yes", "no", "0", "1", "high", "med.low", "state_A", "Δ", "q'", "w/z", "*", "table", "default");

    private Networks() {
    }

    /**
     * Asserts that two networks have the same variables, states and parents in the same order and
     * bit-identical tables.
     */
    static void assertSameNetwork(BayesianNetwork expected, BayesianNetwork actual) {
        assertEquals(expected.structure().variables(), actual.structure().variables(), "names, states and parents");
        for (int v = 0; v < expected.structure().size(); v++) {
            assertEquals(expected.cpt(v), actual.cpt(v), "the table of " + expected.structure().variables().get(v).name());
        }
    }

    /** Reads a model, failing on any warning: the files compared here must be read exactly. */
    static BayesianNetwork read(Path file) {
        StringWriter warnings = new StringWriter();
        BayesianNetwork network = NetworkFiles.readModel(file, new PrintWriter(warnings));
        assertEquals("", warnings.toString(), "no row of " + file + " renormalised");
        return network;
    }

    /**
     * A random network: 1–7 variables of 1–4 states, up to 3 parents each, declared in an order
     * other than a topological one, with rows of arbitrary doubles that sum to 1 within rounding,
     * and now and then a row of an exact 0 and 1 or of the smallest double.
     */
    static BayesianNetwork random(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int n = 1 + random.nextInt(7);
        List<String> names = new ArrayList<>(NAMES);
        Collections.shuffle(names, new java.util.Random(seed));
        List<DiscreteVariable> topological = new ArrayList<>();
        for (int v = 0; v < n; v++) {
            List<String> states = new ArrayList<>(NAMES.subList(0, 1 + random.nextInt(4)));
            Collections.shuffle(states, new java.util.Random(seed + v));
            List<String> parents = new ArrayList<>();
            for (int p = 0; p < v && parents.size() < 3; p++) {
                if (random.nextInt(3) == 0) {
                    parents.add(topological.get(p).name());
                }
            }
            Collections.shuffle(parents, new java.util.Random(seed - v));
            topological.add(new DiscreteVariable(names.get(v), states, parents));
        }
        List<DiscreteVariable> declared = new ArrayList<>(topological);
        Collections.shuffle(declared, new java.util.Random(seed * 31));
        NetworkStructure structure = new NetworkStructure(declared);
        List<ConditionalProbabilityTable> tables = new ArrayList<>();
        for (int v = 0; v < structure.size(); v++) {
            int r = structure.cardinality(v);
            int q = structure.configurations(v);
            double[] table = new double[q * r];
            for (int j = 0; j < q; j++) {
                double[] row = row(random, r);
                System.arraycopy(row, 0, table, j * r, r);
            }
            tables.add(new ConditionalProbabilityTable(r, table));
        }
        return new BayesianNetwork(structure, tables);
    }

    private static double[] row(SplittableRandom random, int r) {
        double[] row = new double[r];
        int kind = random.nextInt(5);
        if (r > 1 && kind == 0) {
            row[random.nextInt(r)] = 1.0; // a deterministic row: exact zeros and a one
            return row;
        }
        if (r > 1 && kind == 1) {
            row[0] = 1.0;
            row[r - 1] = Double.MIN_VALUE; // the smallest double still sums to 1
            return row;
        }
        double sum = 0;
        for (int k = 0; k < r; k++) {
            row[k] = -Math.log(1 - random.nextDouble());
            sum += row[k];
        }
        for (int k = 0; k < r; k++) {
            row[k] /= sum;
        }
        return row;
    }
}
