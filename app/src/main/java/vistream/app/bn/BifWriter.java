package vistream.app.bn;

import vistream.app.config.UserError;
import vistream.core.graph.BayesianNetwork;
import vistream.core.graph.DiscreteVariable;
import vistream.core.graph.NetworkStructure;

/**
 * Writes a network as BIF in the bnlearn repository's layout: the variables, then one
 * probability block each, a root's as {@code table p1, p2;} and every other's as one row per
 * parent configuration, {@code (s1, s2) p1, p2;}, in CPT order. Rows rather than a table,
 * because tools read a conditional table in different orders, while a row names its parent
 * states. Numbers are written with {@link DecimalText#format}, so reading the file gives the same
 * bits. Names are written as plain words, as bnlearn and pgmpy read them; a name that would not
 * read back as the same word is refused rather than written.
 */
public final class BifWriter {

    private BifWriter() {
    }

    /**
     * Writes a network.
     *
     * @param network the network
     * @param name    the network's name, written after {@code network} ("unknown" if it is not a word)
     * @param target  the file, to name in a refusal
     * @return the BIF text
     * @throws UserError if a variable or state name cannot be written as a BIF word
     */
    public static String write(BayesianNetwork network, String name, String target) {
        NetworkStructure s = network.structure();
        for (DiscreteVariable v : s.variables()) {
            check(v.name(), "the variable '" + v.name() + "'", target);
            for (String state : v.states()) {
                check(state, "the state '" + state + "' of '" + v.name() + "'", target);
            }
        }
        String nl = "\n";
        StringBuilder out = new StringBuilder();
        out.append("network ").append(BifLexer.whyNotAWord(name) == null ? name : "unknown").append(" {").append(nl)
                .append('}').append(nl);
        for (DiscreteVariable v : s.variables()) {
            out.append("variable ").append(v.name()).append(" {").append(nl)
                    .append("  type discrete [ ").append(v.cardinality()).append(" ] { ")
                    .append(String.join(", ", v.states())).append(" };").append(nl)
                    .append('}').append(nl);
        }
        for (int v = 0; v < s.size(); v++) {
            DiscreteVariable variable = s.variables().get(v);
            out.append("probability ( ").append(variable.name());
            if (!variable.parents().isEmpty()) {
                out.append(" | ").append(String.join(", ", variable.parents()));
            }
            out.append(" ) {").append(nl);
            for (int j = 0; j < s.configurations(v); j++) {
                out.append("  ");
                if (variable.parents().isEmpty()) {
                    out.append("table ");
                } else {
                    out.append('(').append(String.join(", ", ParentStates.of(s, v, j))).append(") ");
                }
                double[] row = network.cpt(v).row(j);
                for (int k = 0; k < row.length; k++) {
                    out.append(k == 0 ? "" : ", ").append(DecimalText.format(row[k]));
                }
                out.append(';').append(nl);
            }
            out.append('}').append(nl);
        }
        return out.toString();
    }

    private static void check(String name, String what, String target) {
        String why = BifLexer.whyNotAWord(name);
        if (why != null) {
            throw new UserError("cannot write " + target + " as BIF: " + what + " " + why
                    + ", which BIF cannot represent; rename it, or write .json or .xmlbif instead");
        }
    }
}
