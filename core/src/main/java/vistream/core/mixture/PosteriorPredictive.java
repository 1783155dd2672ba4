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
}
