package vistream.core.graph;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * A discrete Bayesian network: a {@link NetworkStructure} with a {@link ConditionalProbabilityTable}
 * per variable. The joint probability of a full assignment factorises along the DAG,
 * p(x) = Π_v p(x_v | x_parents(v)) (MATHS.md §1); queries p(query | evidence) are answered exactly
 * by variable elimination.
 *
 * <p>Immutable and thread safe.
 */
public final class BayesianNetwork {

    private final NetworkStructure structure;
    private final List<ConditionalProbabilityTable> cpts;

    /**
     * Creates a network.
     *
     * @param structure the DAG
     * @param cpts      one table per variable, in the structure's order, each with the variable's
     *                  configurations × states
     * @throws IllegalArgumentException if a table has the wrong shape
     */
    public BayesianNetwork(NetworkStructure structure, List<ConditionalProbabilityTable> cpts) {
        this.structure = Objects.requireNonNull(structure, "structure");
        this.cpts = List.copyOf(cpts);
        if (this.cpts.size() != structure.size()) {
            throw new IllegalArgumentException("expected " + structure.size() + " tables, got " + this.cpts.size());
        }
        for (int v = 0; v < structure.size(); v++) {
            ConditionalProbabilityTable t = this.cpts.get(v);
            if (t.cardinality() != structure.cardinality(v) || t.configurations() != structure.configurations(v)) {
                throw new IllegalArgumentException("the table of '" + structure.variables().get(v).name() + "' is "
                        + t.configurations() + " × " + t.cardinality() + ", expected " + structure.configurations(v)
                        + " × " + structure.cardinality(v));
            }
        }
    }

    /** @return the DAG */
    public NetworkStructure structure() {
        return structure;
    }

    /**
     * Returns a variable's table.
     *
     * @param variable its index
     * @return its CPT
     */
    public ConditionalProbabilityTable cpt(int variable) {
        return cpts.get(variable);
    }

    /**
     * Returns log p(x) = Σ_v log p(x_v | x_parents(v)) of a full assignment.
     *
     * @param assignment each variable's state index
     * @return the log joint probability (−∞ if some factor is 0)
     */
    public double logJoint(int[] assignment) {
        double sum = 0.0;
        for (int v = 0; v < cpts.size(); v++) {
            sum += Math.log(cpts.get(v).probability(CptCounts.configuration(structure, v, assignment), assignment[v]));
        }
        return sum;
    }

    /**
     * Returns the log-likelihood Σ_records log p(record) of a data set.
     *
     * @param records full assignments
     * @return the log-likelihood
     */
    public double logLikelihood(List<int[]> records) {
        double sum = 0.0;
        for (int[] r : records) {
            sum += logJoint(r);
        }
        return sum;
    }

    /**
     * Returns p(query | evidence) by variable elimination, eliminating at each step the hidden
     * variable whose elimination builds the smallest factor.
     *
     * @param query    the query variable's index
     * @param evidence each variable's observed state, or −1 where unobserved
     * @return the distribution of the query variable
     * @throws IllegalArgumentException if the query is also evidence or the evidence has
     *                                  probability zero
     */
    public double[] query(int query, int[] evidence) {
        if (evidence.length != structure.size()) {
            throw new IllegalArgumentException("evidence for " + evidence.length + " variables, expected " + structure.size());
        }
        if (evidence[query] >= 0) {
            throw new IllegalArgumentException("'" + structure.variables().get(query).name()
                    + "' is both the query and evidence");
        }
        List<Factor> factors = new ArrayList<>();
        for (int v = 0; v < structure.size(); v++) {
            factors.add(Factor.of(structure, v, cpts.get(v)).reduce(evidence));
        }
        List<Integer> hidden = new ArrayList<>();
        for (int v = 0; v < structure.size(); v++) {
            if (v != query && evidence[v] < 0) {
                hidden.add(v);
            }
        }
        while (!hidden.isEmpty()) {
            int best = -1;
            long bestSize = Long.MAX_VALUE;
            for (int v : hidden) {
                long size = eliminationSize(factors, v);
                if (size < bestSize) {
                    bestSize = size;
                    best = v;
                }
            }
            factors = eliminate(factors, best);
            hidden.remove(Integer.valueOf(best));
        }
        Factor result = factors.get(0);
        for (int i = 1; i < factors.size(); i++) {
            result = result.multiply(factors.get(i));
        }
        double total = 0.0;
        for (double p : result.values) {
            total += p;
        }
        if (!(total > 0.0)) {
            throw new IllegalArgumentException("the evidence has probability zero under the network");
        }
        double[] distribution = new double[structure.cardinality(query)];
        for (int s = 0; s < distribution.length; s++) {
            distribution[s] = result.values[s] / total;
        }
        return distribution;
    }

