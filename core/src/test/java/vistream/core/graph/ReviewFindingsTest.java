package vistream.core.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Review of issue 16 (exact inference at scale): each test pins a problem found in review (they
 * failed on the reviewed commit): products that leave the normal doubles, and MAP's ties.
 */
class ReviewFindingsTest {

    /**
     * A root x (½, ½) and binary children observed in state "o", each child's p(o | x) given per
     * state of x. The children pull x in opposite directions, so the product of their factors is
     * tiny for every state of x although each factor alone has its largest entry near one.
     */
    private static BayesianNetwork rootWithObservedChildren(double[][] likelihoods) {
        List<DiscreteVariable> variables = new ArrayList<>();
        List<ConditionalProbabilityTable> tables = new ArrayList<>();
        variables.add(new DiscreteVariable("x", List.of("x0", "x1"), List.of()));
        tables.add(new ConditionalProbabilityTable(2, new double[] {0.5, 0.5}));
        for (int c = 0; c < likelihoods.length; c++) {
            double a = likelihoods[c][0];
            double b = likelihoods[c][1];
            variables.add(new DiscreteVariable("c" + c, List.of("o", "n"), List.of("x")));
            tables.add(new ConditionalProbabilityTable(2, new double[] {a, 1 - a, b, 1 - b}));
        }
        return new BayesianNetwork(new NetworkStructure(variables), tables);
    }

    private static int[] childrenObserved(int children) {
        int[] evidence = new int[children + 1];
        evidence[0] = -1; // x unobserved, every child in state 0 ("o")
        return evidence;
    }

    /**
     * README: "Factors carry a power-of-two scale, so evidence of probability far below the
     * smallest double (10⁻¹²⁰⁰, say) is still answered exactly." Only when the factors of one
     * bucket agree: Factor.combine multiplies up to 32 factors entry by entry in plain doubles,
     * so four children that disagree about x make both entries 2⁻²·10⁻⁴⁰⁰ = 0. p(e) ≈ 2.5e-401
     * is then reported as impossible ("the evidence has probability zero"), log p(e) as −∞ (so
     * {@code bn score} refuses the record) and MAP throws. By symmetry p(x | e) = (½, ½).
     */
    @Test
    void evidenceBelowTheSmallestDoubleFromDisagreeingFactorsIsAnswered() {
        double tiny = 1e-200;
        BayesianNetwork network = rootWithObservedChildren(new double[][] {{tiny, 0.5}, {0.5, tiny}, {tiny, 0.5},
            {0.5, tiny}});
        VariableElimination inference = new VariableElimination(network);
        int[] evidence = childrenObserved(4);
        // p(e) = Σ_x ½ Π p(o | x) = 2 · ½ · (1e-200)² · ½² = 2.5e-401
        double expected = Math.log(0.25) + 2 * Math.log(tiny);
        long before = VariableElimination.LOG_SPACE_RUNS.sum();
        assertEquals(expected, inference.logProbabilityOfEvidence(evidence), 1e-9 * Math.abs(expected),
                "log p(e) of possible evidence");
        assertEquals(before + 1, VariableElimination.LOG_SPACE_RUNS.sum(), "worked again in log space");
        JointDistribution posterior = assertDoesNotThrow(() -> inference.query(new int[] {0}, evidence),
                "p(x | e) of evidence with probability 2.5e-401");
        assertEquals(0.5, posterior.probability(0), 1e-12);
        MostProbableAssignment map = assertDoesNotThrow(() -> inference.map(new int[0], evidence));
        assertEquals(Math.log(0.5), map.logProbability(), 1e-12);
    }

    /**
     * The same with table entries no smaller than 1e-4, as published networks have: 200 observed
     * children, the first 100 with p(o | x) = (0.9, 1e-4), the next 100 with (1e-4, 0.9). Grouping
     * 32 factors at a time does not help, since each group agrees with itself: p(e) ≈ 2.7e-405 is
     * refused as impossible. By symmetry p(x | e) = (½, ½).
     */
    @Test
    void twoHundredObservedChildrenWithEntriesOfOneInTenThousandAreAnswered() {
        double[][] likelihoods = new double[200][];
        for (int c = 0; c < 200; c++) {
            likelihoods[c] = c < 100 ? new double[] {0.9, 1e-4} : new double[] {1e-4, 0.9};
        }
        VariableElimination inference = new VariableElimination(rootWithObservedChildren(likelihoods));
        int[] evidence = childrenObserved(200);
        double expected = 100 * Math.log(0.9) + 100 * Math.log(1e-4);
        assertEquals(expected, inference.logProbabilityOfEvidence(evidence), 1e-9 * Math.abs(expected),
                "log p(e) of possible evidence");
        JointDistribution posterior = assertDoesNotThrow(() -> inference.query(new int[] {0}, evidence));
        assertEquals(0.5, posterior.probability(0), 1e-9);
    }

    /**
     * The same products, landing among the subnormal doubles rather than at zero, are answered
     * silently with a few significant digits: p(x1 | e) = 2.5e-322 / (1.25e-151 + …) has a relative
     * error of about 1% (subnormals near 2.5e-322 are 4.9e-324 apart), where the README promises an
     * exact answer.
     */
    @Test
    void subnormalProductsDoNotSilentlyLosePrecision() {
        BayesianNetwork network = rootWithObservedChildren(new double[][] {{0.5, 1e-200}, {0.5, 1e-121},
            {1e-150, 0.5}});
        VariableElimination inference = new VariableElimination(network);
        int[] evidence = childrenObserved(3);
        double log0 = Math.log(0.5) + Math.log(0.5) + Math.log(0.5) + Math.log(1e-150);
        double log1 = Math.log(0.5) + Math.log(1e-200) + Math.log(1e-121) + Math.log(0.5);
        double expected = Math.exp(log1 - log0) / (1 + Math.exp(log1 - log0)); // about 2e-171
        double got = inference.query(new int[] {0}, evidence).probability(1);
        assertEquals(expected, got, 1e-9 * expected, "p(x1 | e), relative error " + Math.abs(got / expected - 1));
    }

    /**
     * Ties in MAP: with p(a) = (½, ½), p(b | a0) = (¼, ¾) and p(b | a1) = (¾, ¼), the assignments
     * (a0, b1) and (a1, b0) both have probability 3/8. Which one is returned is fixed by the
     * elimination order (documented: the same on every run, not always the one listed first);
     * it must be one of the two, with probability 3/8, and the same every time.
     */
    @Test
    void mapTiesAreBrokenTheSameWayEveryRun() {
        List<DiscreteVariable> variables = List.of(
                new DiscreteVariable("A", List.of("a0", "a1"), List.of()),
                new DiscreteVariable("B", List.of("b0", "b1"), List.of("A")));
        BayesianNetwork network = new BayesianNetwork(new NetworkStructure(variables), List.of(
                new ConditionalProbabilityTable(2, new double[] {0.5, 0.5}),
                new ConditionalProbabilityTable(2, new double[] {0.25, 0.75, 0.75, 0.25})));
        int[] none = {-1, -1};
        for (int[] query : List.of(new int[0], new int[] {0, 1})) {
            MostProbableAssignment first = new VariableElimination(network).map(query, none);
            assertEquals(Math.log(0.375), first.logProbability(), 1e-15);
            int[] states = first.states();
            org.junit.jupiter.api.Assertions.assertTrue(Arrays.equals(states, new int[] {0, 1})
                    || Arrays.equals(states, new int[] {1, 0}), Arrays.toString(states));
            for (int run = 0; run < 5; run++) {
                assertArrayEquals(states, new VariableElimination(network).map(query, none).states());
            }
        }
    }
}
