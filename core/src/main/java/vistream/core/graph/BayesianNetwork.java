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
     * Returns p(query | evidence) by variable elimination ({@link VariableElimination}, with its
     * default memory bound).
     *
     * @param query    the query variable's index
     * @param evidence each variable's observed state, or −1 where unobserved
     * @return the distribution of the query variable
     * @throws IllegalArgumentException if the query is also evidence or the evidence has
     *                                  probability zero
     * @throws InferenceTooLargeException if the query needs more memory than allowed
     */
    public double[] query(int query, int[] evidence) {
        return new VariableElimination(this).query(new int[] {query}, evidence).probabilities();
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
        double[] p = query(q, evidence(evidence));
        Map<String, Double> out = new LinkedHashMap<>();
        for (int s = 0; s < p.length; s++) {
            out.put(structure.variables().get(q).states().get(s), p[s]);
        }
        return out;
    }

    /**
     * Turns observations by name into the state array inference takes.
     *
     * @param observed states by variable name
     * @return each variable's observed state index, −1 where unobserved
     * @throws IllegalArgumentException for an unknown variable or state
     */
    public int[] evidence(Map<String, String> observed) {
        int[] out = new int[structure.size()];
        java.util.Arrays.fill(out, -1);
        for (Map.Entry<String, String> e : observed.entrySet()) {
            int v = structure.indexOf(e.getKey());
            out[v] = structure.stateIndex(v, e.getValue());
        }
        return out;
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
