package vistream.core.numeric;

/**
 * Argument checks that name the offending parameter and value, so that a user who passes
 * absurd settings reads what is wrong instead of a NaN later.
 *
 * <p>Every method throws {@link IllegalArgumentException}; none accepts NaN.
 */
public final class Checks {

    /**
     * The largest magnitude of an observation, and of a scale setting (σ, σ0, a prior mean, β0, ν0,
     * α0), whose smallest is its inverse. A square over a squared scale is then at most 1e200, times
     * a pseudo-count at most 1e250, and a sum of that over 1e12 observations at most 1e262: finite,
     * with 46 orders of magnitude to spare for the number of components, the dimension and the
     * constants of the ELBO (a double reaches 1.8e308).
     */
    public static final double MAX_MAGNITUDE = 1e50;

    /** {@link #MAX_MAGNITUDE} as messages write it. */
    public static final String MAX_MAGNITUDE_TEXT = "1e50";

    /** The smallest scale setting, 1 / {@link #MAX_MAGNITUDE}. */
    public static final double MIN_SCALE = 1e-50;

    /** The smallest variance setting, {@link #MIN_SCALE} squared. */
    public static final double MIN_VARIANCE = 1e-100;

    /** The largest variance setting, {@link #MAX_MAGNITUDE} squared. */
    public static final double MAX_VARIANCE = 1e100;

    private Checks() {
    }

    /**
     * Tells whether a value may be an observation: finite and at most {@link #MAX_MAGNITUDE} in
     * magnitude.
     *
     * @param value the value
     * @return true if it is in range
     */
    public static boolean inRange(double value) {
        return Math.abs(value) <= MAX_MAGNITUDE;
    }

    /**
     * Requires a scale setting (a standard deviation, a pseudo-count, a concentration) between
     * {@link #MIN_SCALE} and {@link #MAX_MAGNITUDE}, so that neither its square nor its inverse
     * can overflow what it is combined with.
     *
     * @param name  the parameter's name, used in the message
     * @param value the value to check
     * @return {@code value}
     * @throws IllegalArgumentException if {@code value} is NaN or out of that range
     */
    public static double scale(String name, double value) {
        if (!(value >= MIN_SCALE && value <= MAX_MAGNITUDE)) {
            throw new IllegalArgumentException(name + " must be between 1e-50 and " + MAX_MAGNITUDE_TEXT + ", got "
                    + value);
        }
        return value;
    }

    /**
     * Requires every element of an array to be finite and at most {@link #MAX_MAGNITUDE} in magnitude.
     *
     * @param name   what the array holds, used in the message
     * @param values the values to check
     * @return {@code values}
     * @throws IllegalArgumentException naming the first index whose value is NaN, infinite or out of range
     */
    public static double[] allInRange(String name, double[] values) {
        allFinite(name, values);
        for (int i = 0; i < values.length; i++) {
            if (!inRange(values[i])) {
                throw new IllegalArgumentException(name + "[" + i + "] is " + values[i]
                        + "; every value must be within ±" + MAX_MAGNITUDE_TEXT);
            }
        }
        return values;
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
