package vistream.app.bn;

import java.util.ArrayList;
import java.util.List;

import vistream.app.bn.BifLexer.Kind;
import vistream.app.bn.BifLexer.Token;
import vistream.app.bn.NetworkDocument.Definition;
import vistream.app.bn.NetworkDocument.Name;
import vistream.app.bn.NetworkDocument.Row;
import vistream.app.bn.NetworkDocument.Values;
import vistream.app.bn.NetworkDocument.Variable;
import vistream.app.config.UserError;

/**
 * Reads BIF, the format of the bnlearn repository, by recursive descent over {@link BifLexer}'s
 * tokens:
 * <pre>
 * file        := [ "network" name+ "{" property* "}" ] ( variable | probability )* END
 * variable    := "variable" name "{" ( "type" "discrete" "[" count "]" "{" name ( "," name )* "}" ";" | property )* "}"
 * probability := "probability" "(" name [ "|" name ( "," name )* ] ")" "{" entry* "}"
 * entry       := "(" name ( "," name )* ")" values | "default" values | "table" values | property
 * values      := number ( [","] number )* ";"
 * property    := "property" anything but ";" ";"
 * </pre>
 * A name is a word or a double-quoted name. A row names its parents' states in the order of the
 * header; {@code default} gives the row of every configuration no row names. A {@code table} is
 * read only for a variable without parents: for one with parents, tools disagree on the order of
 * its values (pgmpy reads the child's states as varying slowest), so it is refused rather than
 * possibly read transposed.
 *
 * <p>Every error is one line, {@code FILE:LINE: expected X, found Y} or {@code FILE:LINE:} and a
 * sentence. Not thread safe: one parser per file read.
 */
public final class BifParser {

    private final BifLexer lexer;
    private final NetworkDocument document;
    private Token next;

    private BifParser(String source, String text) {
        lexer = new BifLexer(source, text);
        document = new NetworkDocument(source, "variable block", "probability block");
        next = lexer.next();
    }

    /**
     * Parses a BIF file.
     *
     * @param source the file, to start every message
     * @param text   its content
     * @return what it declares, not yet checked as a whole ({@link NetworkDocument#build})
     * @throws UserError at the first token that does not fit
     */
    public static NetworkDocument parse(String source, String text) {
        BifParser parser = new BifParser(source, text);
        parser.file();
        return parser.document;
    }

    private void file() {
        if (next.is("network")) {
            take();
            // The name is not used; Hugin's exports write several words ("Pig - Network").
            name("the network's name");
            while (!next.is("{") && next.kind() == Kind.WORD) {
                take();
            }
            symbol("{");
            while (!next.is("}")) {
                if (!next.is("property")) {
                    throw expected("'property' or '}'");
                }
                property();
            }
            take();
        }
        while (next.kind() != Kind.END) {
            if (next.is("variable")) {
                variable();
            } else if (next.is("probability")) {
                probability();
            } else {
                throw expected("'variable' or 'probability'");
            }
        }
    }

    private void variable() {
        int line = take().line();
        String name = name("a variable's name").text();
        symbol("{");
        List<String> states = null;
        while (!next.is("}")) {
            if (next.is("property")) {
                property();
            } else if (next.is("type")) {
                int typeLine = take().line();
                if (states != null) {
                    throw document.error(typeLine, "variable '" + name + "' has a second 'type'");
                }
                states = type(name);
            } else {
                throw expected("'type', 'property' or '}'");
            }
        }
        int close = take().line();
        if (states == null) {
            throw document.error(close, "variable '" + name + "' has no 'type discrete [ N ] { … };'");
        }
        document.declare(new Variable(name, states, line));
    }

    /** After "type": {@code discrete [ N ] { s1, s2 };}, the count matching the states listed. */
    private List<String> type(String variable) {
        if (!next.is("discrete")) {
            throw expected("'discrete' (only discrete variables are read)");
        }
        take();
        symbol("[");
        Token count = take();
        if (count.kind() != Kind.WORD || !count.text().matches("0*[1-9]\\d{0,8}")) {
            throw document.error(count.line(), "expected the number of states of '" + variable + "', found "
                    + count.describe());
        }
        symbol("]");
        Token open = symbol("{");
        List<String> states = new ArrayList<>();
        states.add(name("a state of '" + variable + "'").text());
        while (next.is(",")) {
            take();
            states.add(name("a state of '" + variable + "'").text());
        }
        symbol("}");
        symbol(";");
        int declared = Integer.parseInt(count.text());
        if (declared != states.size()) {
            throw document.error(open.line(), "variable '" + variable + "' declares " + declared + " state"
                    + (declared == 1 ? "" : "s") + " in [ ] but lists " + states.size() + " " + states);
        }
        return states;
    }

