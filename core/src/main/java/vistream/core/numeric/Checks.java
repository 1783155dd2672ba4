package vistream.core.numeric;

/**
 * Argument checks that name the offending parameter and value, so that a user who passes
 * absurd settings reads what is wrong instead of a NaN later.
 *
 * <p>Every method throws {@link IllegalArgumentException}; none accepts NaN.
 */
public final class Checks {

    private Checks() {
    }

    /**
     * Requires a finite value strictly above zero.
     *
     * @param name  the parameter's name, used in the message
     * @param value the value to check
     * @return {@code value}
     * @throws IllegalArgumentException if {@code value} is NaN, infinite, zero or negative
     */
    public static double positiveFinite(String name, double value) {
        if (!(value > 0.0) || value == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException(name + " must be a finite number greater than 0, got " + value);
        }
        return value;
    }

    /**
     * Requires a finite value at or above zero.
     *
     * @param name  the parameter's name, used in the message
     * @param value the value to check
     * @return {@code value}
     * @throws IllegalArgumentException if {@code value} is NaN, infinite or negative
     */
    public static double nonNegativeFinite(String name, double value) {
        if (!(value >= 0.0) || value == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException(name + " must be a finite number at least 0, got " + value);
        }
        return value;
    }

    /**
     * Requires an integer at or above a minimum.
     *
     * @param name    the parameter's name, used in the message
     * @param value   the value to check
     * @param minimum the smallest allowed value
     * @return {@code value}
     * @throws IllegalArgumentException if {@code value < minimum}
     */
    public static int atLeast(String name, int value, int minimum) {
        if (value < minimum) {
            throw new IllegalArgumentException(name + " must be at least " + minimum + ", got " + value);
        }
        return value;
    }

    /**
     * Requires every element of an array to be finite.
     *
     * @param name   what the array holds, used in the message
     * @param values the values to check
     * @return {@code values}
     * @throws IllegalArgumentException naming the first index whose value is NaN or infinite
     */
    public static double[] allFinite(String name, double[] values) {
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException(name + "[" + i + "] is " + values[i] + "; every value must be finite");
            }
        }
        return values;
    }
}
