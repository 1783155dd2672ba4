package vistream.app.bn;

import java.io.PrintWriter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import vistream.app.config.UserError;
import vistream.core.graph.BayesianNetwork;
import vistream.core.graph.DiscreteVariable;
import vistream.core.graph.NetworkStructure;

/**
 * What a BIF or XMLBIF file declares, each part with the line it was read at, and the checks
 * that need the whole file: both formats declare a variable's states in one place and its
 * parents and table in another, which may come in either order. {@link #build} ties them
 * together and passes every row through {@link TableBuilder}, so the two formats are checked
 * alike and every message starts with {@code FILE:LINE:}.
 *
 * <p>Not thread safe: one document per file read.
 */
public final class NetworkDocument {

    /**
     * A variable's declaration.
     *
     * @param name   its name
     * @param states its states, in order
     * @param line   where it is declared
     */
    public record Variable(String name, List<String> states, int line) {
    }

    /**
     * A name where it was read.
     *
     * @param text the name
     * @param line its line
     */
    public record Name(String text, int line) {
    }

    /**
     * Probabilities where they were read.
     *
     * @param values the numbers
     * @param line   the line they start on
     */
    public record Values(double[] values, int line) {
    }

    /**
     * One row of a table, named by the states of the parents.
     *
     * @param parentStates one state per parent, in the order the definition lists its parents
     * @param values       one probability per state of the variable
     * @param line         where the row is
     */
    public record Row(List<String> parentStates, double[] values, int line) {
    }

    /**
     * A variable's parents and probabilities.
     *
     * @param child      the variable
     * @param parents    its parents, in order (the last varies fastest in {@code table})
     * @param rows       rows named by parent states
     * @param table      the whole table in CPT order, or null
     * @param defaultRow the row of every configuration no row names, or null
     * @param line       where the definition starts
     */
    public record Definition(Name child, List<Name> parents, List<Row> rows, Values table, Values defaultRow,
            int line) {
    }

    private final String source;
    private final String variableBlock;
    private final String definitionBlock;
    private final Map<String, Variable> variables = new LinkedHashMap<>();
    private final Map<String, Definition> definitions = new LinkedHashMap<>();

    /**
     * Starts an empty document.
     *
     * @param source          the file, to start every message
     * @param variableBlock   what the format calls a variable's declaration ("variable block")
     * @param definitionBlock what it calls a variable's table ("probability block")
     */
    public NetworkDocument(String source, String variableBlock, String definitionBlock) {
        this.source = source;
        this.variableBlock = variableBlock;
        this.definitionBlock = definitionBlock;
    }

    /**
     * Makes the one-line error of a file's line.
     *
     * @param line    the line
     * @param message what is wrong there
     * @return {@code FILE:LINE: message}
     */
    public UserError error(int line, String message) {
        return new UserError(source + ":" + line + ": " + message);
    }

    /**
     * Adds a variable.
     *
     * @param variable its declaration
     * @throws UserError if a variable of that name was declared already, or it lists a state twice
     */
    public void declare(Variable variable) {
        Set<String> states = new HashSet<>();
        for (String state : variable.states()) {
            if (!states.add(state)) {
                throw error(variable.line(), "variable '" + variable.name() + "' lists the state '" + state + "' twice");
            }
        }
        Variable first = variables.putIfAbsent(variable.name(), variable);
        if (first != null) {
            throw error(variable.line(), "variable '" + variable.name() + "' is declared twice (first at line "
                    + first.line() + ")");
        }
    }

    /**
     * Adds a variable's definition.
     *
     * @param definition its parents and probabilities
     * @throws UserError if the variable has one already, or a parent is listed twice or is the
     *                   variable itself
     */
    public void define(Definition definition) {
        String child = definition.child().text();
        Definition first = definitions.putIfAbsent(child, definition);
        if (first != null) {
            throw error(definition.line(), "a second " + definitionBlock + " for '" + child + "' (the first is at line "
                    + first.line() + ")");
        }
        Set<String> seen = new HashSet<>();
        for (Name parent : definition.parents()) {
            if (parent.text().equals(child)) {
                throw error(parent.line(), "'" + child + "' is given as its own parent");
            }
            if (!seen.add(parent.text())) {
                throw error(parent.line(), "'" + child + "' lists the parent '" + parent.text() + "' twice");
            }
        }
    }

