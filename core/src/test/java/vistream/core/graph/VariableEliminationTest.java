package vistream.core.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * Joint queries, the probability of evidence and MAP by variable elimination, each against the
 * enumeration of the full joint of small random networks (some with zero entries), plus the
 * pruning, the memory bound and the rescaling on networks built to test them.
 */
class VariableEliminationTest {

    /**
     * Sums of up to 3^8 products of 8 table entries: enumeration and elimination add the same
     * terms in different orders, so they agree to a few ulps of the result, far inside 1e-12.
     */
    private static final double ENUMERATION = 1e-12;

    @Test
    void jointQueriesEqualEnumeration() {
        SplittableRandom random = new SplittableRandom(7);
        for (int trial = 0; trial < 300; trial++) {
            BayesianNetwork network = withZeros(Networks.random(random, 1 + random.nextInt(8)), random);
            int n = network.structure().size();
            int[] query = randomQuery(random, n, 1 + random.nextInt(Math.min(3, n)));
            int[] evidence = randomEvidence(random, network, query);
            double[] joint = enumerate(network, evidence);
            double z = Arrays.stream(joint).sum();
            VariableElimination inference = new VariableElimination(network);
            if (z == 0.0) {
                assertThrows(IllegalArgumentException.class, () -> inference.query(query, evidence));
                continue;
            }
            JointDistribution got = inference.query(query, evidence);
            double[] expected = marginal(network, joint, query);
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i] / z, got.probability(i), ENUMERATION, "trial " + trial + ", state " + i);
            }
        }
    }

    /** Tables of ordinary probabilities never need log space: the fast path stays the path. */
    @Test
    void ordinaryNetworksStayLinear() {
        SplittableRandom random = new SplittableRandom(17);
        long before = VariableElimination.LOG_SPACE_RUNS.sum();
        for (int trial = 0; trial < 200; trial++) {
            BayesianNetwork network = Networks.random(random, 1 + random.nextInt(8));
            int n = network.structure().size();
            int[] query = randomQuery(random, n, 1);
            new VariableElimination(network).query(query, randomEvidence(random, network, query));
        }
        assertEquals(before, VariableElimination.LOG_SPACE_RUNS.sum());
    }

    @Test
    void probabilityOfEvidenceEqualsEnumeration() {
        SplittableRandom random = new SplittableRandom(11);
        for (int trial = 0; trial < 300; trial++) {
            BayesianNetwork network = withZeros(Networks.random(random, 1 + random.nextInt(8)), random);
            int[] evidence = randomEvidence(random, network, new int[0]);
            double z = Arrays.stream(enumerate(network, evidence)).sum();
            double got = new VariableElimination(network).logProbabilityOfEvidence(evidence);
            if (z == 0.0) {
                assertEquals(Double.NEGATIVE_INFINITY, got, "trial " + trial);
            } else {
                assertEquals(Math.log(z), got, ENUMERATION * Math.max(1, Math.abs(Math.log(z))), "trial " + trial);
            }
        }
    }

    @Test
    void mapAndMpeEqualEnumeration() {
        SplittableRandom random = new SplittableRandom(13);
        for (int trial = 0; trial < 300; trial++) {
            BayesianNetwork network = Networks.random(random, 1 + random.nextInt(8));
            int n = network.structure().size();
            boolean mpe = random.nextBoolean();
            int[] query = mpe ? new int[0] : randomQuery(random, n, 1 + random.nextInt(Math.min(3, n)));
            int[] evidence = randomEvidence(random, network, query);
            int[] asked = mpe ? java.util.stream.IntStream.range(0, n).filter(v -> evidence[v] < 0).toArray() : query;
            if (asked.length == 0) {
                continue;
            }
            double[] joint = enumerate(network, evidence);
            double z = Arrays.stream(joint).sum();
            double[] marginal = marginal(network, joint, asked);
            int best = 0;
            for (int i = 1; i < marginal.length; i++) {
                best = marginal[i] > marginal[best] ? i : best;
            }
            MostProbableAssignment got = new VariableElimination(network).map(query, evidence);
            int[] expectedStates = new int[asked.length];
            Factor.decode(best, cardsOf(network, asked), expectedStates);
            assertArrayEquals(asked, got.variables(), "trial " + trial);
            assertArrayEquals(expectedStates, got.states(), "trial " + trial);
            assertEquals(Math.log(marginal[best] / z), got.logProbability(), ENUMERATION * 10, "trial " + trial);
        }
    }

    /**
     * A chain r → c1 … c400, every c observed in a state of probability 0.001 or 0.002: p(e) is
     * about 1e-1200, far below the smallest double, yet log p(e) and p(r | e) are exact because
     * factors carry a power-of-two scale. Closed forms: p(e) = Σ_r p(r) Π p(c_i | r).
     */
    @Test
    void evidenceFarBelowTheSmallestDoubleIsExact() {
        List<DiscreteVariable> variables = new ArrayList<>();
        List<ConditionalProbabilityTable> tables = new ArrayList<>();
        variables.add(new DiscreteVariable("r", List.of("a", "b"), List.of()));
        tables.add(new ConditionalProbabilityTable(2, new double[] {0.5, 0.5}));
        int children = 400;
        for (int c = 1; c <= children; c++) {
            variables.add(new DiscreteVariable("c" + c, List.of("rare", "common"), List.of("r")));
            tables.add(new ConditionalProbabilityTable(2, new double[] {0.001, 0.999, 0.002, 0.998}));
        }
        BayesianNetwork network = new BayesianNetwork(new NetworkStructure(variables), tables);
        int[] evidence = new int[children + 1];
        evidence[0] = -1;
        VariableElimination inference = new VariableElimination(network);
        double logA = Math.log(0.5) + children * Math.log(0.001);
        double logB = Math.log(0.5) + children * Math.log(0.002);
        double expected = logB + Math.log1p(Math.exp(logA - logB));
        assertEquals(expected, inference.logProbabilityOfEvidence(evidence), 1e-12 * Math.abs(expected));
        double posteriorA = 1.0 / (1.0 + Math.exp(logB - logA));
        assertEquals(posteriorA, inference.query(new int[] {0}, evidence).probability(0), 1e-15);
        MostProbableAssignment map = inference.map(new int[0], evidence);
        assertArrayEquals(new int[] {1}, map.states());
        assertEquals(Math.log1p(-posteriorA), map.logProbability(), 1e-12);
    }

    /**
     * Barren variables and d-separated evidence leave the query: under a root, a chain of 30 and
     * a tree of evidence that only touches the root through observed variables.
     */
    @Test
    void barrenVariablesAndSeparatedEvidenceArePruned() {
        List<DiscreteVariable> variables = new ArrayList<>();
        List<ConditionalProbabilityTable> tables = new ArrayList<>();
        variables.add(new DiscreteVariable("a", List.of("0", "1"), List.of()));
        tables.add(new ConditionalProbabilityTable(2, new double[] {0.4, 0.6}));
        variables.add(new DiscreteVariable("b", List.of("0", "1"), List.of("a")));
        tables.add(new ConditionalProbabilityTable(2, new double[] {0.9, 0.1, 0.2, 0.8}));
        for (int i = 0; i < 30; i++) {
            variables.add(new DiscreteVariable("d" + i, List.of("0", "1", "2"), List.of(i == 0 ? "b" : "d" + (i - 1))));
            tables.add(new ConditionalProbabilityTable(3, i == 0 ? new double[] {0.2, 0.3, 0.5, 0.1, 0.1, 0.8}
                    : new double[] {0.2, 0.3, 0.5, 0.1, 0.1, 0.8, 0.6, 0.2, 0.2}));
        }
        BayesianNetwork network = new BayesianNetwork(new NetworkStructure(variables), tables);
        VariableElimination inference = new VariableElimination(network);
        int[] none = new int[network.structure().size()];
        Arrays.fill(none, -1);
        // p(b): the 30 descendants are barren.
        assertEquals(2, inference.cost(new int[] {1}, none).factors());
        // p(a | b = 1, d29 = 0): d0 … d29 hang below the observed b, d-separated from a.
        int[] evidence = none.clone();
        evidence[1] = 1;
        evidence[31] = 0;
        EliminationCost cost = inference.cost(new int[] {0}, evidence);
        assertEquals(2, cost.factors());
        assertEquals(0, cost.eliminated());
        double pa1 = 0.6 * 0.8 / (0.6 * 0.8 + 0.4 * 0.1);
        assertEquals(pa1, inference.query(new int[] {0}, evidence).probability(1), 1e-15);
    }

    /**
     * A joint over 40 binary children of one root needs 2^40 entries: refused at once, before any
     * allocation, naming the size; a bound of 1,000 entries refuses a query of 2^10.
     */
    @Test
    void tooLargeQueriesAreRefusedBeforeAllocating() {
        List<DiscreteVariable> variables = new ArrayList<>();
        List<ConditionalProbabilityTable> tables = new ArrayList<>();
        variables.add(new DiscreteVariable("r", List.of("0", "1"), List.of()));
        tables.add(new ConditionalProbabilityTable(2, new double[] {0.3, 0.7}));
        for (int c = 1; c <= 40; c++) {
            variables.add(new DiscreteVariable("c" + c, List.of("0", "1"), List.of("r")));
            tables.add(new ConditionalProbabilityTable(2, new double[] {0.8, 0.2, 0.1, 0.9}));
        }
        BayesianNetwork network = new BayesianNetwork(new NetworkStructure(variables), tables);
        int[] none = new int[41];
        Arrays.fill(none, -1);
        int[] all = java.util.stream.IntStream.rangeClosed(1, 40).toArray();
        InferenceTooLargeException e = assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> assertThrows(InferenceTooLargeException.class, () -> new VariableElimination(network).query(all, none)));
        assertTrue(e.getMessage().contains("too large for exact inference"), e.getMessage());
        assertTrue(e.needed() >= 1L << 40, "needed " + e.needed());
        int[] ten = java.util.stream.IntStream.rangeClosed(1, 10).toArray();
        assertThrows(InferenceTooLargeException.class, () -> new VariableElimination(network, 1_000).query(ten, none));
        assertEquals(1024, new VariableElimination(network, 10_000).query(ten, none).size());
    }

    /**
     * The reproduction: a root with 64 binary children. Eliminating the root first builds
     * 2^64 entries, a size that wrapped to 0 in a long and looked cheapest; with saturating sizes
     * the order takes the children first and never builds more than 2 × 2 entries.
     */
    @Test
    void theOrderNeverPicksAWrappedSize() {
        List<DiscreteVariable> variables = new ArrayList<>();
        List<ConditionalProbabilityTable> tables = new ArrayList<>();
        variables.add(new DiscreteVariable("r", List.of("0", "1"), List.of()));
        tables.add(new ConditionalProbabilityTable(2, new double[] {0.3, 0.7}));
        for (int c = 1; c <= 64; c++) {
            variables.add(new DiscreteVariable("c" + c, List.of("0", "1"), List.of("r")));
            tables.add(new ConditionalProbabilityTable(2, new double[] {0.8, 0.2, 0.1, 0.9}));
        }
        BayesianNetwork network = new BayesianNetwork(new NetworkStructure(variables), tables);
        int[] none = new int[65];
        Arrays.fill(none, -1);
        assertEquals(Long.MAX_VALUE, Sizes.times(1L << 32, 1L << 32));
        assertEquals(Long.MAX_VALUE, Sizes.times(Long.MAX_VALUE, 2));
        assertEquals(1L << 62, Sizes.times(1L << 31, 1L << 31));
        assertEquals(Long.MAX_VALUE, Sizes.plus(Long.MAX_VALUE, 1));
        // MPE eliminates all 65 variables: an order that started with the root would be refused
        // as too large (2^64 entries) rather than answered.
        MostProbableAssignment mpe = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> new VariableElimination(network).map(new int[0], none));
        // p(r = 1) Π 0.9 beats p(r = 0) Π 0.8: all children 1 under r = 1.
        int[] ones = new int[65];
        Arrays.fill(ones, 1);
        assertArrayEquals(ones, mpe.states());
    }

    @Test
    void malformedQueriesAreRefused() {
        BayesianNetwork network = Networks.random(new SplittableRandom(3), 4);
        VariableElimination inference = new VariableElimination(network);
        int[] none = {-1, -1, -1, -1};
        assertThrows(IllegalArgumentException.class, () -> inference.query(new int[0], none));
        assertThrows(IllegalArgumentException.class, () -> inference.query(new int[] {1, 1}, none));
        assertThrows(IllegalArgumentException.class, () -> inference.query(new int[] {1}, new int[] {-1, 0, -1, -1}));
        assertThrows(IllegalArgumentException.class, () -> inference.query(new int[] {1}, new int[] {-1, -1, 9, -1}));
        assertThrows(IllegalArgumentException.class, () -> inference.query(new int[] {7}, none));
        assertThrows(IllegalArgumentException.class, () -> inference.query(new int[] {1}, new int[] {-1}));
    }

    @Test
    void theByNameQueryOfTheNetworkUsesTheSameInference() {
        BayesianNetwork network = Networks.random(new SplittableRandom(5), 6);
        Map<String, Double> byName = network.query("v5", Map.of("v0", "s1"));
        int[] evidence = network.evidence(Map.of("v0", "s1"));
        JointDistribution joint = new VariableElimination(network).query(new int[] {5}, evidence);
        for (int s = 0; s < joint.size(); s++) {
            assertEquals(joint.probability(s), byName.get("s" + s));
        }
    }

    // ---- enumeration, the independent truth --------------------------------------------------

    /** p(x, e) for every full assignment x (zero where x disagrees with e), in mixed radix. */
    static double[] enumerate(BayesianNetwork network, int[] evidence) {
        int[] cards = cardsOf(network, java.util.stream.IntStream.range(0, network.structure().size()).toArray());
        double[] out = new double[(int) Factor.size(cards)];
        int[] a = new int[cards.length];
        for (int idx = 0; idx < out.length; idx++) {
            Factor.decode(idx, cards, a);
            boolean consistent = true;
            for (int v = 0; v < a.length; v++) {
                consistent &= evidence[v] < 0 || evidence[v] == a[v];
            }
            out[idx] = consistent ? Math.exp(network.logJoint(a)) : 0.0;
        }
        return out;
    }

    /** Σ of the joint over everything but the query variables, as a table over them in order. */
    static double[] marginal(BayesianNetwork network, double[] joint, int[] query) {
        int n = network.structure().size();
        int[] cards = cardsOf(network, java.util.stream.IntStream.range(0, n).toArray());
        int[] queryCards = cardsOf(network, query);
        double[] out = new double[(int) Factor.size(queryCards)];
        int[] a = new int[n];
        for (int idx = 0; idx < joint.length; idx++) {
            Factor.decode(idx, cards, a);
            int at = 0;
            for (int q : query) {
                at = at * cards[q] + a[q];
            }
            out[at] += joint[idx];
        }
        return out;
    }

    static int[] cardsOf(BayesianNetwork network, int[] variables) {
        int[] out = new int[variables.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = network.structure().cardinality(variables[i]);
        }
        return out;
    }

    private static int[] randomQuery(SplittableRandom random, int n, int size) {
        List<Integer> all = new ArrayList<>();
        for (int v = 0; v < n; v++) {
            all.add(v);
        }
        java.util.Collections.shuffle(all, new java.util.Random(random.nextLong()));
        return all.subList(0, size).stream().mapToInt(Integer::intValue).toArray();
    }

    private static int[] randomEvidence(SplittableRandom random, BayesianNetwork network, int[] query) {
        int n = network.structure().size();
        int[] evidence = new int[n];
        Arrays.fill(evidence, -1);
        for (int v = 0; v < n; v++) {
            final int u = v;
            if (Arrays.stream(query).noneMatch(q -> q == u) && random.nextDouble() < 0.4) {
                evidence[v] = random.nextInt(network.structure().cardinality(v));
            }
        }
        return evidence;
    }

    /** The network with about one entry in six set to zero and its row renormalised. */
    private static BayesianNetwork withZeros(BayesianNetwork network, SplittableRandom random) {
        List<ConditionalProbabilityTable> tables = new ArrayList<>();
        for (int v = 0; v < network.structure().size(); v++) {
            ConditionalProbabilityTable t = network.cpt(v);
            double[] table = new double[t.configurations() * t.cardinality()];
            for (int j = 0; j < t.configurations(); j++) {
                double[] row = t.row(j);
                int keep = random.nextInt(row.length);
                double sum = 0;
                for (int k = 0; k < row.length; k++) {
                    if (k != keep && random.nextInt(6) == 0) {
                        row[k] = 0;
                    }
                    sum += row[k];
                }
                for (int k = 0; k < row.length; k++) {
                    table[j * row.length + k] = row[k] / sum;
                }
            }
            tables.add(new ConditionalProbabilityTable(t.cardinality(), table));
        }
        return new BayesianNetwork(network.structure(), tables);
    }
}
