package vistream.core.numeric;

/**
 * log Σ exp(a_i) without overflow or underflow, by shifting with the maximum:
 * log Σ exp(a_i) = M + log Σ exp(a_i − M), M = max a_i.
 *
 * <p>The exponentials are {@link FastExp}'s. Terms equal to −∞ contribute nothing; if every term is −∞ the result is −∞.
 * NaN in the input gives NaN, which callers in this library never pass (they validate first).
 */
public final class LogSumExp {

    private static final double LN2 = Math.log(2.0);

    private LogSumExp() {
    }

    /**
     * Returns log Σ_{i ∈ [from, to)} exp(a[i]).
     *
     * @param a    the terms, in log space
     * @param from first index, inclusive
     * @param to   last index, exclusive; must be greater than {@code from}
     * @return the log of the sum of exponentials
     */
    public static double of(double[] a, int from, int to) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = from; i < to; i++) {
            max = Math.max(max, a[i]); // no branch: which term is largest is unpredictable
        }
        if (max == Double.NEGATIVE_INFINITY) {
            return max;
        }
        double sum = 0.0;
        for (int i = from; i < to; i++) {
            sum += FastExp.exp(a[i] - max);
        }
        return max + Math.log(sum);
    }

    /**
     * Returns log Σ exp(a[i]) over the whole array.
     *
     * @param a the terms, in log space; not empty
     * @return the log of the sum of exponentials
     */
    public static double of(double[] a) {
        return of(a, 0, a.length);
    }

    /**
     * Turns log weights into probabilities in place, exp(a_i − M) / Σ_j exp(a_j − M), and returns
     * log Σ_i exp(a_i): the normalisation of responsibilities and predictive shares.
     *
     * @param a the log weights; overwritten with probabilities summing to one
     * @return log Σ exp(a_i) of the input
     */
    public static double normaliseInPlace(double[] a) {
        return normaliseInPlace(a, 0, a.length);
    }

    /**
     * {@link #normaliseInPlace(double[])} for the terms {@code a[from..to)} of a larger array.
     *
     * @param a    the log weights; the range is overwritten with probabilities summing to one
     * @param from first index, inclusive
     * @param to   last index, exclusive; greater than {@code from}
     * @return log Σ exp(a_i) of the range
     */
    public static double normaliseInPlace(double[] a, int from, int to) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = from; i < to; i++) {
            max = Math.max(max, a[i]);
        }
        // Terms below 2^-54 / n of the largest cannot reach the sum's last bit together; they are
        // left out, so their probability is exactly 0 instead of below 2^-54 / n. The bound
        // 2^-(55 + ⌊log2 n⌋) ≤ 2^-54 / n needs no logarithm.
        double cutoff = -(55 + Math.getExponent((double) (to - from))) * LN2;
        double sum = 0.0;
        for (int i = from; i < to; i++) {
            double s = a[i] - max;
            double e = s < cutoff ? 0.0 : FastExp.exp(s);
            a[i] = e;
            sum += e;
        }
        double inverse = 1.0 / sum;
        for (int i = from; i < to; i++) {
            a[i] *= inverse;
        }
        return max + Math.log(sum);
    }
}
