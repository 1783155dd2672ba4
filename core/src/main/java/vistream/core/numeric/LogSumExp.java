package vistream.core.numeric;

/**
 * log Σ exp(a_i) without overflow or underflow, by shifting with the maximum:
 * log Σ exp(a_i) = M + log Σ exp(a_i − M), M = max a_i.
 *
 * <p>Terms equal to −∞ contribute nothing; if every term is −∞ the result is −∞.
 * NaN in the input gives NaN, which callers in this library never pass (they validate first).
 */
public final class LogSumExp {

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
            if (a[i] > max) {
                max = a[i];
            }
        }
        if (max == Double.NEGATIVE_INFINITY) {
            return max;
        }
        double sum = 0.0;
        for (int i = from; i < to; i++) {
            sum += Math.exp(a[i] - max);
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
        double max = Double.NEGATIVE_INFINITY;
        for (double v : a) {
            max = Math.max(max, v);
        }
        double sum = 0.0;
        for (int i = 0; i < a.length; i++) {
            a[i] = Math.exp(a[i] - max);
            sum += a[i];
        }
        for (int i = 0; i < a.length; i++) {
            a[i] /= sum;
        }
        return max + Math.log(sum);
    }
}
