package vistream.core.mixture;

import java.util.Arrays;

import vistream.core.numeric.Checks;

/**
 * The natural parameters λ of a mixture's global variational factors, flattened into one
 * vector whose layout the model defines.
 *
 * <p>Because every algorithm updates λ by the same vector operations (Hoffman et al. 2013,
 * eq. 25: λ ← (1 − ρ) λ + ρ λ̂; Broderick et al. 2013: λ ← λ + Δλ), the algorithms never need
 * to know which model they run.
 *
 * <p>Immutable: the array is copied on the way in and on the way out.
 *
 * @param values the natural parameters; every value finite
 */
public record NaturalParameters(double[] values) {

    /**
     * Copies and validates the values.
     *
     * @throws IllegalArgumentException if a value is NaN or infinite
     */
    public NaturalParameters {
        values = Checks.allFinite("natural parameter", values.clone());
    }

    /**
     * Returns a copy of the values.
     *
     * @return the natural parameters
     */
    @Override
    public double[] values() {
        return values.clone();
    }

    /**
     * Returns one value.
     *
     * @param index position in the model's layout
     * @return the value at {@code index}
     */
    public double get(int index) {
        return values[index];
    }

    /**
     * Returns the number of values.
     *
     * @return the length of the vector
     */
    public int size() {
        return values.length;
    }

    /**
     * Returns {@code this + scale × delta}.
     *
     * @param delta a vector of the same layout
     * @param scale the factor applied to {@code delta}
     * @return the sum
     * @throws IllegalArgumentException if the sizes differ
     */
    public NaturalParameters plus(NaturalParameters delta, double scale) {
        requireSameSize(delta);
        double[] out = new double[values.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = values[i] + scale * delta.values[i];
        }
        return new NaturalParameters(out);
    }

    /**
     * Returns the step {@code (1 − rho) × this + rho × target} of stochastic variational
     * inference (Hoffman et al. 2013, eq. 25).
     *
     * @param target the intermediate estimate λ̂
     * @param rho    the step size, in [0, 1]
     * @return the interpolated parameters
     * @throws IllegalArgumentException if the sizes differ or {@code rho} is outside [0, 1]
     */
    public NaturalParameters towards(NaturalParameters target, double rho) {
        requireSameSize(target);
        if (!(rho >= 0.0 && rho <= 1.0)) {
            throw new IllegalArgumentException("step size must be in [0, 1], got " + rho);
        }
        double[] out = new double[values.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (1.0 - rho) * values[i] + rho * target.values[i];
        }
        return new NaturalParameters(out);
    }

    private void requireSameSize(NaturalParameters other) {
        if (other.values.length != values.length) {
            throw new IllegalArgumentException(
                    "natural parameters of different sizes: " + values.length + " and " + other.values.length);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NaturalParameters other && Arrays.equals(values, other.values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "NaturalParameters" + Arrays.toString(values);
    }
}
