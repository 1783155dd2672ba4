package vistream.core.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vistream.core.Rejections.assertMessage;
import static vistream.core.Tolerance.REFERENCE;
import static vistream.core.Tolerance.assertRelativelyClose;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** Counting, learning, exact inference and sampling against independent truths. */
class BayesianNetworkTest {

    @Test
    void theLecturesCounts() {
        NetworkStructure credit = Networks.credit();
        assertEquals(new ParameterCount(37, 22), credit.parameterCount());
        assertEquals(new ParameterCount(138, 71), credit.chainRuleCount(List.of("age", "salary", "gender", "ms", "y")));
        assertMessage("must name every variable once", () -> credit.chainRuleCount(List.of("age", "salary")));
    }

    /**
     * The full chain rule over 70 binary variables has Σ_{i<70} 2^(i+1) = 2^71 − 2 entries and
     * 2^70 − 1 free parameters: beyond a long, exact as a BigInteger (it overflowed with a stack
     * trace on win95pts before).
     */
    @Test
    void chainRuleCountsBeyondALongAreExact() {
        List<DiscreteVariable> variables = new ArrayList<>();
        for (int i = 0; i < 70; i++) {
            variables.add(new DiscreteVariable("v" + i, List.of("0", "1"), List.of()));
        }
        NetworkStructure s = new NetworkStructure(variables);
        java.math.BigInteger two = java.math.BigInteger.TWO;
        assertEquals(new ParameterCount(two.pow(71).subtract(two), two.pow(70).subtract(java.math.BigInteger.ONE)),
                s.chainRuleCount(s.names()));
        assertEquals(new ParameterCount(140, 70), s.parameterCount());
    }

    @Test
    void reproducesTheReferenceQueriesAfterLearning() throws Exception {
        NetworkStructure credit = Networks.credit();
        CptCounts counts = new CptCounts(credit);
        Networks.creditRecords(credit).forEach(counts::add);
        JsonNode reference = new ObjectMapper().readTree(getClass().getResourceAsStream("/reference/reference.json"))
                .get("bayesNet");
        assertEquals(37, reference.get("counts").get("dag").asInt());
        for (JsonNode q : reference.get("queries")) {
            double alpha = q.get("alpha").asDouble();
            BayesianNetwork network = counts.estimate(alpha == 0 ? new CptPrior.MaximumLikelihood() : new CptPrior.Dirichlet(alpha));
            Map<String, String> evidence = new HashMap<>();
            q.get("evidence").fields().forEachRemaining(e -> evidence.put(e.getKey(), e.getValue().asText()));
            Map<String, Double> got = network.query(q.get("query").asText(), evidence);
            q.get("distribution").fields().forEachRemaining(e -> assertRelativelyClose(e.getValue().asDouble(),
                    got.get(e.getKey()), REFERENCE, "alpha " + alpha + ", p(" + q.get("query").asText() + "=" + e.getKey()
                            + " | " + evidence + ")"));
        }
    }

    @Test
    void variableEliminationEqualsBruteForceEnumerationOfTheJoint() {
        SplittableRandom random = new SplittableRandom(99);
        for (int trial = 0; trial < 200; trial++) {
            BayesianNetwork network = Networks.random(random, 1 + random.nextInt(8));
            NetworkStructure s = network.structure();
            int[] evidence = new int[s.size()];
            Arrays.fill(evidence, -1);
            int query = random.nextInt(s.size());
            for (int v = 0; v < s.size(); v++) {
                if (v != query && random.nextDouble() < 0.35) {
                    evidence[v] = random.nextInt(s.cardinality(v));
                }
            }
            double[] expected = bruteForce(network, query, evidence);
            double[] got = network.query(query, evidence);
            for (int k = 0; k < expected.length; k++) {
                assertEquals(expected[k], got[k], 1e-12, "trial " + trial + ", state " + k);
            }
        }
    }

    /** Σ of exp(log joint) over every full assignment consistent with the evidence, normalised. */
    private static double[] bruteForce(BayesianNetwork network, int query, int[] evidence) {
        NetworkStructure s = network.structure();
        int[] cards = new int[s.size()];
        for (int v = 0; v < cards.length; v++) {
            cards[v] = s.cardinality(v);
        }
        double[] out = new double[cards[query]];
        int[] a = new int[s.size()];
        long total = Factor.size(cards);
        double z = 0;
        for (long idx = 0; idx < total; idx++) {
            Factor.decode(idx, cards, a);
            boolean consistent = true;
            for (int v = 0; v < a.length; v++) {
                consistent &= evidence[v] < 0 || evidence[v] == a[v];
            }
            if (consistent) {
                double p = Math.exp(network.logJoint(a));
                out[a[query]] += p;
                z += p;
            }
        }
        for (int k = 0; k < out.length; k++) {
            out[k] /= z;
        }
        return out;
    }

