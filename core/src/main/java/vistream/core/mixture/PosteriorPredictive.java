package vistream.core.mixture;

/**
 * The variational posterior predictive p(x* | x) ≈ ∫ p(x* | θ) q(θ) dθ for one fixed posterior,
 * prepared once so that scoring an observation allocates nothing: the prequential fit measure
 * and the per-observation anomaly score of a stream.
 *
 * <p>Prepared by {@link ConjugateMixture#posteriorPredictive(NaturalParameters)}; immutable and
 * thread safe.
 */
public interface PosteriorPredictive {

    /**
     * Returns log p(x* | x) for one observation.
     *
     * @param data  observations, row-major
     * @param index which observation
     * @return the log predictive density
     * @throws IllegalArgumentException if the observation is not finite
     */
    double logDensity(double[] data, int index);

    /**
     * Returns log p(x* | x) and writes each component's share of it, p(c = k | x*, x): which
     * cluster's region the observation fell in.
     *
     * @param data   observations, row-major
     * @param index  which observation
     * @param shares receives K probabilities summing to one
     * @return the log predictive density
     * @throws IllegalArgumentException if the observation is not finite
     */
    double logDensity(double[] data, int index, double[] shares);

    /**
     * Returns the number of components K, the length of a share vector.
     *
     * @return K
     */
    int components();

    /**
     * Scores observations {@code [from, to)} in one call, writing only log p(x_i* | x) to
     * {@code logDensities[i]}: what a stream needs of every observation. Each value is, bit for
     * bit, the one {@link #logDensities(double[], int, int, double[], double[])} writes, so the
     * shares can be had later, for the few observations that need them, by scoring those again.
     *
     * @param data         observations, row-major
     * @param from         the first observation, inclusive
     * @param to           the last observation, exclusive
     * @param logDensities receives the log densities; at least {@code to} long
     * @throws IllegalArgumentException if an observation is not finite
     */
    default void logDensities(double[] data, int from, int to, double[] logDensities) {
        double[] one = new double[components()];
        for (int i = from; i < to; i++) {
            logDensities[i] = logDensity(data, i, one);
        }
    }

    /**
     * Scores observations {@code [from, to)} in one call, writing log p(x_i* | x) to
     * {@code logDensities[i]} and the shares to {@code shares[i·K .. i·K + K)}, i the observation's
     * own index; working space is allocated per call rather than per observation.
     *
     * @param data         observations, row-major
     * @param from         the first observation, inclusive
     * @param to           the last observation, exclusive
     * @param logDensities receives the log densities; at least {@code to} long
     * @param shares       receives the shares; at least {@code to · K} long
     * @throws IllegalArgumentException if an observation is not finite
     */
    default void logDensities(double[] data, int from, int to, double[] logDensities, double[] shares) {
        int k = components();
        double[] one = new double[k];
        for (int i = from; i < to; i++) {
            logDensities[i] = logDensity(data, i, one);
            System.arraycopy(one, 0, shares, i * k, k);
        }
    }
}
