package vistream.app.cli;

/**
 * The JSON object {@code fit} prints: the contract other tools rely on.
 *
 * @param n          number of observations
 * @param k          number of components
 * @param iterations CAVI iterations run (of the best restart)
 * @param converged  whether the relative ELBO change fell below the tolerance
 * @param elbo       the ELBO after each iteration
 * @param means      posterior mean m_k of each component mean
 * @param variances  posterior variance s_k² of each component mean
 * @param weights    mean responsibility of each component over the data
 */
record FitReport(int n, int k, int iterations, boolean converged, double[] elbo, double[] means, double[] variances,
        double[] weights) {
}
