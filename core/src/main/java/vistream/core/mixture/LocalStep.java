package vistream.core.mixture;

/**
 * The local step of variational inference for one fixed global posterior: responsibilities
 * φ_ik ∝ exp{E[log π_k] + E[log p(x_i | θ_k)]} (Blei et al. 2017, eq. 18), computed in log space
 * with log-sum-exp and fused with the accumulation of the expected sufficient statistics and the
 * entropy of φ, so that a batch is read once.
 *
 * <p>Instances are prepared by {@link ConjugateMixture#localStep(NaturalParameters)}; they hold
 * only per-component constants derived from λ and may be shared between threads.
 */
public interface LocalStep {

    /**
     * Runs the local step on observations {@code [from, to)} of a row-major array and adds their
     * expected sufficient statistics to {@code into}.
     *
     * @param data observations, {@code dimension} values each, row-major
     * @param from index of the first observation, inclusive
     * @param to   index of the last observation, exclusive
     * @param into the accumulator to add to
     * @throws IllegalArgumentException if a value is NaN or infinite (the statistics are then
     *                                  left unchanged)
     */
    void accumulate(double[] data, int from, int to, SufficientStatistics into);

    /**
     * Writes the responsibilities φ_k of one observation into {@code out}.
     *
     * @param data   observations, row-major
     * @param index  which observation
     * @param out    receives K probabilities summing to one
     * @throws IllegalArgumentException if the observation is not finite
     */
    void responsibilities(double[] data, int index, double[] out);

    /**
     * Returns the hard assignment of one observation: its most responsible component.
     *
     * @param data  observations, row-major
     * @param index which observation
     * @param k     the number of components
     * @return argmax_k φ_k (the lowest index on a tie)
     * @throws IllegalArgumentException if the observation is not finite
     */
    default int assign(double[] data, int index, int k) {
        double[] phi = new double[k];
        responsibilities(data, index, phi);
        int best = 0;
        for (int c = 1; c < k; c++) {
            if (phi[c] > phi[best]) {
                best = c;
            }
        }
        return best;
    }
}
