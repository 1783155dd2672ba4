package vistream.core.mixture;

import vistream.core.numeric.FastExp;

/**
 * The exponentials of the local step, without those that cannot count. With logits shifted by
 * their maximum M the normaliser is Z = Σ_k exp(ℓ_k − M) ≥ 1; if every skipped term has
 * ℓ_k − M below log(2⁻⁵⁴ / K), all of them together are below 2⁻⁵⁴ ≤ half an ulp of Z, so Z, and
 * with it every responsibility that is kept, is what the full sum gives up to its own rounding. A
 * skipped responsibility is below 2⁻⁵⁴ / K and its entropy term below 40 times that.
 *
 * <p>For separated clusters most components are skipped for most observations, which halves
 * the local step's time in one dimension and more in several.
 */
final class NegligibleTerms {

    private NegligibleTerms() {
    }

    /**
     * Returns the shifted logit below which exp(ℓ − M) is skipped for K components.
     *
     * @param components K
     * @return log(2⁻⁵⁴ / K), −37.4 for K = 1 and −39.7 for K = 10
     */
    static double cutoff(int components) {
        return -54 * Math.log(2) - Math.log(components);
    }

    /**
     * Shifts {@code logits[0..k)} by their maximum in place, lists the components whose term is
     * kept in {@code kept} and their exponentials exp(ℓ − M) in {@code terms}, in the same order.
     * Callers find the maximum with {@code Math.max}, which compiles without a branch: which
     * logit is largest is unpredictable.
     *
     * @param max the largest logit, M
     * @return how many were kept, at least 1 (the maximum's own term is 1)
     */
    static int keep(double[] logits, int k, double max, double cutoff, int[] kept, double[] terms) {
        int active = 0;
        for (int j = 0; j < k; j++) {
            double s = logits[j] - max;
            logits[j] = s;
            kept[active] = j;
            active += s >= cutoff ? 1 : 0; // compaction without a branch, for the same reason
        }
        for (int m = 0; m < active; m++) {
            terms[m] = FastExp.exp(logits[kept[m]]);
        }
        return active;
    }
}
