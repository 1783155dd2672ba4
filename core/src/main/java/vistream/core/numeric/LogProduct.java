package vistream.core.numeric;

/**
 * Accumulates Σ log z_i over many factors z_i ≥ 1 with a single logarithm: the product Π z_i is
 * kept as a mantissa and a binary exponent, and the exponent is moved out whenever the mantissa
 * passes 2⁵¹² (an exact scaling by a power of two).
 *
 * <p>The local steps use it for the normalisers Z_i = Σ_k exp(ℓ_ik − M_i) ∈ [1, K] of the
 * entropy term Σ_i log Z_i, where one {@code Math.log} per observation cost 8 to 13 % of an
 * iteration. Accuracy: the rounding error of every multiplication is found exactly by
 * {@code Math.fma} and carried beside the mantissa, so the product is kept to about 2⁻¹⁰⁰
 * relative, and the result is Σ log z_i to the rounding of the final logarithm: more exact than
 * the n roundings of n logarithms and n additions it replaces. {@code LogProductTest} checks it
 * against exact sums of logarithms.
 *
 * <p>Not thread safe.
 */
public final class LogProduct {

    private static final double RENORMALISE = 0x1p512;
    // ln 2 split so that exponent · LN2_HIGH is exact for |exponent| < 2^20 (fdlibm's split).
    private static final double LN2_HIGH = 6.93147180369123816490e-01;
    private static final double LN2_LOW = 1.90821492927058770002e-10;

    private double mantissa = 1.0;
    /** The rounding errors of the products, exactly as fma finds them, carried at the mantissa's scale. */
    private double error;
    private long exponent;

    /**
     * Multiplies a factor into the product.
     *
     * @param z a finite factor, at least 1
     */
    public void multiply(double z) {
        double m = mantissa * z;
        double r = error * z + Math.fma(mantissa, z, -m);
        if (m >= RENORMALISE) {
            int e = Math.getExponent(m);
            m = Math.scalb(m, -e);
            r = Math.scalb(r, -e);
            exponent += e;
        }
        mantissa = m;
        error = r;
    }

    /**
     * Returns log Π z_i = Σ log z_i over the factors multiplied in (0 for none).
     *
     * @return the sum of their logarithms
     */
    public double log() {
        return log(mantissa, error, exponent);
    }

    /**
     * Returns log((mantissa + error) · 2<sup>exponent</sup>): the logarithm of a product kept as
     * this class keeps it, for callers that carry several such products side by side (the
     * vector local step keeps one per SIMD lane).
     *
     * @param mantissa the product's mantissa, positive and finite
     * @param error    its rounding errors, small against the mantissa
     * @param exponent the binary exponent moved out of it
     * @return the logarithm
     */
    public static double log(double mantissa, double error, long exponent) {
        // log(m + r) = log m + r/m to first order; |r/m| is about n·2⁻⁵³ at most.
        return exponent * LN2_HIGH + (Math.log(mantissa) + (error / mantissa + exponent * LN2_LOW));
    }
}