    @Test
    void estimatorsAreTheirClosedForms() {
        NetworkStructure s = new NetworkStructure(List.of(
                new DiscreteVariable("a", List.of("x", "y"), List.of()),
                new DiscreteVariable("b", List.of("p", "q", "r"), List.of("a"))));
        CptCounts counts = new CptCounts(s);
        // a = x three times with b = p, p, q; a = y never.
        counts.add(new int[] {0, 0});
        counts.add(new int[] {0, 0});
        counts.add(new int[] {0, 1});
        BayesianNetwork ml = counts.estimate(new CptPrior.MaximumLikelihood());
        assertEquals(1.0, ml.cpt(0).probability(0, 0), 0.0);
        assertEquals(2.0 / 3, ml.cpt(1).probability(0, 0), 1e-15);
        assertEquals(1.0 / 3, ml.cpt(1).probability(0, 1), 1e-15);
        assertEquals(0.0, ml.cpt(1).probability(0, 2), 0.0);
        assertEquals(1.0 / 3, ml.cpt(1).probability(1, 0), 1e-15, "an unseen configuration is uniform");
        BayesianNetwork dirichlet = counts.estimate(new CptPrior.Dirichlet(0.5));
        assertEquals((2 + 0.5) / (3 + 1.5), dirichlet.cpt(1).probability(0, 0), 1e-15);
        assertEquals((0 + 0.5) / (3 + 1.5), dirichlet.cpt(1).probability(0, 2), 1e-15);
        assertEquals((3 + 0.5) / (3 + 1.0), dirichlet.cpt(0).probability(0, 0), 1e-15);
        BayesianNetwork bdeu = counts.estimate(new CptPrior.BDeu(6));
        // b: q = 2, r = 3, α_jk = 6 / 6 = 1; a: q = 1, r = 2, α = 3.
        assertEquals((2 + 1.0) / (3 + 3.0), bdeu.cpt(1).probability(0, 0), 1e-15);
        assertEquals(1.0 / 3, bdeu.cpt(1).probability(1, 2), 1e-15);
        assertEquals((3 + 3.0) / (3 + 6.0), bdeu.cpt(0).probability(0, 0), 1e-15);
        assertRelativelyClose(3 * Math.log(1.0) + 2 * Math.log(2.0 / 3) + Math.log(1.0 / 3),
                ml.logLikelihood(List.of(new int[] {0, 0}, new int[] {0, 0}, new int[] {0, 1})), 1e-15, "log-likelihood");
    }

    @Test
    void learnedTablesApproachTheGeneratingOnes() {
        SplittableRandom random = new SplittableRandom(5);
        BayesianNetwork truth = Networks.random(new SplittableRandom(77), 6);
        double previous = Double.POSITIVE_INFINITY;
        for (int n : new int[] {1_000, 10_000, 100_000}) {
            CptCounts counts = new CptCounts(truth.structure());
            truth.sample(n, random).forEach(counts::add);
            BayesianNetwork learned = counts.estimate(new CptPrior.MaximumLikelihood());
            double worst = 0;
            double bound = 0;
            for (int v = 0; v < truth.structure().size(); v++) {
                for (int j = 0; j < truth.structure().configurations(v); j++) {
                    double seen = 0;
                    for (int k = 0; k < truth.structure().cardinality(v); k++) {
                        seen += counts.count(v, j, k);
                    }
                    for (int k = 0; k < truth.structure().cardinality(v); k++) {
                        double error = Math.abs(learned.cpt(v).probability(j, k) - truth.cpt(v).probability(j, k));
                        worst = Math.max(worst, error);
                        // An entry estimated from m records has sd ≤ 1/(2√m); six of them is a bound a
                        // correct estimator exceeds with negligible probability.
                        bound = Math.max(bound, 6 * 0.5 / Math.sqrt(Math.max(seen, 1)));
                    }
                }
            }
            assertTrue(worst <= bound, "n = " + n + ": worst error " + worst + " above " + bound);
            assertTrue(worst < previous, "n = " + n + ": the error shrinks");
            previous = worst;
        }
    }

    @Test
    void samplingIsSeededAndFollowsTheJoint() {
        BayesianNetwork network = Networks.random(new SplittableRandom(3), 3);
        List<int[]> a = network.sample(200, new SplittableRandom(11));
        List<int[]> b = network.sample(200, new SplittableRandom(11));
        for (int i = 0; i < a.size(); i++) {
            assertTrue(Arrays.equals(a.get(i), b.get(i)), "the same seed gives the same records");
        }
        int n = 200_000;
        Map<String, Integer> frequency = new HashMap<>();
        for (int[] r : network.sample(n, new SplittableRandom(12))) {
            frequency.merge(Arrays.toString(r), 1, Integer::sum);
        }
        for (Map.Entry<String, Integer> e : frequency.entrySet()) {
            int[] r = Arrays.stream(e.getKey().substring(1, e.getKey().length() - 1).split(", ")).mapToInt(Integer::parseInt).toArray();
            double p = Math.exp(network.logJoint(r));
            // Binomial sd √(p(1−p)/n); five of them.
            assertEquals(p, e.getValue() / (double) n, 5 * Math.sqrt(p * (1 - p) / n), e.getKey());
        }
    }

