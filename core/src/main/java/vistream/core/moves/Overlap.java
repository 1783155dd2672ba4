package vistream.core.moves;

import vistream.core.mixture.ConjugateMixture;
import vistream.core.mixture.NaturalParameters;
import vistream.core.numeric.Cholesky;

/**
 * How much two components overlap: the Bhattacharyya coefficient BC = exp(−D_B) of their
 * expected Gaussians N(m_j, Σ_j) and N(m_k, Σ_k), with
 * <pre>
 *   D_B = ⅛ (m_j − m_k)ᵀ Σ̄⁻¹ (m_j − m_k) + ½ log(|Σ̄| / √(|Σ_j| |Σ_k|)),   Σ̄ = (Σ_j + Σ_k) / 2
 * </pre>
 * (Bhattacharyya 1943; Kailath 1967). BC is 1 for identical components and exp(−d²/8) for two
 * of equal covariance whose means are d standard deviations apart: 0.61 at 2, 0.32 at 3, 0.14 at
 * 4. It only chooses which pairs a merge is tried for; whether they merge is the ELBO's decision.
 */
final class Overlap {

    private Overlap() {
    }

    /**
     * Returns the K × K matrix of Bhattacharyya coefficients (1 on the diagonal).
     *
     * @param model     the model
     * @param posterior its posterior
     * @return BC[j][k]
     */
    static double[][] coefficients(ConjugateMixture model, NaturalParameters posterior) {
        int k = model.components();
        int d = model.dimension();
        double[] means = model.means(posterior);
        double[] covariances = model.componentCovariances(posterior);
        double[] logDet = new double[k];
        for (int c = 0; c < k; c++) {
            logDet[c] = Cholesky.logDeterminant(Cholesky.decompose(block(covariances, c, d), d), d);
        }
        double[][] out = new double[k][k];
        double[] average = new double[d * d];
        double[] difference = new double[d];
        double[] scratch = new double[d];
        for (int a = 0; a < k; a++) {
            out[a][a] = 1.0;
            for (int b = a + 1; b < k; b++) {
                for (int v = 0; v < d * d; v++) {
                    average[v] = 0.5 * (covariances[a * d * d + v] + covariances[b * d * d + v]);
                }
                for (int v = 0; v < d; v++) {
                    difference[v] = means[a * d + v] - means[b * d + v];
                }
                double[] l = Cholesky.decompose(average, d);
                double distance = Cholesky.inverseQuadraticForm(l, difference, 0, null, d, scratch) / 8.0
                        + 0.5 * (Cholesky.logDeterminant(l, d) - 0.5 * (logDet[a] + logDet[b]));
                out[a][b] = Math.exp(-Math.max(0.0, distance));
                out[b][a] = out[a][b];
            }
        }
        return out;
    }

    private static double[] block(double[] covariances, int c, int d) {
        double[] out = new double[d * d];
        System.arraycopy(covariances, c * d * d, out, 0, d * d);
        return out;
    }
}
