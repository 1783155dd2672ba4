package vistream.app.bn;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import vistream.core.graph.BayesianNetwork;
import vistream.core.graph.ConditionalProbabilityTable;
import vistream.core.graph.DiscreteVariable;
import vistream.core.graph.NetworkStructure;

/**
 * Builds a network's tables from rows named by the states of their parents: the one path the
 * rows of every model format take, so no format places a row by its position alone.
 *
 * <p>Each row is checked as it comes: the parents and states it names must exist, no two rows may
 * be for the same parent states, and its probabilities must lie in [0, 1] and sum to one within
 * {@link #ROW_SUM_TOLERANCE}. A row off by more than {@link ConditionalProbabilityTable#SUM_TOLERANCE}
 * but within the tolerance is renormalised, and {@link #build} says so once. Every message starts
 * with the caller's {@code where} ("line 12", "row 3 of 'xray'").
 *
 * <p>Not thread safe: one builder per file read.
 */
public final class TableBuilder {

    /**
     * How far a row's sum may be from 1 and still be read (then renormalised): published tables
     * are printed to 4–8 digits, so their rows sum to 1 within about 1e-4, while a row off by more
     * is a mistake, refused. (pgmpy accepts 1e-2.)
     */
    public static final double ROW_SUM_TOLERANCE = 1e-4;

    private final NetworkStructure structure;
    private final double[][] tables;
    private final String[][] rowSeen;
    private final double[][] defaults;
    private int renormalised;
    private double farthest;

    /**
     * Starts an empty set of tables.
     *
     * @param structure the network the rows belong to
     */
    public TableBuilder(NetworkStructure structure) {
        this.structure = structure;
        int n = structure.size();
        tables = new double[n][];
        rowSeen = new String[n][];
        defaults = new double[n][];
        long total = 0;
        long allowed = Math.min(Integer.MAX_VALUE - 8, Runtime.getRuntime().maxMemory() / 4 / Double.BYTES);
        for (int v = 0; v < n; v++) {
            long entries = (long) structure.configurations(v) * structure.cardinality(v);
            total += entries;
            if (entries > Integer.MAX_VALUE - 8 || total > allowed) {
                throw new IllegalArgumentException("the table of '" + structure.variables().get(v).name() + "' has "
                        + entries + " entries, and the tables up to it " + total + ": more than this JVM holds ("
                        + allowed + " entries, a quarter of the heap; -Xmx gives more)");
            }
        }
        for (int v = 0; v < n; v++) {
            tables[v] = new double[structure.configurations(v) * structure.cardinality(v)];
            rowSeen[v] = new String[structure.configurations(v)];
        }
    }

    /** @return the structure the rows are for */
    public NetworkStructure structure() {
        return structure;
    }

    /**
     * Adds the row of one parent configuration, its parents' states listed in the order the
     * variable declares its parents.
     *
     * @param variable      the variable's index
     * @param parentStates  one state per parent, in declared order
     * @param probabilities one probability per state of the variable, in state order
     * @param where         where the row was read, to start any message
     * @throws IllegalArgumentException naming what is wrong
     */
    public void row(int variable, List<String> parentStates, double[] probabilities, String where) {
        DiscreteVariable v = structure.variables().get(variable);
        int[] parents = structure.parents(variable);
        if (parentStates.size() != parents.length) {
            throw new IllegalArgumentException(where + ": the row of '" + v.name() + "' names " + parentStates.size()
                    + " parent state" + (parentStates.size() == 1 ? "" : "s") + ", but it has " + parents.length
                    + " parent" + (parents.length == 1 ? "" : "s") + " " + v.parents());
        }
        int j = 0;
        for (int i = 0; i < parents.length; i++) {
            DiscreteVariable parent = structure.variables().get(parents[i]);
            int k = parent.states().indexOf(parentStates.get(i));
            if (k < 0) {
                throw new IllegalArgumentException(where + ": the row of '" + v.name() + "' gives its parent '"
                        + parent.name() + "' the state '" + parentStates.get(i) + "', which is not one of "
                        + parent.states());
            }
            j = j * parent.cardinality() + k;
        }
        put(variable, j, probabilities, where, describe(variable, parentStates));
    }

    /**
     * Adds the row of one parent configuration named as a map from parent to state: every parent
     * once, nothing else.
     *
     * @param variable      the variable's index
     * @param given         each parent's state
     * @param probabilities one probability per state of the variable, in state order
     * @param where         where the row was read
     * @throws IllegalArgumentException naming what is wrong
     */
    public void row(int variable, Map<String, String> given, double[] probabilities, String where) {
        DiscreteVariable v = structure.variables().get(variable);
        for (String name : given.keySet()) {
            if (!v.parents().contains(name)) {
                throw new IllegalArgumentException(where + ": the row of '" + v.name() + "' is given '" + name
                        + "', which is not one of its parents " + v.parents());
            }
        }
        List<String> states = new ArrayList<>();
        for (String parent : v.parents()) {
            String state = given.get(parent);
            if (state == null) {
                throw new IllegalArgumentException(where + ": the row of '" + v.name()
                        + "' does not give the state of its parent '" + parent + "'");
            }
            states.add(state);
        }
        row(variable, states, probabilities, where);
    }

    /**
     * Sets the row used for every parent configuration no row names (BIF's {@code default}).
     *
     * @param variable      the variable's index
     * @param probabilities one probability per state
     * @param where         where it was read
     */
    public void defaultRow(int variable, double[] probabilities, String where) {
        DiscreteVariable v = structure.variables().get(variable);
        if (defaults[variable] != null) {
            throw new IllegalArgumentException(where + ": '" + v.name() + "' has a second default row");
        }
        checkRow(variable, probabilities, where, "the default row of '" + v.name() + "'");
        defaults[variable] = probabilities.clone();
    }

