package vistream.core.mixture;

import vistream.core.numeric.Cholesky;
import vistream.core.numeric.LogSumExp;

/**
 * A mixture of multivariate Student-t densities, the posterior predictive of a Gaussian–Wishart
 * mixture: log Σ_k exp{c_k − ((ν_k + D)/2) log(1 + q_k(x) / (ν_k s_k))}, with
 * q_k(x) = (x − m_k)ᵀ (W_k⁻¹)⁻¹ (x − m_k) through the Cholesky factor of W_k⁻¹.
 */
final class StudentTMixture implements PosteriorPredictive {

    private final int k;
    private final int d;
    private final double[] logWeightAndNorm;
    private final double[] dof;
    private final double[] scale;
    private final double[] shift;
    private final double[] chol;

    StudentTMixture(int k, int d, double[] logWeightAndNorm, double[] dof, double[] scale, double[] shift, double[] chol) {
        this.k = k;
        this.d = d;
        this.logWeightAndNorm = logWeightAndNorm;
        this.dof = dof;
        this.scale = scale;
        this.shift = shift;
        this.chol = chol;
    }

    @Override
    public int components() {
        return k;
    }

    @Override
    public double logDensity(double[] data, int index) {
        return logDensity(data, index, new double[k]);
    }

    @Override
    public double logDensity(double[] data, int index, double[] shares) {
        if (shares.length != k) {
            throw new IllegalArgumentException("expected room for " + k + " shares, got " + shares.length);
        }
        return logDensity(data, index, shares, 0, new double[d]);
    }

    @Override
    public void logDensities(double[] data, int from, int to, double[] logDensities) {
        // One row of shares and one scratch for the whole range: the stream scores every
        // observation this way, and allocates nothing per observation.
        double[] row = new double[k];
        double[] scratch = new double[d];
        for (int i = from; i < to; i++) {
            logDensities[i] = logDensity(data, i, row, 0, scratch);
        }
    }

    @Override
    public void logDensities(double[] data, int from, int to, double[] logDensities, double[] shares) {
        double[] scratch = new double[d];
        for (int i = from; i < to; i++) {
            logDensities[i] = logDensity(data, i, shares, i * k, scratch);
        }
    }

    /** The log density of observation {@code index}, its shares written from {@code at}. */
    private double logDensity(double[] data, int index, double[] shares, int at, double[] scratch) {
        for (int a = 0; a < d; a++) {
            if (!Double.isFinite(data[index * d + a])) {
                throw new IllegalArgumentException("observation " + index + " has value " + data[index * d + a]
                        + "; observations must be finite");
            }
        }
        for (int c = 0; c < k; c++) {
            double q = Cholesky.inverseQuadraticForm(chol, c * d * d, data, index * d, shift, c * d, d, scratch);
            shares[at + c] = logWeightAndNorm[c] - 0.5 * (dof[c] + d) * Math.log1p(q / (dof[c] * scale[c]));
        }
        return LogSumExp.normaliseInPlace(shares, at, at + k);
    }
}
