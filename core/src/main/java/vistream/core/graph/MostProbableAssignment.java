package vistream.core.graph;

import java.util.Arrays;

/**
 * The answer of a MAP query: the joint state of the asked variables that is most probable given
 * the evidence, argmax_q p(q | e) (MPE when every unobserved variable is asked).
 *
 * @param variables      the asked variables' indices, in the order asked
 * @param states         the most probable state of each
 * @param logProbability log p(q | e) of that joint state, finite
 */
public record MostProbableAssignment(int[] variables, int[] states, double logProbability) {

    /** Copies the arrays and checks they agree. */
    public MostProbableAssignment {
        variables = variables.clone();
        states = states.clone();
        if (variables.length != states.length) {
            throw new IllegalArgumentException(variables.length + " variables but " + states.length + " states");
        }
    }

    @Override
    public int[] variables() {
        return variables.clone();
    }

    @Override
    public int[] states() {
        return states.clone();
    }

    /** @return p(q | e), which may underflow to 0 for many variables: see {@link #logProbability()} */
    public double probability() {
        return Math.exp(logProbability);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MostProbableAssignment m && Arrays.equals(m.variables, variables)
                && Arrays.equals(m.states, states) && Double.compare(m.logProbability, logProbability) == 0;
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(states) + Double.hashCode(logProbability);
    }

    @Override
    public String toString() {
        return "MostProbableAssignment" + Arrays.toString(variables) + "=" + Arrays.toString(states)
                + " log p " + logProbability;
    }
}
