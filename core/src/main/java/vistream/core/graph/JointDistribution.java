package vistream.core.graph;

import java.util.Arrays;

/**
 * p(query variables | evidence) as a table: one probability per joint state, row-major over the
 * variables in the order asked, the last varying fastest.
 *
 * @param variables     the query variables' indices, in the order asked
 * @param cardinalities their numbers of states
 * @param probabilities Π cardinalities probabilities summing to one
 */
public record JointDistribution(int[] variables, int[] cardinalities, double[] probabilities) {

    /** Copies the arrays and checks their shapes agree. */
    public JointDistribution {
        variables = variables.clone();
        cardinalities = cardinalities.clone();
        probabilities = probabilities.clone();
        long size = 1;
        for (int c : cardinalities) {
            size = Sizes.times(size, c);
        }
        if (variables.length != cardinalities.length || size != probabilities.length) {
            throw new IllegalArgumentException("a table of " + probabilities.length + " probabilities does not fit "
                    + Arrays.toString(cardinalities));
        }
    }

    @Override
    public int[] variables() {
        return variables.clone();
    }

    @Override
    public int[] cardinalities() {
        return cardinalities.clone();
    }

    @Override
    public double[] probabilities() {
        return probabilities.clone();
    }

    /** @return the number of joint states */
    public int size() {
        return probabilities.length;
    }

    /**
     * Returns the probability of one joint state.
     *
     * @param index the state's position, as in {@link #states(int)}
     * @return its probability
     */
    public double probability(int index) {
        return probabilities[index];
    }

    /**
     * Returns the state of each variable in one joint state.
     *
     * @param index the joint state's position, 0 ≤ index &lt; {@link #size()}
     * @return one state index per variable, in the order of {@link #variables()}
     */
    public int[] states(int index) {
        int[] digits = new int[variables.length];
        Factor.decode(index, cardinalities, digits);
        return digits;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JointDistribution d && Arrays.equals(d.variables, variables)
                && Arrays.equals(d.probabilities, probabilities);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(variables) + Arrays.hashCode(probabilities);
    }

    @Override
    public String toString() {
        return "JointDistribution" + Arrays.toString(variables) + Arrays.toString(probabilities);
    }
}
