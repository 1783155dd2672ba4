package vistream.app.bn;

import java.util.regex.Pattern;

/**
 * Probabilities as BIF and XMLBIF write them: plain decimals such as {@code 0.05}, {@code 1},
 * {@code .5} or {@code 1e-04}. {@link Double#parseDouble} alone would also take {@code NaN},
 * {@code Infinity}, hexadecimal and a trailing {@code d} or {@code f}, none of which another tool
 * would write or read; so the text is matched first. Numbers are written with
 * {@link Double#toString}, which {@link Double#parseDouble} reads back to the same bits.
 */
public final class DecimalText {

    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");

    private DecimalText() {
    }

    /**
     * Reads a decimal.
     *
     * @param text the text of one number
     * @return its value, or null if it is not a plain decimal
     */
    public static Double parse(String text) {
        return DECIMAL.matcher(text).matches() ? Double.parseDouble(text) : null;
    }

    /**
     * Writes a number so that {@link #parse} gives back the same double.
     *
     * @param value the number
     * @return its shortest exact decimal, as {@link Double#toString} gives it
     */
    public static String format(double value) {
        return Double.toString(value);
    }
}
