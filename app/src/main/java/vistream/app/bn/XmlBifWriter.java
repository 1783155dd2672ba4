package vistream.app.bn;

import vistream.app.config.UserError;
import vistream.core.graph.BayesianNetwork;
import vistream.core.graph.DiscreteVariable;
import vistream.core.graph.NetworkStructure;

/**
 * Writes a network as XMLBIF 0.3, in UTF-8: a VARIABLE of TYPE "nature" per variable, then a
 * DEFINITION each whose TABLE holds one line per parent configuration (the last GIVEN varying
 * fastest), the FOR variable's probabilities in OUTCOME order. Numbers are written with
 * {@link DecimalText#format}, so reading the file gives the same bits. Names are escaped
 * ({@code & < >}, and a carriage return as a character reference, since XML would turn a bare one
 * into a line feed); a name that XML cannot carry, or whose whitespace at either end readers drop,
 * is refused rather than written differently.
 */
public final class XmlBifWriter {

    private XmlBifWriter() {
    }

    /**
     * Writes a network.
     *
     * @param network the network
     * @param name    the network's NAME
     * @param target  the file, to name in a refusal
     * @return the XML text
     * @throws UserError if a name cannot be written so that it reads back the same
     */
    public static String write(BayesianNetwork network, String name, String target) {
        NetworkStructure s = network.structure();
        StringBuilder out = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<BIF VERSION=\"0.3\">\n<NETWORK>\n");
        out.append("<NAME>").append(escape(name, "the network's name", target)).append("</NAME>\n");
        String[] names = new String[s.size()];
        for (int v = 0; v < s.size(); v++) {
            DiscreteVariable variable = s.variables().get(v);
            names[v] = escape(variable.name(), "the variable '" + variable.name() + "'", target);
            out.append("<VARIABLE TYPE=\"nature\">\n\t<NAME>").append(names[v]).append("</NAME>\n");
            for (String state : variable.states()) {
                String what = "the state '" + state + "' of '" + variable.name() + "'";
                out.append("\t<OUTCOME>").append(escape(state, what, target)).append("</OUTCOME>\n");
            }
            out.append("</VARIABLE>\n");
        }
        for (int v = 0; v < s.size(); v++) {
            out.append("<DEFINITION>\n\t<FOR>").append(names[v]).append("</FOR>\n");
            for (int parent : s.parents(v)) {
                out.append("\t<GIVEN>").append(names[parent]).append("</GIVEN>\n");
            }
            out.append("\t<TABLE>\n");
            for (int j = 0; j < s.configurations(v); j++) {
                double[] row = network.cpt(v).row(j);
                out.append("\t\t");
                for (int k = 0; k < row.length; k++) {
                    out.append(k == 0 ? "" : " ").append(DecimalText.format(row[k]));
                }
                out.append('\n');
            }
            out.append("\t</TABLE>\n</DEFINITION>\n");
        }
        return out.append("</NETWORK>\n</BIF>\n").toString();
    }

    /** @return the name as XML text that reads back as the same name */
    private static String escape(String name, String what, String target) {
        if (name.isEmpty()) {
            throw refuse(what, "is empty", target);
        }
        if (isXmlSpace(name.charAt(0)) || isXmlSpace(name.charAt(name.length() - 1))) {
            throw refuse(what, "starts or ends with whitespace, which readers drop", target);
        }
        StringBuilder out = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i += Character.charCount(name.codePointAt(i))) {
            int c = name.codePointAt(i);
            boolean allowed = c == '\t' || c == '\n' || c == '\r' || c >= 0x20 && c <= 0xd7ff
                    || c >= 0xe000 && c <= 0xfffd || c >= 0x10000 && c <= 0x10ffff;
            if (!allowed) {
                throw refuse(what, String.format(java.util.Locale.ROOT, "contains U+%04X, which XML 1.0 cannot carry",
                        c), target);
            }
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '\r' -> out.append("&#13;");
                default -> out.appendCodePoint(c);
            }
        }
        return out.toString();
    }

    private static UserError refuse(String what, String why, String target) {
        return new UserError("cannot write " + target + " as XMLBIF: " + what + " " + why
                + "; rename it, or write .json instead");
    }

    private static boolean isXmlSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }
}
