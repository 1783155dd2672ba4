package vistream.core.graph;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The counts n_jk of every variable's states per parent configuration in a set of complete
 * records, the sufficient statistics of a discrete network's CPTs. Counts are weights, so an
 * exponential forgetting ({@link #decay(double)}) keeps them meaningful for a drifting source;
 * without it they stay whole numbers and adding records one by one equals counting them at once.
 *
 * <p>A mutable accumulator, not thread safe; {@link #copy()} takes a snapshot.
 */
public final class CptCounts {

    private final NetworkStructure structure;
    private final double[][] counts;
    private double records;

    /**
     * Creates empty counts.
     *
     * @param structure the network's structure
     */
    public CptCounts(NetworkStructure structure) {
        this.structure = Objects.requireNonNull(structure, "structure");
        counts = new double[structure.size()][];
        for (int v = 0; v < counts.length; v++) {
            counts[v] = new double[structure.configurations(v) * structure.cardinality(v)];
        }
    }

    /**
     * Adds one record.
     *
     * @param record each variable's state index, in the structure's order; from {@link RecordParser}
     */
    public void add(int[] record) {
        for (int v = 0; v < counts.length; v++) {
            counts[v][configuration(structure, v, record) * structure.cardinality(v) + record[v]] += 1.0;
        }
        records += 1.0;
    }

    /**
     * Multiplies every count by a factor: exponential forgetting of what was seen so far.
     *
     * @param factor in (0, 1]
     */
    public void decay(double factor) {
        if (!(factor > 0.0 && factor <= 1.0)) {
            throw new IllegalArgumentException("a forgetting factor must be in (0, 1], got " + factor);
        }
        for (double[] c : counts) {
            for (int i = 0; i < c.length; i++) {
                c[i] *= factor;
            }
        }
        records *= factor;
    }

    /** @return the (possibly decayed) number of records counted */
    public double records() {
        return records;
    }

    /**
     * Returns n_jk.
     *
     * @param variable      the variable's index
     * @param configuration j
     * @param state         k
     * @return the count
     */
    public double count(int variable, int configuration, int state) {
        return counts[variable][configuration * structure.cardinality(variable) + state];
    }

    /** @return an independent copy */
    public CptCounts copy() {
        CptCounts c = new CptCounts(structure);
        for (int v = 0; v < counts.length; v++) {
            System.arraycopy(counts[v], 0, c.counts[v], 0, counts[v].length);
        }
        c.records = records;
        return c;
    }

    /**
     * Estimates the CPTs (see {@link CptPrior} for the formulas).
     *
     * @param prior how to turn counts into probabilities
     * @return the network with the estimated CPTs
     */
    public BayesianNetwork estimate(CptPrior prior) {
        List<ConditionalProbabilityTable> tables = new ArrayList<>();
        for (int v = 0; v < counts.length; v++) {
            int r = structure.cardinality(v);
            int q = structure.configurations(v);
            double alpha = prior.pseudoCount(q, r);
            double[] table = new double[q * r];
            for (int j = 0; j < q; j++) {
                double total = 0.0;
                for (int k = 0; k < r; k++) {
                    total += counts[v][j * r + k] + alpha;
                }
                for (int k = 0; k < r; k++) {
                    // A configuration with neither data nor prior mass gets the uniform distribution.
                    table[j * r + k] = total > 0.0 ? (counts[v][j * r + k] + alpha) / total : 1.0 / r;
                }
            }
            tables.add(new ConditionalProbabilityTable(r, table));
        }
        return new BayesianNetwork(structure, tables);
    }

    /** The parent configuration of variable {@code v} in a full assignment (last parent fastest). */
    static int configuration(NetworkStructure structure, int v, int[] assignment) {
        int j = 0;
        for (int p : structure.parents(v)) {
            j = j * structure.cardinality(p) + assignment[p];
        }
        return j;
    }
}
