package vistream.core.graph;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * A discrete variable of a directed graphical model: its name, its named states and the names
 * of its parents in the DAG.
 *
 * @param name    the variable's name, not blank
 * @param states  its states, at least one, all distinct
 * @param parents the names of its parents, all distinct; may be empty
 */
public record DiscreteVariable(String name, List<String> states, List<String> parents) {

    /**
     * Copies and validates.
     *
     * @throws IllegalArgumentException naming the variable and the problem
     */
    public DiscreteVariable {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a variable has a blank name");
        }
        states = List.copyOf(Objects.requireNonNull(states, "states of " + name));
        parents = List.copyOf(Objects.requireNonNull(parents, "parents of " + name));
        if (states.isEmpty()) {
            throw new IllegalArgumentException("variable '" + name + "' has no states");
        }
        if (new HashSet<>(states).size() != states.size()) {
            throw new IllegalArgumentException("variable '" + name + "' names a state twice: " + states);
        }
        if (new HashSet<>(parents).size() != parents.size()) {
            throw new IllegalArgumentException("variable '" + name + "' names a parent twice: " + parents);
        }
        if (parents.contains(name)) {
            throw new IllegalArgumentException("variable '" + name + "' is its own parent");
        }
    }

    /**
     * Returns the number of states r.
     *
     * @return r
     */
    public int cardinality() {
        return states.size();
    }
}