    @Test
    void badStructuresAndRecordsAreClearErrors() {
        List<String> ab = List.of("a", "b");
        assertMessage("the parents form a cycle: x -> y -> z -> x", () -> new NetworkStructure(List.of(
                new DiscreteVariable("x", ab, List.of("z")), new DiscreteVariable("y", ab, List.of("x")),
                new DiscreteVariable("z", ab, List.of("y")))));
        assertMessage("variable 'x' has an unknown parent 'w'",
                () -> new NetworkStructure(List.of(new DiscreteVariable("x", ab, List.of("w")))));
        assertMessage("variable 'x' is declared twice", () -> new NetworkStructure(List.of(
                new DiscreteVariable("x", ab, List.of()), new DiscreteVariable("x", ab, List.of()))));
        assertMessage("variable 'x' names a state twice", () -> new DiscreteVariable("x", List.of("a", "a"), List.of()));
        assertMessage("variable 'x' is its own parent", () -> new DiscreteVariable("x", ab, List.of("x")));
        assertMessage("variable 'x' has no states", () -> new DiscreteVariable("x", List.of(), List.of()));

        NetworkStructure credit = Networks.credit();
        List<String> header = List.of("age", "salary", "gender", "ms", "y");
        RecordParser parser = new RecordParser(credit, header);
        assertMessage("record 7 has 4 fields, expected 5", () -> parser.parse(7, List.of("a1", "s1", "g1", "ms1")));
        assertMessage("record 8 has no value for 'gender'", () -> parser.parse(8, List.of("a1", "s1", " ", "ms1", "0")));
        assertMessage("record 9: 'a9' is not a state of 'age' (states: a1, a2, a3)",
                () -> parser.parse(9, List.of("a9", "s1", "g1", "ms1", "0")));
        assertMessage("the header lacks the variables [y]", () -> new RecordParser(credit, List.of("age", "salary", "gender", "ms")));
        assertMessage("unknown variable 'income'",
                () -> new RecordParser(credit, List.of("age", "income", "gender", "ms", "y")));

        CptCounts counts = new CptCounts(credit);
        counts.add(parser.parse(1, List.of("a1", "s1", "g1", "ms1", "0")));
        BayesianNetwork ml = counts.estimate(new CptPrior.MaximumLikelihood());
        assertMessage("the evidence has probability zero", () -> ml.query("y", Map.of("age", "a2")));
        assertMessage("'y' is both the query and evidence", () -> ml.query("y", Map.of("y", "1")));
        assertMessage("no variable named 'income'", () -> ml.query("income", Map.of()));
        assertMessage("'g3' is not a state of 'gender'", () -> ml.query("y", Map.of("gender", "g3")));
        assertMessage("Dirichlet pseudo-count alpha", () -> new CptPrior.Dirichlet(-1));
        assertMessage("BDeu equivalent sample size", () -> new CptPrior.BDeu(0));
        assertMessage("row 0 sums to 0.9", () -> new ConditionalProbabilityTable(2, new double[] {0.5, 0.4}));
        assertMessage("probability 1.1 in row 0 is not in [0, 1]", () -> new ConditionalProbabilityTable(2, new double[] {1.1, -0.1}));
        assertMessage("forgetting factor", () -> counts.decay(0));
        assertTrue(new ArrayList<>(ml.query("y", Map.of()).values()).stream().mapToDouble(Double::doubleValue).sum() > 0.999);
    }

    /**
     * A root with 64 binary children: eliminating the root first would build a factor of 2^64
     * entries, a size that wrapped round to 0 in a long and so looked cheapest. With sizes that
     * saturate, the children go first and the query is exact at once:
     * p(c64 = 1 | c1 = 1) = Σ_r p(r | c1 = 1) p(c64 = 1 | r), with p(r | c1 = 1) ∝ p(r) p(c1 = 1 | r).
     */
    @Test
    void aRootWithSixtyFourChildrenIsAnsweredExactly() {
        List<String> ab = List.of("0", "1");
        List<DiscreteVariable> variables = new java.util.ArrayList<>();
        variables.add(new DiscreteVariable("r", ab, List.of()));
        List<ConditionalProbabilityTable> tables = new java.util.ArrayList<>();
        tables.add(new ConditionalProbabilityTable(2, new double[] {0.3, 0.7}));
        for (int c = 1; c <= 64; c++) {
            variables.add(new DiscreteVariable("c" + c, ab, List.of("r")));
            tables.add(new ConditionalProbabilityTable(2, new double[] {0.8, 0.2, 0.1, 0.9}));
        }
        BayesianNetwork network = new BayesianNetwork(new NetworkStructure(variables), tables);
        Map<String, Double> posterior = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
                java.time.Duration.ofSeconds(20), () -> network.query("c64", Map.of("c1", "1")));
        double zero = 0.3 * 0.2;
        double one = 0.7 * 0.9;
        double rootZero = zero / (zero + one);
        double expected = rootZero * 0.2 + (1 - rootZero) * 0.9;
        assertEquals(expected, posterior.get("1"), 1e-15);
        assertEquals(1 - expected, posterior.get("0"), 1e-15);
    }
}