    /**
     * Adds a whole table, one row per parent configuration in the order of
     * {@link ConditionalProbabilityTable} (the last parent varying fastest), each row the
     * variable's states in order.
     *
     * @param variable the variable's index
     * @param values   configurations × states values
     * @param where    where it was read
     */
    public void table(int variable, double[] values, String where) {
        DiscreteVariable v = structure.variables().get(variable);
        int r = v.cardinality();
        int q = structure.configurations(variable);
        if (values.length != (long) q * r) {
            throw new IllegalArgumentException(where + ": the table of '" + v.name() + "' has " + values.length
                    + " values, but needs " + q + " × " + r + " = " + ((long) q * r));
        }
        for (int j = 0; j < q; j++) {
            double[] row = new double[r];
            System.arraycopy(values, j * r, row, 0, r);
            put(variable, j, row, where, describe(variable, ParentStates.of(structure, variable, j)));
        }
    }

    /** @return whether the variable has at least one row or a default yet */
    public boolean hasRows(int variable) {
        if (defaults[variable] != null) {
            return true;
        }
        for (String seen : rowSeen[variable]) {
            if (seen != null) {
                return true;
            }
        }
        return false;
    }

    /**
     * Builds the network; rows renormalised are said once on {@code warnings}.
     *
     * @param source   the file, to name in the warning and errors
     * @param warnings where the renormalisation is reported
     * @return the network
     * @throws IllegalArgumentException naming the first variable and configuration without a row
     */
    public BayesianNetwork build(String source, PrintWriter warnings) {
        List<ConditionalProbabilityTable> cpts = new ArrayList<>();
        for (int v = 0; v < structure.size(); v++) {
            DiscreteVariable variable = structure.variables().get(v);
            int r = variable.cardinality();
            for (int j = 0; j < rowSeen[v].length; j++) {
                if (rowSeen[v][j] == null) {
                    if (defaults[v] == null) {
                        throw new IllegalArgumentException("'" + variable.name() + "' has no probabilities for "
                                + describe(v, ParentStates.of(structure, v, j)));
                    }
                    System.arraycopy(defaults[v], 0, tables[v], j * r, r);
                }
            }
            cpts.add(new ConditionalProbabilityTable(r, tables[v]));
        }
        if (renormalised > 0) {
            warnings.println("vistream bn: " + source + ": renormalised " + renormalised + " CPT row"
                    + (renormalised == 1 ? "" : "s") + " whose sums were off 1 by up to "
                    + String.format(Locale.ROOT, "%.3g", farthest));
            warnings.flush();
        }
        return new BayesianNetwork(structure, cpts);
    }

    private void put(int variable, int configuration, double[] probabilities, String where, String row) {
        DiscreteVariable v = structure.variables().get(variable);
        if (rowSeen[variable][configuration] != null) {
            throw new IllegalArgumentException(where + ": " + row + " repeats a row of '" + v.name() + "' ("
                    + rowSeen[variable][configuration] + ")");
        }
        double[] checked = checkRow(variable, probabilities, where, row);
        System.arraycopy(checked, 0, tables[variable], configuration * v.cardinality(), v.cardinality());
        rowSeen[variable][configuration] = where;
    }

    /** @return the row, renormalised if its sum was off 1 within the tolerance */
    private double[] checkRow(int variable, double[] probabilities, String where, String row) {
        DiscreteVariable v = structure.variables().get(variable);
        if (probabilities.length != v.cardinality()) {
            throw new IllegalArgumentException(where + ": " + row + " has " + probabilities.length + " probabilit"
                    + (probabilities.length == 1 ? "y" : "ies") + ", but '" + v.name() + "' has " + v.cardinality()
                    + " states " + v.states());
        }
        double sum = 0;
        for (int k = 0; k < probabilities.length; k++) {
            double p = probabilities[k];
            if (!(p >= 0.0 && p <= 1.0)) {
                throw new IllegalArgumentException(where + ": " + row + " gives state '" + v.states().get(k)
                        + "' the probability " + p + ", not in [0, 1]");
            }
            sum += p;
        }
        double off = Math.abs(sum - 1.0);
        if (off > ROW_SUM_TOLERANCE) {
            throw new IllegalArgumentException(where + ": " + row + " sums to " + sum + ", not 1 (within "
                    + ROW_SUM_TOLERANCE + ")");
        }
        double[] out = new double[probabilities.length];
        if (off <= ConditionalProbabilityTable.SUM_TOLERANCE) {
            for (int k = 0; k < out.length; k++) {
                out[k] = probabilities[k] + 0.0; // −0.0 is read as the 0 it means
            }
            return out;
        }
        for (int k = 0; k < out.length; k++) {
            out[k] = probabilities[k] / sum;
        }
        renormalised++;
        farthest = Math.max(farthest, off);
        return out;
    }

    private String describe(int variable, List<String> parentStates) {
        DiscreteVariable v = structure.variables().get(variable);
        if (v.parents().isEmpty()) {
            return "the row of '" + v.name() + "'";
        }
        StringBuilder s = new StringBuilder("the row of '").append(v.name()).append("' for (");
        Iterator<String> names = v.parents().iterator();
        for (int i = 0; i < parentStates.size() && names.hasNext(); i++) {
            s.append(i == 0 ? "" : ", ").append(names.next()).append(" = ").append(parentStates.get(i));
        }
        return s.append(')').toString();
    }
}