    /**
     * Checks the document as a whole and builds the network, its variables in declaration order.
     *
     * @param warnings where a renormalised row is reported, once
     * @return the network
     * @throws UserError for the first problem, at its line
     */
    public BayesianNetwork build(PrintWriter warnings) {
        if (variables.isEmpty()) {
            throw new UserError(source + ": declares no variable");
        }
        for (Definition d : definitions.values()) {
            if (!variables.containsKey(d.child().text())) {
                throw error(d.child().line(), "a " + definitionBlock + " for '" + d.child().text() + "', which no "
                        + variableBlock + " declares");
            }
            for (Name parent : d.parents()) {
                if (!variables.containsKey(parent.text())) {
                    throw error(parent.line(), "'" + d.child().text() + "' has the parent '" + parent.text()
                            + "', which no " + variableBlock + " declares");
                }
            }
        }
        List<DiscreteVariable> declared = new ArrayList<>();
        for (Variable v : variables.values()) {
            Definition d = definitions.get(v.name());
            if (d == null) {
                throw error(v.line(), "variable '" + v.name() + "' has no " + definitionBlock);
            }
            declared.add(new DiscreteVariable(v.name(), v.states(), d.parents().stream().map(Name::text).toList()));
        }
        NetworkStructure structure;
        try {
            structure = new NetworkStructure(declared);
        } catch (IllegalArgumentException e) {
            // Only a cycle is left to find here; it is named at the first definition on it.
            throw error(firstOnCycle(), e.getMessage());
        }
        try {
            TableBuilder tables = new TableBuilder(structure);
            for (Definition d : definitions.values()) {
                addRows(tables, structure.indexOf(d.child().text()), d);
            }
            return tables.build(source, warnings);
        } catch (IllegalArgumentException e) {
            // TableBuilder's messages start with the "FILE:LINE" each row was given as its place.
            throw new UserError(e.getMessage().startsWith(source) ? e.getMessage() : source + ": " + e.getMessage());
        }
    }

    private void addRows(TableBuilder tables, int v, Definition d) {
        Set<List<String>> named = new HashSet<>();
        for (Row row : d.rows()) {
            tables.row(v, row.parentStates(), row.values(), where(row.line()));
            named.add(row.parentStates());
        }
        if (d.table() != null) {
            if (d.defaultRow() != null) {
                throw error(d.defaultRow().line(), "the " + definitionBlock + " of '" + d.child().text()
                        + "' has a whole table and a default row: which one is meant?");
            }
            tables.table(v, d.table().values(), where(d.table().line()));
            return;
        }
        if (d.defaultRow() != null) {
            tables.defaultRow(v, d.defaultRow().values(), where(d.defaultRow().line()));
            return;
        }
        NetworkStructure structure = tables.structure();
        if (named.size() < structure.configurations(v)) {
            List<String> missing = firstMissing(structure, v, named);
            StringBuilder what = new StringBuilder();
            for (int i = 0; i < missing.size(); i++) {
                what.append(i == 0 ? "" : ", ").append(d.parents().get(i).text()).append(" = ").append(missing.get(i));
            }
            throw error(d.line(), "the " + definitionBlock + " of '" + d.child().text() + "' has "
                    + (missing.isEmpty() ? "no probabilities" : "no row for (" + what + ")") + " and no default row");
        }
    }

    /** @return the parent states of the first configuration, in CPT order, that no row names */
    private static List<String> firstMissing(NetworkStructure structure, int v, Set<List<String>> named) {
        for (int j = 0; j < structure.configurations(v); j++) {
            List<String> states = ParentStates.of(structure, v, j);
            if (!named.contains(states)) {
                return states;
            }
        }
        throw new IllegalStateException("every configuration is named");
    }

    /** @return the line of the first definition whose variable is its own ancestor */
    private int firstOnCycle() {
        for (Definition d : definitions.values()) {
            String start = d.child().text();
            Set<String> visited = new HashSet<>();
            Deque<String> todo = new ArrayDeque<>(List.of(start));
            while (!todo.isEmpty()) {
                for (Name parent : definitions.get(todo.pop()).parents()) {
                    if (parent.text().equals(start)) {
                        return d.line();
                    }
                    if (visited.add(parent.text())) {
                        todo.push(parent.text());
                    }
                }
            }
        }
        return definitions.values().iterator().next().line();
    }

    private String where(int line) {
        return source + ":" + line;
    }
}
