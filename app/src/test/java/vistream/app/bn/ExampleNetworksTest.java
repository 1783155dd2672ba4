package vistream.app.bn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import vistream.core.graph.BayesianNetwork;
import vistream.core.graph.JointDistribution;
import vistream.core.graph.MostProbableAssignment;
import vistream.core.graph.NetworkStructure;
import vistream.core.graph.VariableElimination;

/**
 * Every network in {@code examples/} (BIF, XMLBIF), read as a user reads it, answers every
 * single-variable query under no evidence and under each single observation, every pair jointly,
 * p(e) and MPE exactly as the enumeration of its full joint does.
 */
class ExampleNetworksTest {

    /** Sums of at most 2^8 products of 8 entries in another order: a few ulps apart. */
    private static final double ENUMERATION = 1e-12;

    static Stream<Path> examples() throws IOException {
        try (Stream<Path> files = Files.list(Networks.EXAMPLES)) {
            List<Path> models = files.filter(f -> f.getFileName().toString().matches(".*\\.(bif|xmlbif|xml)(\\.gz)?"))
                    .sorted().toList();
            assertTrue(models.size() >= 2, "examples/ holds at least asia.bif and credit.xmlbif: " + models);
            return models.stream();
        }
    }

    @ParameterizedTest
    @MethodSource("examples")
    void answersEqualTheEnumeratedJoint(Path file) {
        BayesianNetwork network = Networks.read(file);
        NetworkStructure s = network.structure();
        int n = s.size();
        double[] joint = joint(network);
        VariableElimination inference = new VariableElimination(network);
        int[] none = new int[n];
        Arrays.fill(none, -1);
        int checked = 0;
        for (int observed = -1; observed < n; observed++) {
            for (int state = 0; state < (observed < 0 ? 1 : s.cardinality(observed)); state++) {
                int[] evidence = none.clone();
                if (observed >= 0) {
                    evidence[observed] = state;
                }
                double z = marginal(network, joint, evidence, new int[0])[0];
                assertEquals(Math.log(z), inference.logProbabilityOfEvidence(evidence), ENUMERATION, file + " p(e)");
                if (z == 0.0) {
                    continue;
                }
                for (int q = 0; q < n; q++) {
                    if (q == observed) {
                        continue;
                    }
                    assertClose(marginal(network, joint, evidence, new int[] {q}), z,
                            inference.query(new int[] {q}, evidence), file + " q " + q + " e " + observed);
                    int other = (q + 1) % n;
                    if (other != observed && other != q) {
                        int[] pair = {q, other};
                        assertClose(marginal(network, joint, evidence, pair), z, inference.query(pair, evidence),
                                file + " pair " + q + "," + other);
                    }
                    checked++;
                }
                int[] unobserved = java.util.stream.IntStream.range(0, n).filter(v -> evidence[v] < 0).toArray();
                double[] all = marginal(network, joint, evidence, unobserved);
                int best = 0;
                for (int i = 1; i < all.length; i++) {
                    best = all[i] > all[best] ? i : best;
                }
                MostProbableAssignment mpe = inference.map(new int[0], evidence);
                assertEquals(Math.log(all[best] / z), mpe.logProbability(), ENUMERATION, file + " MPE");
                assertEquals(all[best], all[index(network, unobserved, mpe.states())], 0.0,
                        file + " MPE is a most probable state (ties allowed)");
            }
        }
        assertTrue(checked > n, "queries checked: " + checked);
    }

    private static void assertClose(double[] expected, double z, JointDistribution got, String what) {
        assertEquals(expected.length, got.size(), what);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i] / z, got.probability(i), ENUMERATION, what + " state " + i);
        }
    }

    /** p(x) of every full assignment, in mixed radix over the variables in order. */
    private static double[] joint(BayesianNetwork network) {
        NetworkStructure s = network.structure();
        int size = 1;
        for (int v = 0; v < s.size(); v++) {
            size = Math.multiplyExact(size, s.cardinality(v));
        }
        assertTrue(size <= 1 << 20, "small enough to enumerate: " + size);
        double[] out = new double[size];
        int[] a = new int[s.size()];
        for (int idx = 0; idx < size; idx++) {
            int rest = idx;
            for (int v = a.length - 1; v >= 0; v--) {
                a[v] = rest % s.cardinality(v);
                rest /= s.cardinality(v);
            }
            out[idx] = Math.exp(network.logJoint(a));
        }
        return out;
    }

    /** Σ of p(x) over assignments agreeing with the evidence, tabled over the given variables. */
    private static double[] marginal(BayesianNetwork network, double[] joint, int[] evidence, int[] over) {
        NetworkStructure s = network.structure();
        int size = 1;
        for (int v : over) {
            size *= s.cardinality(v);
        }
        double[] out = new double[size];
        int[] a = new int[s.size()];
        for (int idx = 0; idx < joint.length; idx++) {
            int rest = idx;
            for (int v = a.length - 1; v >= 0; v--) {
                a[v] = rest % s.cardinality(v);
                rest /= s.cardinality(v);
            }
            boolean agrees = true;
            for (int v = 0; v < a.length; v++) {
                agrees &= evidence[v] < 0 || evidence[v] == a[v];
            }
            if (agrees) {
                out[index(network, over, pick(a, over))] += joint[idx];
            }
        }
        return out;
    }

    private static int[] pick(int[] a, int[] over) {
        int[] out = new int[over.length];
        for (int i = 0; i < over.length; i++) {
            out[i] = a[over[i]];
        }
        return out;
    }

    private static int index(BayesianNetwork network, int[] over, int[] states) {
        assertArrayEquals(new int[] {over.length}, new int[] {states.length});
        int at = 0;
        for (int i = 0; i < over.length; i++) {
            at = at * network.structure().cardinality(over[i]) + states[i];
        }
        return at;
    }
}
