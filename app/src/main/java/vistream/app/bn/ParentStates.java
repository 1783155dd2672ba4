package vistream.app.bn;

import java.util.List;

import vistream.core.graph.DiscreteVariable;
import vistream.core.graph.NetworkStructure;

/**
 * Names the parent configurations of a CPT: the j-th row of a variable's table is for the parent
 * states that j spells in mixed radix, the last declared parent varying fastest (the order of
 * {@link vistream.core.graph.ConditionalProbabilityTable}).
 */
public final class ParentStates {

    private ParentStates() {
    }

    /**
     * Names one configuration.
     *
     * @param structure     the network
     * @param variable      the variable's index
     * @param configuration the row, from 0
     * @return each parent's state, in declared order
     */
    public static List<String> of(NetworkStructure structure, int variable, int configuration) {
        int[] parents = structure.parents(variable);
        String[] states = new String[parents.length];
        int rest = configuration;
        for (int i = parents.length - 1; i >= 0; i--) {
            DiscreteVariable parent = structure.variables().get(parents[i]);
            states[i] = parent.states().get(rest % parent.cardinality());
            rest /= parent.cardinality();
        }
        return List.of(states);
    }
}
