package vistream.core.graph;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The DAG of a discrete directed graphical model: variables with named states and their parents.
 * Validated on construction: unique names, known parents, no cycle (a cycle is reported with its
 * path). Variables keep the order they were given in; {@link #topologicalOrder()} lists parents
 * before children.
 *
 * <p>Immutable and thread safe.
 */
public final class NetworkStructure {

    private final List<DiscreteVariable> variables;
    private final Map<String, Integer> index = new HashMap<>();
    private final int[][] parents;
    private final int[] topological;

    /**
     * Builds and validates a structure.
     *
     * @param variables the variables, in the file's order
     * @throws IllegalArgumentException for a duplicate name, an unknown parent or a cycle
     */
    public NetworkStructure(List<DiscreteVariable> variables) {
        this.variables = List.copyOf(Objects.requireNonNull(variables, "variables"));
        if (this.variables.isEmpty()) {
            throw new IllegalArgumentException("a network needs at least one variable");
        }
        for (int i = 0; i < this.variables.size(); i++) {
            if (index.put(this.variables.get(i).name(), i) != null) {
                throw new IllegalArgumentException("variable '" + this.variables.get(i).name() + "' is declared twice");
            }
        }
        parents = new int[this.variables.size()][];
        for (int i = 0; i < parents.length; i++) {
            DiscreteVariable v = this.variables.get(i);
            parents[i] = new int[v.parents().size()];
            for (int p = 0; p < parents[i].length; p++) {
                Integer parent = index.get(v.parents().get(p));
                if (parent == null) {
                    throw new IllegalArgumentException("variable '" + v.name() + "' has an unknown parent '"
                            + v.parents().get(p) + "'");
                }
                parents[i][p] = parent;
            }
        }
        topological = topologicalOrder(parents);
    }

    /** Kahn's algorithm; on failure, walks parent links from a leftover variable to name a cycle. */
    private int[] topologicalOrder(int[][] parentsOf) {
        int n = parentsOf.length;
        int[] waiting = new int[n];
        List<List<Integer>> children = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            children.add(new ArrayList<>());
        }
        for (int i = 0; i < n; i++) {
            waiting[i] = parentsOf[i].length;
            for (int p : parentsOf[i]) {
                children.get(p).add(i);
            }
        }
        int[] order = new int[n];
        int done = 0;
        for (int i = 0; i < n; i++) {
            if (waiting[i] == 0) {
                order[done++] = i;
            }
        }
        for (int head = 0; head < done; head++) {
            for (int child : children.get(order[head])) {
                if (--waiting[child] == 0) {
                    order[done++] = child;
                }
            }
        }
        if (done < n) {
            int start = 0;
            while (waiting[start] == 0) {
                start++;
            }
            // Every leftover variable has a leftover parent: following them must revisit one.
            List<Integer> path = new ArrayList<>();
            int at = start;
            while (!path.contains(at)) {
                path.add(at);
                int next = -1;
                for (int p : parentsOf[at]) {
                    if (waiting[p] > 0) {
                        next = p;
                        break;
                    }
                }
                at = next;
            }
            List<String> cycle = new ArrayList<>();
            for (int i = path.indexOf(at); i < path.size(); i++) {
                cycle.add(variables.get(path.get(i)).name());
            }
            cycle.add(variables.get(at).name());
            java.util.Collections.reverse(cycle);
            throw new IllegalArgumentException("the parents form a cycle: " + String.join(" -> ", cycle));
        }
        return order;
    }

    /** @return the variables, in the order given */
    public List<DiscreteVariable> variables() {
        return variables;
    }

    /** @return the number of variables */
    public int size() {
        return variables.size();
    }

    /**
     * Returns a variable's position.
     *
     * @param name the variable's name
     * @return its index
     * @throws IllegalArgumentException if there is no such variable
     */
    public int indexOf(String name) {
        Integer i = index.get(name);
        if (i == null) {
            throw new IllegalArgumentException("no variable named '" + name + "' (variables: " + names() + ")");
        }
        return i;
    }

    /**
     * Returns a state's position within its variable.
     *
     * @param variable the variable's index
     * @param state    the state's name
     * @return its index
     * @throws IllegalArgumentException if the variable has no such state
     */
    public int stateIndex(int variable, String state) {
        int s = variables.get(variable).states().indexOf(state);
        if (s < 0) {
            throw new IllegalArgumentException("'" + state + "' is not a state of '" + variables.get(variable).name()
                    + "' (states: " + String.join(", ", variables.get(variable).states()) + ")");
        }
        return s;
    }

    /** @return the variables' names, in order */
    public List<String> names() {
        List<String> names = new ArrayList<>();
        for (DiscreteVariable v : variables) {
            names.add(v.name());
        }
        return names;
    }

    /**
     * Returns the indices of a variable's parents, in declared order.
     *
     * @param variable the variable's index
     * @return a copy of its parents' indices
     */
    public int[] parents(int variable) {
        return parents[variable].clone();
    }

    /**
     * Returns the number of states of a variable.
     *
     * @param variable the variable's index
     * @return r
     */
    public int cardinality(int variable) {
        return variables.get(variable).cardinality();
    }

    /**
     * Returns the number of parent configurations of a variable, Π r_u over its parents.
     *
     * @param variable the variable's index
     * @return q, 1 for a root
     */
    public int configurations(int variable) {
        long q = 1;
        for (int p : parents[variable]) {
            q *= cardinality(p);
            if (q > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("'" + variables.get(variable).name() + "' has more than "
                        + Integer.MAX_VALUE + " parent configurations: its table cannot be held");
            }
        }
        return (int) q;
    }

    /** @return the variable indices with every parent before its children */
    public int[] topologicalOrder() {
        return topological.clone();
    }

    /**
     * Counts the CPT entries and free parameters of this DAG's factorisation
     * Π_v p(v | parents(v)).
     *
     * @return the counts
     */
    public ParameterCount parameterCount() {
        java.math.BigInteger entries = java.math.BigInteger.ZERO;
        java.math.BigInteger free = java.math.BigInteger.ZERO;
        for (int v = 0; v < size(); v++) {
            // Exact for any width: a table too large to hold can still be counted.
            java.math.BigInteger q = java.math.BigInteger.ONE;
            for (int p : parents[v]) {
                q = q.multiply(java.math.BigInteger.valueOf(cardinality(p)));
            }
            entries = entries.add(q.multiply(java.math.BigInteger.valueOf(cardinality(v))));
            free = free.add(q.multiply(java.math.BigInteger.valueOf(cardinality(v) - 1L)));
        }
        return new ParameterCount(entries, free);
    }

    /**
     * Counts the CPT entries and free parameters of the full chain rule in the given order,
     * p(v1) p(v2 | v1) … p(vn | v1..vn−1), which assumes no independence at all.
     *
     * @param order every variable's name once
     * @return the counts
     * @throws IllegalArgumentException if the order is not a permutation of the variables
     */
    public ParameterCount chainRuleCount(List<String> order) {
        if (order.size() != size() || !new java.util.HashSet<>(order).equals(new java.util.HashSet<>(names()))) {
            throw new IllegalArgumentException("the order must name every variable once: got " + order
                    + ", variables " + names());
        }
        java.math.BigInteger entries = java.math.BigInteger.ZERO;
        java.math.BigInteger free = java.math.BigInteger.ZERO;
        java.math.BigInteger before = java.math.BigInteger.ONE;
        for (String name : order) {
            java.math.BigInteger r = java.math.BigInteger.valueOf(cardinality(indexOf(name)));
            entries = entries.add(before.multiply(r));
            free = free.add(before.multiply(r.subtract(java.math.BigInteger.ONE)));
            before = before.multiply(r);
        }
        return new ParameterCount(entries, free);
    }

    @Override
    public String toString() {
        return "NetworkStructure" + Arrays.toString(names().toArray());
    }
}