    private void probability() {
        int line = take().line();
        symbol("(");
        Name child = name("a variable's name");
        List<Name> parents = new ArrayList<>();
        if (next.is("|")) {
            take();
            parents.add(name("a parent of '" + child.text() + "'"));
            while (next.is(",")) {
                take();
                parents.add(name("a parent of '" + child.text() + "'"));
            }
        }
        symbol(")");
        symbol("{");
        List<Row> rows = new ArrayList<>();
        Values table = null;
        Values defaultRow = null;
        while (!next.is("}")) {
            if (next.is("(")) {
                int rowLine = take().line();
                List<String> states = new ArrayList<>();
                states.add(name("a state of a parent of '" + child.text() + "'").text());
                while (next.is(",")) {
                    take();
                    states.add(name("a state of a parent of '" + child.text() + "'").text());
                }
                symbol(")");
                rows.add(new Row(states, values(child.text()).values(), rowLine));
            } else if (next.is("default")) {
                int at = take().line();
                if (defaultRow != null) {
                    throw document.error(at, "a second 'default' for '" + child.text() + "' (the first is at line "
                            + defaultRow.line() + ")");
                }
                defaultRow = values(child.text());
            } else if (next.is("table")) {
                int at = take().line();
                if (!parents.isEmpty()) {
                    List<String> names = parents.stream().map(Name::text).toList();
                    throw document.error(at, "'table' in the probability block of '" + child.text() + "', which has "
                            + "parents: tools disagree on the order of its values, so write one row per configuration "
                            + "of (" + String.join(", ", names) + ") instead, as '(state of " + String.join(", state of ",
                            names) + ") probabilities;'");
                }
                if (table != null) {
                    throw document.error(at, "a second 'table' for '" + child.text() + "' (the first is at line "
                            + table.line() + ")");
                }
                table = values(child.text());
            } else if (next.is("property")) {
                property();
            } else {
                throw expected("a row '(…) p1, p2, …;', 'default', 'table', 'property' or '}'");
            }
        }
        take();
        document.define(new Definition(child, parents, rows, table, defaultRow, line));
    }

    /** Probabilities up to ";", separated by commas or by whitespace alone. */
    private Values values(String variable) {
        int line = next.line();
        List<Double> values = new ArrayList<>();
        values.add(number(variable));
        while (!next.is(";")) {
            if (next.is(",")) {
                take();
                values.add(number(variable));
            } else if (next.kind() == Kind.WORD && DecimalText.parse(next.text()) != null) {
                values.add(number(variable));
            } else {
                // Most often a forgotten ';': the next row or keyword follows the last number.
                throw expected("',', ';' or another probability of '" + variable + "'");
            }
        }
        take();
        double[] out = new double[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return new Values(out, line);
    }

    private double number(String variable) {
        Double value = next.kind() == Kind.WORD ? DecimalText.parse(next.text()) : null;
        if (value == null) {
            throw expected("a probability of '" + variable + "'");
        }
        take();
        return value;
    }

    /** Skips a property: whatever comes up to its ";" (positions, notes, weights). */
    private void property() {
        take();
        while (!next.is(";")) {
            if (next.kind() == Kind.END || next.is("}")) {
                throw expected("';' to end the property");
            }
            take();
        }
        take();
    }

    private Name name(String what) {
        if (!next.isName() || next.text().isEmpty()) {
            throw expected(what);
        }
        Token t = take();
        return new Name(t.text(), t.line());
    }

    private Token symbol(String symbol) {
        if (!next.is(symbol) || next.kind() != Kind.SYMBOL) {
            throw expected("'" + symbol + "'");
        }
        return take();
    }

    private Token take() {
        Token t = next;
        next = lexer.next();
        return t;
    }

    private UserError expected(String what) {
        return document.error(next.line(), "expected " + what + ", found " + next.describe());
    }
}
