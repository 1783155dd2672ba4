package vistream.core.mixture;

import vistream.core.numeric.Cholesky;
import vistream.core.numeric.LogSumExp;

/**
 * The fused local step of {@link GaussianWishartMixture}: per observation, K logits
 * c_k − (ν_k/2) |L_k⁻¹ (x − m_k)|² by forward substitution, log-sum-exp, and the accumulation of
 * Σφ, Σφ x', Σφ x' x'ᵀ (centred) and the entropy of φ. Scratch arrays are allocated per call,
 * never per observation.
 */
final class GaussianWishartLocalStep implements LocalStep {

    private final int k;
    private final int d;
    private final double[] centre;
    private final double[] constant;
    private final double[] halfNu;
    private final double[] shift;
    private final double[] chol;

    GaussianWishartLocalStep(int k, int d, double[] centre, double[] constant, double[] halfNu, double[] shift,
            double[] chol) {
        this.k = k;
        this.d = d;
        this.centre = centre;
        this.constant = constant;
        this.halfNu = halfNu;
        this.shift = shift;
        this.chol = chol;
    }

    @Override
    public void accumulate(double[] data, int from, int to, SufficientStatistics into) {
        double[] logits = new double[k];
        double[] counts = new double[k];
        double[] moments = new double[k * (d + d * d)];
        double[] x = new double[d];
        double[] scratch = new double[d];
        double entropy = 0.0;
        for (int i = from; i < to; i++) {
            requireFinite(data, i);
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                logits[c] = logit(c, data, i * d, scratch);
                max = Math.max(max, logits[c]);
            }
            double z = 0.0;
            for (int c = 0; c < k; c++) {
                z += Math.exp(logits[c] - max);
            }
            double logZ = Math.log(z);
            for (int a = 0; a < d; a++) {
                x[a] = data[i * d + a] - centre[a];
            }
            double weighted = 0.0;
            for (int c = 0; c < k; c++) {
                double shifted = logits[c] - max;
                double phi = Math.exp(shifted - logZ);
                if (phi == 0.0) {
                    continue;
                }
                counts[c] += phi;
                weighted += phi * shifted;
                GaussianWishartMixture.accumulate(moments, c, x, phi, d);
            }
            entropy += logZ - weighted;
        }
        into.add(counts, moments, entropy, to - from);
    }

    private double logit(int c, double[] data, int offset, double[] scratch) {
        return constant[c] - halfNu[c] * Cholesky.inverseQuadraticForm(chol, c * d * d, data, offset, shift, c * d, d, scratch);
    }

    @Override
    public void responsibilities(double[] data, int index, double[] out) {
        if (out.length != k) {
            throw new IllegalArgumentException("expected room for " + k + " responsibilities, got " + out.length);
        }
        requireFinite(data, index);
        double[] scratch = new double[d];
        for (int c = 0; c < k; c++) {
            out[c] = logit(c, data, index * d, scratch);
        }
        LogSumExp.normaliseInPlace(out);
    }

    private void requireFinite(double[] data, int i) {
        for (int a = 0; a < d; a++) {
            if (!Double.isFinite(data[i * d + a])) {
                throw new IllegalArgumentException("observation " + i + " has value " + data[i * d + a]
                        + " in dimension " + a + "; observations must be finite");
            }
        }
    }
}
