package vistream.app.cli;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

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
 * @param ids        with --moves: each component's id, given at its birth (1 to K for the first)
 * @param moves      with --moves: the moves made, in order (kind, ids, ELBO gain, the ELBO entry it produced)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record FitReport(int n, int k, int iterations, boolean converged, double[] elbo, double[] means, double[] variances,
        double[] weights, long[] ids, List<Map<String, Object>> moves) {
}
