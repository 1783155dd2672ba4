package vistream.core.graph;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Exact inference on a {@link BayesianNetwork} by variable elimination (MATHS.md §1): posterior
 * marginals and joints p(Q | e), the probability of evidence p(e), and MAP assignments
 * argmax_q p(q | e).
 *
 * <p>Each query works on the part of the network it depends on only (Darwiche 2009, §6.9):
 * <ol>
 *   <li><b>barren variables</b>, neither asked about, observed nor an ancestor of either, are
 *       dropped: they sum to one;</li>
 *   <li>each table is <b>reduced by the evidence</b> before anything else, which cuts the edges out
 *       of observed variables;</li>
 *   <li>what is then not connected to the asked variables (evidence d-separated from them, with
 *       its ancestors) only scales p(Q, e) by a constant and is dropped for conditional queries.</li>
 * </ol>
 * The elimination order is the cheapest of min-fill, min-weight and weighted min-fill
 * ({@link EliminationOrder}), with
 * saturating sizes; its cost is worked out on scopes alone before anything is allocated, and a
 * query that needs more than the allowed entries at once is refused with
 * {@link InferenceTooLargeException}. Factors are multiplied by strides and rescaled by powers of
 * two; a product that still leaves the normal doubles (factors that pull apart, with tiny
 * entries) sends the query to log space, so no evidence of positive probability is ever lost.
 *
 * <p>Evidence of probability zero is refused, also where it lies in a part the query does not
 * depend on: such a part is worked out only when it has zero entries, and only when that fits in
 * the bound (beyond it, the answer is the one the rest of the evidence implies;
 * {@link #logProbabilityOfEvidence} would see it).
 *
 * <p>Immutable and thread safe: every query allocates its own factors.
 */
public final class VariableElimination {

    /** How many computations were redone in log space, in this JVM: for tests and profiles. */
    static final java.util.concurrent.atomic.LongAdder LOG_SPACE_RUNS = new java.util.concurrent.atomic.LongAdder();

    private final NetworkStructure structure;
    private final BayesianNetwork network;
    private final Factor[] families;
    private final int[][] parents;
    private final int[] cards;
    private final long maxEntries;

    /**
     * Inference bounded by {@link #defaultMaxEntries()}.
     *
     * @param network the network
     */
    public VariableElimination(BayesianNetwork network) {
        this(network, defaultMaxEntries());
    }

    /**
     * Inference bounded to a number of factor entries held at once.
     *
     * @param network    the network
     * @param maxEntries the most factor entries (8 bytes each) a query may hold at once, at least 1
     */
    public VariableElimination(BayesianNetwork network, long maxEntries) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be at least 1, got " + maxEntries);
        }
        this.network = network;
        this.structure = network.structure();
        this.maxEntries = maxEntries;
        int n = structure.size();
        families = new Factor[n];
        parents = new int[n][];
        cards = new int[n];
        for (int v = 0; v < n; v++) {
            families[v] = Factor.of(structure, v, network.cpt(v));
            parents[v] = structure.parents(v);
            cards[v] = structure.cardinality(v);
        }
    }

    /**
     * The default bound on entries held at once: half the heap the JVM may grow to, in doubles,
     * and never more than one Java array holds.
     *
     * @return the bound
     */
    public static long defaultMaxEntries() {
        return Math.min(Factor.MAX_ENTRIES, Runtime.getRuntime().maxMemory() / 2 / Double.BYTES);
    }

    /** @return the network */
    public BayesianNetwork network() {
        return network;
    }

    /**
     * Returns p(Q | e), the joint posterior of the query variables.
     *
     * @param query    the query variables' indices, at least one, distinct, none observed
     * @param evidence each variable's observed state, or −1 where unobserved
     * @return the joint posterior, over the query variables in the order given
     * @throws IllegalArgumentException if the query or evidence is malformed, or the evidence has
     *                                  probability zero
     * @throws InferenceTooLargeException if the query needs more entries than allowed
     */
    public JointDistribution query(int[] query, int[] evidence) {
        checkQuery(query, evidence);
        if (query.length == 0) {
            throw new IllegalArgumentException("a query needs at least one variable");
        }
        List<Factor> factors = relevantFactors(query, evidence);
        int[] hidden = unobservedIn(factors, query);
        Elimination elimination = plan(factors, query, hidden);
        double[] probabilities = precisely(factors, linearOrLog -> {
            Elimination.Outcome outcome = elimination.run(linearOrLog);
            return elimination.product(outcome.rest(), query).normalised();
        });
        if (probabilities == null) {
            throw new IllegalArgumentException("the evidence has probability zero under the network");
        }
        return new JointDistribution(query, cardsOf(query), probabilities);
    }

    /**
     * Returns log p(e), the log-probability of the evidence with every other variable summed out
     * (for a full assignment, the log joint).
     *
     * @param evidence each variable's observed state, or −1 where unobserved
     * @return log p(e), −∞ when the evidence is impossible, 0 for no evidence
     * @throws InferenceTooLargeException if it needs more entries than allowed
     */
    public double logProbabilityOfEvidence(int[] evidence) {
        checkQuery(new int[0], evidence);
        List<Factor> factors = relevantFactors(new int[0], evidence);
        return logEvidence(factors);
    }

    /**
     * Returns the most probable joint state of the asked variables given the evidence,
     * argmax_q p(q | e), summing every other unobserved variable out first (marginal MAP). With
     * no variable asked, every unobserved variable is (MPE, the most probable explanation).
     * Between joint states of equal probability the choice is the same on every run, made by the
     * elimination order: not always the one listed first.
     *
     * @param query    the asked variables, distinct and unobserved; empty for MPE
     * @param evidence each variable's observed state, or −1 where unobserved
     * @return the assignment and its probability given the evidence
     * @throws IllegalArgumentException if the query or evidence is malformed, or the evidence has
     *                                  probability zero
     * @throws InferenceTooLargeException if it needs more entries than allowed
     */
    public MostProbableAssignment map(int[] query, int[] evidence) {
        checkQuery(query, evidence);
        int[] asked = query;
        if (asked.length == 0) {
            asked = java.util.stream.IntStream.range(0, structure.size()).filter(v -> evidence[v] < 0).toArray();
        }
        List<Factor> factors = relevantFactors(asked, evidence);
        int[] summed = unobservedIn(factors, asked);
        // Every asked variable is in its own family, which is relevant: all are in some factor.
        Elimination elimination = new Elimination(cards, EliminationOrder.cheapest(scopes(factors), cards, summed, asked),
                summed.length);
        check(elimination.plan(factors, new int[0]));
        int[] assignment = new int[structure.size()];
        double logMax = precisely(factors, linearOrLog -> {
            Elimination.Outcome outcome = elimination.run(linearOrLog);
            elimination.traceBack(outcome, assignment);
            return logOfProduct(outcome.rest());
        });
        // p(q* | e) = p(q*, e') / p(e') over the same relevant part e' of the network.
        double logEvidence = logEvidence(factors);
        if (logEvidence == Double.NEGATIVE_INFINITY || logMax == Double.NEGATIVE_INFINITY) {
            throw new IllegalArgumentException("the evidence has probability zero under the network");
        }
        int[] states = new int[asked.length];
        for (int i = 0; i < asked.length; i++) {
            states[i] = assignment[asked[i]];
        }
        return new MostProbableAssignment(asked, states, Math.min(0.0, logMax - logEvidence));
    }

    /**
     * Returns what {@link #query} would need, without doing it: the largest factor it builds,
     * the most entries it holds at once and the multiplications it makes.
     *
     * @param query    as for {@link #query}
     * @param evidence as for {@link #query}
     * @return the sizes, saturating at {@link Long#MAX_VALUE}
     */
    public EliminationCost cost(int[] query, int[] evidence) {
        checkQuery(query, evidence);
        List<Factor> factors = relevantFactors(query, evidence);
        int[] hidden = unobservedIn(factors, query);
        Elimination.Cost cost = new Elimination(cards, EliminationOrder.cheapest(scopes(factors), cards, hidden),
                hidden.length).plan(factors, query);
        return new EliminationCost(factors.size(), hidden.length, cost.largestFactor(), cost.peakEntries(), cost.work());
    }

    /** An elimination order for the factors, checked against the memory bound. */
    private Elimination plan(List<Factor> factors, int[] kept, int[] eliminated) {
        Elimination elimination = new Elimination(cards, EliminationOrder.cheapest(scopes(factors), cards, eliminated),
                eliminated.length);
        check(elimination.plan(factors, kept));
        return elimination;
    }

    /** log p(e') of the factors: every variable summed out. */
    private double logEvidence(List<Factor> factors) {
        Elimination elimination = plan(factors, new int[0], unobservedIn(factors, new int[0]));
        return precisely(factors, linearOrLog -> logOfProduct(elimination.run(linearOrLog).rest()));
    }

    /**
     * Runs a computation on the linear factors and, if one of its products left the normal
     * doubles (where it loses bits or vanishes), again on the same factors in log space.
     */
    private static <R> R precisely(List<Factor> factors, java.util.function.Function<List<Factor>, R> computation) {
        try {
            return computation.apply(factors);
        } catch (Elimination.PrecisionLost e) {
            LOG_SPACE_RUNS.increment();
            List<Factor> logs = new ArrayList<>(factors.size());
            for (Factor f : factors) {
                logs.add(f.toLogSpace());
            }
            return computation.apply(logs);
        }
    }

    private void check(Elimination.Cost cost) {
        long needed = Math.max(cost.peakEntries(), cost.largestFactor());
        if (needed > maxEntries || cost.largestFactor() > Factor.MAX_ENTRIES) {
            throw new InferenceTooLargeException(needed, Math.min(maxEntries, Factor.MAX_ENTRIES));
        }
    }

    /**
     * The tables a query depends on, reduced by the evidence: families of ancestors of the query
     * and the evidence that touch the query's component once observed variables are removed (the
     * moralised ancestral graph, Lauritzen et al. 1990). With no query, every ancestral family.
     */
    private List<Factor> relevantFactors(int[] query, int[] evidence) {
        int n = structure.size();
        boolean[] ancestral = new boolean[n];
        int[] stack = new int[n];
        int top = 0;
        for (int v = 0; v < n; v++) {
            if (evidence[v] >= 0) {
                ancestral[v] = true;
                stack[top++] = v;
            }
        }
        for (int v : query) {
            if (!ancestral[v]) {
                ancestral[v] = true;
                stack[top++] = v;
            }
        }
        while (top > 0) {
            for (int p : parents[stack[--top]]) {
                if (!ancestral[p]) {
                    ancestral[p] = true;
                    stack[top++] = p;
                }
            }
        }
        int[] component = new int[n];
        for (int v = 0; v < n; v++) {
            component[v] = v;
        }
        for (int v = 0; v < n; v++) {
            if (ancestral[v]) {
                int first = -1;
                for (int u : familyOf(v)) {
                    if (evidence[u] < 0) {
                        if (first < 0) {
                            first = u;
                        } else {
                            join(component, first, u);
                        }
                    }
                }
            }
        }
        boolean[] wanted = new boolean[n];
        for (int q : query) {
            wanted[root(component, q)] = true;
        }
        List<Factor> out = new ArrayList<>();
        java.util.Map<Integer, List<Factor>> dropped = new java.util.TreeMap<>();
        for (int v = 0; v < n; v++) {
            if (!ancestral[v]) {
                continue;
            }
            int member = -1;
            for (int u : familyOf(v)) {
                if (evidence[u] < 0) {
                    member = u;
                    break;
                }
            }
            if (member < 0) {
                // Fully observed: a constant p(e_v | e_parents). Zero makes the evidence impossible
                // whichever part of the network the query needs.
                Factor constant = families[v].reduce(evidence);
                if (constant.values[0] == 0.0 && query.length > 0) {
                    throw new IllegalArgumentException("the evidence has probability zero under the network: "
                            + "p(" + describe(v, evidence) + ") = 0");
                }
                if (query.length == 0) {
                    out.add(constant);
                }
            } else if (query.length == 0 || wanted[root(component, member)]) {
                out.add(families[v].reduce(evidence));
            } else {
                dropped.computeIfAbsent(root(component, member), k -> new ArrayList<>()).add(families[v].reduce(evidence));
            }
        }
        for (List<Factor> part : dropped.values()) {
            checkPossible(part);
        }
        return out;
    }

    /**
     * A part of the network the query does not depend on only scales p(Q, e) by its own p(e'),
     * unless that is zero: then the evidence is impossible and there is no answer. With no zero
     * entry p(e') is positive; otherwise it is worked out, when that fits in the bound (if not,
     * the check is skipped, as the class documentation says).
     */
    private void checkPossible(List<Factor> part) {
        boolean zero = false;
        for (Factor f : part) {
            for (double value : f.values) {
                zero |= value == 0.0;
            }
        }
        if (!zero) {
            return;
        }
        int[] hidden = unobservedIn(part, new int[0]);
        Elimination elimination = new Elimination(cards, EliminationOrder.cheapest(scopes(part), cards, hidden),
                hidden.length);
        Elimination.Cost cost = elimination.plan(part, new int[0]);
        if (Math.max(cost.peakEntries(), cost.largestFactor()) > Math.min(maxEntries, Factor.MAX_ENTRIES)) {
            return;
        }
        if (precisely(part, linearOrLog -> logOfProduct(elimination.run(linearOrLog).rest()))
                == Double.NEGATIVE_INFINITY) {
            throw new IllegalArgumentException("the evidence has probability zero under the network");
        }
    }

    private String describe(int v, int[] evidence) {
        StringBuilder s = new StringBuilder(structure.variables().get(v).name()).append(" = ")
                .append(structure.variables().get(v).states().get(evidence[v]));
        for (int i = 0; i < parents[v].length; i++) {
            int p = parents[v][i];
            s.append(i == 0 ? " | " : ", ").append(structure.variables().get(p).name()).append(" = ")
                    .append(structure.variables().get(p).states().get(evidence[p]));
        }
        return s.toString();
    }

    private int[] familyOf(int v) {
        int[] family = Arrays.copyOf(parents[v], parents[v].length + 1);
        family[parents[v].length] = v;
        return family;
    }

    private static int root(int[] component, int v) {
        while (component[v] != v) {
            component[v] = component[component[v]];
            v = component[v];
        }
        return v;
    }

    private static void join(int[] component, int a, int b) {
        int ra = root(component, a);
        int rb = root(component, b);
        if (ra != rb) {
            component[Math.max(ra, rb)] = Math.min(ra, rb);
        }
    }

    /** The variables of the factors that are not kept, in index order. */
    private int[] unobservedIn(List<Factor> factors, int[] kept) {
        boolean[] seen = new boolean[structure.size()];
        for (Factor f : factors) {
            for (int v : f.variables) {
                seen[v] = true;
            }
        }
        for (int v : kept) {
            seen[v] = false;
        }
        int count = 0;
        for (boolean s : seen) {
            count += s ? 1 : 0;
        }
        int[] out = new int[count];
        for (int v = 0, i = 0; v < seen.length; v++) {
            if (seen[v]) {
                out[i++] = v;
            }
        }
        return out;
    }

    private static List<int[]> scopes(List<Factor> factors) {
        List<int[]> out = new ArrayList<>(factors.size());
        for (Factor f : factors) {
            out.add(f.variables);
        }
        return out;
    }

    private static double logOfProduct(List<Factor> scalars) {
        double log = 0.0;
        for (Factor f : scalars) {
            log += f.logSum();
        }
        return log;
    }

    private int[] cardsOf(int[] variables) {
        int[] out = new int[variables.length];
        for (int i = 0; i < variables.length; i++) {
            out[i] = cards[variables[i]];
        }
        return out;
    }

    private void checkQuery(int[] query, int[] evidence) {
        int n = structure.size();
        if (evidence.length != n) {
            throw new IllegalArgumentException("evidence for " + evidence.length + " variables, expected " + n);
        }
        for (int v = 0; v < n; v++) {
            if (evidence[v] >= cards[v] || evidence[v] < -1) {
                throw new IllegalArgumentException("state " + evidence[v] + " of '" + structure.variables().get(v).name()
                        + "' is out of range");
            }
        }
        boolean[] asked = new boolean[n];
        for (int q : query) {
            if (q < 0 || q >= n) {
                throw new IllegalArgumentException("no variable " + q);
            }
            String name = structure.variables().get(q).name();
            if (asked[q]) {
                throw new IllegalArgumentException("'" + name + "' is asked twice");
            }
            asked[q] = true;
            if (evidence[q] >= 0) {
                throw new IllegalArgumentException("'" + name + "' is both the query and evidence");
            }
        }
    }
}