    /**
     * Returns p(query | evidence) by names.
     *
     * @param query    the query variable's name
     * @param evidence observed states by variable name; may be empty
     * @return the probability of each state of the query, in state order
     * @throws IllegalArgumentException for unknown names or states, or impossible evidence
     */
    public Map<String, Double> query(String query, Map<String, String> evidence) {
        int q = structure.indexOf(query);
        int[] observed = new int[structure.size()];
        java.util.Arrays.fill(observed, -1);
        for (Map.Entry<String, String> e : evidence.entrySet()) {
            int v = structure.indexOf(e.getKey());
            observed[v] = structure.stateIndex(v, e.getValue());
        }
        double[] p = query(q, observed);
        Map<String, Double> out = new LinkedHashMap<>();
        for (int s = 0; s < p.length; s++) {
            out.put(structure.variables().get(q).states().get(s), p[s]);
        }
        return out;
    }

    /**
     * The number of entries of the factor that eliminating {@code v} would build, saturating at
     * {@link Long#MAX_VALUE}: a product that wrapped round would look cheapest and send the greedy
     * order to the worst variable first.
     */
    private static long eliminationSize(List<Factor> factors, int v) {
        int[] scope = new int[0];
        for (Factor f : factors) {
            if (java.util.Arrays.binarySearch(f.variables, v) >= 0) {
                scope = Factor.union(scope, f.variables);
            }
        }
        long size = 1;
        for (int u : scope) {
            for (Factor f : factors) {
                int at = java.util.Arrays.binarySearch(f.variables, u);
                if (at >= 0) {
                    size = Math.multiplyHigh(size, f.cardinalities[at]) != 0
                            || size * f.cardinalities[at] < 0 ? Long.MAX_VALUE : size * f.cardinalities[at];
                    break;
                }
            }
        }
        return size;
    }

    private static List<Factor> eliminate(List<Factor> factors, int v) {
        List<Factor> rest = new ArrayList<>();
        Factor product = null;
        for (Factor f : factors) {
            if (java.util.Arrays.binarySearch(f.variables, v) >= 0) {
                product = product == null ? f : product.multiply(f);
            } else {
                rest.add(f);
            }
        }
        if (product != null) {
            rest.add(product.sumOut(v));
        }
        return rest;
    }

    /**
     * Draws records by forward sampling: each variable in topological order from its CPT row
     * given its already drawn parents.
     *
     * @param n      how many records, at least 0
     * @param random the source of randomness (seed it for reproducible samples)
     * @return n full assignments of state indices
     */
    public List<int[]> sample(int n, SplittableRandom random) {
        if (n < 0) {
            throw new IllegalArgumentException("the number of samples must be at least 0, got " + n);
        }
        int[] order = structure.topologicalOrder();
        List<int[]> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int[] record = new int[structure.size()];
            for (int v : order) {
                ConditionalProbabilityTable t = cpts.get(v);
                int j = CptCounts.configuration(structure, v, record);
                double u = random.nextDouble();
                int s = 0;
                double cumulative = t.probability(j, 0);
                // Rounding may leave the cumulative sum a hair under 1: the last state takes the rest.
                while (u >= cumulative && s < t.cardinality() - 1) {
                    cumulative += t.probability(j, ++s);
                }
                record[v] = s;
            }
            out.add(record);
        }
        return out;
    }
}
