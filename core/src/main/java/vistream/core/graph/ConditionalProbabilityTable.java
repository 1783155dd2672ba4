package vistream.core.graph;

import java.util.Arrays;

/**
 * p(v | parents(v)) for one variable: a row of r probabilities for each of the q parent
 * configurations. Configurations are numbered in mixed radix over the parents in declared order,
 * the last parent varying fastest: for parents (a, b) with r_b states, configuration
 * a·r_b + b.
 *
 * <p>Immutable; every row is a probability distribution (entries in [0, 1], summing to one within
 * {@value #SUM_TOLERANCE}).
 */
public final class ConditionalProbabilityTable {

    /** How far a row's sum may stray from one: room for the rounding of a printed table. */
    public static final double SUM_TOLERANCE = 1e-9;

    private final int cardinality;
    private final double[] table;

    /**
     * Creates a table.
     *
     * @param cardinality r, the variable's number of states
     * @param table       q × r probabilities, row-major by configuration; copied
     * @throws IllegalArgumentException if the shape is wrong or a row is not a distribution
     */
    public ConditionalProbabilityTable(int cardinality, double[] table) {
        if (cardinality < 1 || table.length == 0 || table.length % cardinality != 0) {
            throw new IllegalArgumentException("a table of " + table.length + " entries cannot hold rows of "
                    + cardinality + " states");
        }
        this.cardinality = cardinality;
        this.table = table.clone();
        for (int c = 0; c < configurations(); c++) {
            double sum = 0.0;
            for (int s = 0; s < cardinality; s++) {
                double p = this.table[c * cardinality + s];
                if (!(p >= 0.0 && p <= 1.0)) {
                    throw new IllegalArgumentException("probability " + p + " in row " + c + " is not in [0, 1]");
                }
                sum += p;
            }
            if (Math.abs(sum - 1.0) > SUM_TOLERANCE) {
                throw new IllegalArgumentException("row " + c + " sums to " + sum + ", not 1");
            }
        }
    }

    /** @return r, the number of states */
    public int cardinality() {
        return cardinality;
    }

    /** @return q, the number of parent configurations */
    public int configurations() {
        return table.length / cardinality;
    }

    /**
     * Returns p(v = state | parents in configuration).
     *
     * @param configuration the parents' configuration
     * @param state         the variable's state
     * @return the probability
     */
    public double probability(int configuration, int state) {
        return table[configuration * cardinality + state];
    }

    /**
     * Returns one row, the distribution of the variable for a parent configuration.
     *
     * @param configuration the parents' configuration
     * @return a copy of the row
     */
    public double[] row(int configuration) {
        return Arrays.copyOfRange(table, configuration * cardinality, (configuration + 1) * cardinality);
    }

    /** The table itself, shared with inference's factors; never handed outside the package. */
    double[] entries() {
        return table;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConditionalProbabilityTable t && t.cardinality == cardinality && Arrays.equals(t.table, table);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(table);
    }

    @Override
    public String toString() {
        return "ConditionalProbabilityTable" + Arrays.toString(table);
    }
}
