package vistream.app.source;

import com.fasterxml.jackson.core.io.NumberInput;

/**
 * Recognises a decimal number as written in data files: an optional sign, digits with an
 * optional fraction, and an optional exponent ({@code -3}, {@code .5}, {@code 2.}, {@code 1.5e-3}).
 *
 * <p>Stricter than {@link Double#parseDouble}, which would also accept {@code 1d}, hexadecimal
 * floats and {@code NaN}: a data file with those is more likely wrong than meant.
 */
public final class NumberSyntax {

    private NumberSyntax() {
    }

    /**
     * Returns the double nearest to a token that {@link #isDecimal} accepted, exactly as
     * {@link Double#parseDouble} would. It goes through Jackson's {@code NumberInput} with its fast
     * parser (FastDoubleParser, Eisel–Lemire): the JDK 17 parser falls back to big-integer
     * arithmetic for the 17-digit values that data files hold, and that was most of the time
     * {@code stream} spent reading a file.
     *
     * @param token a decimal number
     * @return its value, correctly rounded; ±∞ if it is out of range
     */
    public static double value(String token) {
        return NumberInput.parseDouble(token, true);
    }

    /**
     * Tells whether {@code s[from, to)} is a decimal number.
     *
     * @param s    the text
     * @param from first character, inclusive
     * @param to   last character, exclusive
     * @return true if the range holds exactly one decimal number
     */
    public static boolean isDecimal(CharSequence s, int from, int to) {
        int i = from;
        if (i < to && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            i++;
        }
        int digits = 0;
        while (i < to && isDigit(s.charAt(i))) {
            i++;
            digits++;
        }
        if (i < to && s.charAt(i) == '.') {
            i++;
            while (i < to && isDigit(s.charAt(i))) {
                i++;
                digits++;
            }
        }
        if (digits == 0) {
            return false;
        }
        if (i < to && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < to && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            int exponentDigits = 0;
            while (i < to && isDigit(s.charAt(i))) {
                i++;
                exponentDigits++;
            }
            if (exponentDigits == 0) {
                return false;
            }
        }
        return i == to;
    }

    /**
     * Tells whether the text spells a non-finite value ({@code NaN}, {@code inf}, {@code -Infinity},
     * any case), so that it can be reported as such rather than as unreadable.
     *
     * @param token the trimmed text
     * @return true for a spelling of NaN or infinity
     */
    public static boolean isNonFiniteWord(String token) {
        String t = token.startsWith("+") || token.startsWith("-") ? token.substring(1) : token;
        return t.equalsIgnoreCase("nan") || t.equalsIgnoreCase("inf") || t.equalsIgnoreCase("infinity");
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
