package vistream.core.mixture;

import vistream.core.numeric.Cholesky;
import vistream.core.numeric.LogProduct;
import vistream.core.numeric.LogSumExp;

/**
 * The fused local step of {@link GaussianWishartMixture}: per observation, K logits
 * c_k − (ν_k/2) |L_k⁻¹ (x − m_k)|² by forward substitution (Bishop eq. 10.46 with 10.64–10.66),
 * the shifted exponentials that can count ({@link NegligibleTerms}), and the accumulation of
 * Σφ, Σφ x', Σφ x' x'ᵀ (centred) and the entropy of φ. Scratch arrays are allocated per call,
 * never per observation.
 *
 * <p>One dimension, the scikit-learn comparison's case, has its own loop: there the quadratic
 * form is a single scaled difference, and the general loop's bookkeeping would cost more than it.
 */
final class GaussianWishartLocalStep implements LocalStep {

    private final int k;
    private final int d;
    private final double[] centre;
    private final double[] constant;
    private final double[] halfNu;
    private final double[] shift;
    private final double[] chol;
    /** 1 / L_k,ii, so that the forward substitution multiplies. */
    private final double[] inverseDiagonal;
    /** D = 1: √(ν_k/2) / L_k, so that the logit is c_k − ((x − m_k) · scale_k)². */
    private final double[] scale;
    private final double cutoff;

    GaussianWishartLocalStep(int k, int d, double[] centre, double[] constant, double[] halfNu, double[] shift,
            double[] chol) {
        this.k = k;
        this.d = d;
        this.centre = centre;
        this.constant = constant;
        this.halfNu = halfNu;
        this.shift = shift;
        this.chol = chol;
        this.inverseDiagonal = new double[k * d];
        this.scale = new double[k];
        for (int c = 0; c < k; c++) {
            for (int i = 0; i < d; i++) {
                inverseDiagonal[c * d + i] = 1.0 / chol[c * d * d + i * d + i];
            }
            scale[c] = Math.sqrt(halfNu[c]) * inverseDiagonal[c * d];
        }
        this.cutoff = NegligibleTerms.cutoff(k);
    }

    @Override
    public void accumulate(double[] data, int from, int to, SufficientStatistics into) {
        if (d == 1) {
            accumulateUnivariate(data, from, to, into);
        } else {
            accumulateMultivariate(data, from, to, into);
        }
    }

    private void accumulateUnivariate(double[] data, int from, int to, SufficientStatistics into) {
        double[] logits = new double[k];
        double[] terms = new double[k];
        int[] kept = new int[k];
        double[] counts = new double[k];
        double[] moments = new double[2 * k];
        double origin = centre[0];
        LogProduct normalisers = new LogProduct(); // Σ_i log Z_i by one logarithm
        double weightedLogits = 0.0;
        for (int i = from; i < to; i++) {
            double x = data[i];
            requireFinite(data, i);
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                double t = (x - shift[c]) * scale[c];
                double l = constant[c] - t * t;
                logits[c] = l;
                max = Math.max(max, l);
            }
            int active = NegligibleTerms.keep(logits, k, max, cutoff, kept, terms);
            double z = 0.0;
            for (int m = 0; m < active; m++) {
                z += terms[m];
            }
            double inverseZ = 1.0 / z;
            double xc = x - origin;
            double xc2 = xc * xc;
            double weighted = 0.0;
            for (int m = 0; m < active; m++) {
                int c = kept[m];
                double phi = terms[m] * inverseZ;
                counts[c] += phi;
                moments[2 * c] += phi * xc;
                moments[2 * c + 1] += phi * xc2;
                weighted += phi * logits[c];
            }
            normalisers.multiply(z);
            weightedLogits += weighted;
        }
        into.add(counts, moments, normalisers.log() - weightedLogits, to - from);
    }

    private void accumulateMultivariate(double[] data, int from, int to, SufficientStatistics into) {
        double[] logits = new double[k];
        double[] terms = new double[k];
        int[] kept = new int[k];
        double[] counts = new double[k];
        int stride = d + d * d;
        double[] moments = new double[k * stride];
        double[] x = new double[d];
        double[] scratch = new double[d];
        LogProduct normalisers = new LogProduct(); // Σ_i log Z_i by one logarithm
        double weightedLogits = 0.0;
        for (int i = from; i < to; i++) {
            requireFinite(data, i);
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                double l = logit(c, data, i * d, scratch);
                logits[c] = l;
                max = Math.max(max, l);
            }
            int active = NegligibleTerms.keep(logits, k, max, cutoff, kept, terms);
            double z = 0.0;
            for (int m = 0; m < active; m++) {
                z += terms[m];
            }
            double inverseZ = 1.0 / z;
            for (int a = 0; a < d; a++) {
                x[a] = data[i * d + a] - centre[a];
            }
            double weighted = 0.0;
            for (int m = 0; m < active; m++) {
                int c = kept[m];
                double phi = terms[m] * inverseZ;
                counts[c] += phi;
                weighted += phi * logits[c];
                // The lower triangle only; the scatter is symmetric and mirrored once below.
                int o = c * stride;
                for (int a = 0; a < d; a++) {
                    double px = phi * x[a];
                    moments[o + a] += px;
                    int row = o + d + a * d;
                    for (int b = 0; b <= a; b++) {
                        moments[row + b] += px * x[b];
                    }
                }
            }
            normalisers.multiply(z);
            weightedLogits += weighted;
        }
        for (int c = 0; c < k; c++) {
            int o = c * stride + d;
            for (int a = 0; a < d; a++) {
                for (int b = 0; b < a; b++) {
                    moments[o + b * d + a] = moments[o + a * d + b];
                }
            }
        }
        into.add(counts, moments, normalisers.log() - weightedLogits, to - from);
    }

    /** c_k − (ν_k/2) |L_k⁻¹ (x − m_k)|², by forward substitution with the stored reciprocals. */
    private double logit(int c, double[] data, int offset, double[] scratch) {
        int l = c * d * d;
        int m = c * d;
        double sum = 0.0;
        for (int i = 0; i < d; i++) {
            double v = data[offset + i] - shift[m + i];
            int row = l + i * d;
            for (int j = 0; j < i; j++) {
                v -= chol[row + j] * scratch[j];
            }
            v *= inverseDiagonal[m + i];
            scratch[i] = v;
            sum += v * v;
        }
        return constant[c] - halfNu[c] * sum;
    }

    @Override
    public void responsibilities(double[] data, int index, double[] out) {
        if (out.length != k) {
            throw new IllegalArgumentException("expected room for " + k + " responsibilities, got " + out.length);
        }
        requireFinite(data, index);
        double[] scratch = new double[d];
        for (int c = 0; c < k; c++) {
            out[c] = constant[c] - halfNu[c]
                    * Cholesky.inverseQuadraticForm(chol, c * d * d, data, index * d, shift, c * d, d, scratch);
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
