package vistream.app.source;

/**
 * Makes untrusted text safe to quote in one line of a log or a message: an escape sequence, a
 * carriage return or a bidirectional override copied from input onto a terminal could forge or
 * hide log lines. Every message that quotes input goes through {@link #escape}.
 */
public final class Printable {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Printable() {
    }

    /**
     * Returns the text with every character that is not printable written as an escape:
     * {@code \t}, {@code \n} and {@code \r} as such, the others (controls, format characters such
     * as bidirectional overrides and the byte order mark, line and paragraph separators,
     * unassigned code points and lone surrogates) as {@code \}{@code uXXXX}, each UTF-16 unit of a
     * supplementary one on its own. Printable text is left as it is, so escaping twice changes
     * nothing; backslashes are not escaped, as the aim is a safe line, not a reversible one (the
     * dead-letter file keeps the content itself).
     *
     * @param text untrusted text
     * @return the text, safe to print
     */
    public static String escape(CharSequence text) {
        StringBuilder out = null;
        int i = 0;
        while (i < text.length()) {
            int c = Character.codePointAt(text, i);
            int units = Character.charCount(c);
            if (printable(c)) {
                if (out != null) {
                    out.appendCodePoint(c);
                }
            } else {
                if (out == null) {
                    out = new StringBuilder(text.length() + 16).append(text, 0, i);
                }
                for (int u = i; u < i + units; u++) {
                    appendEscape(out, text.charAt(u));
                }
            }
            i += units;
        }
        return out == null ? text.toString() : out.toString();
    }

    private static boolean printable(int c) {
        return switch (Character.getType(c)) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                    Character.SURROGATE, Character.UNASSIGNED, Character.PRIVATE_USE -> false;
            default -> true;
        };
    }

    private static void appendEscape(StringBuilder out, char c) {
        switch (c) {
            case '\t' -> out.append("\\t");
            case '\n' -> out.append("\\n");
            case '\r' -> out.append("\\r");
            default -> out.append("\\u").append(HEX[c >> 12 & 0xf]).append(HEX[c >> 8 & 0xf]).append(HEX[c >> 4 & 0xf])
                    .append(HEX[c & 0xf]);
        }
    }
}
