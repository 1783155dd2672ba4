package vistream.core.mixture;

import vistream.core.numeric.LogProduct;

import vistream.core.numeric.LogSumExp;

/**
 * The fused local step of {@link KnownVarianceGaussianMixture}: per observation, K logits
 * ℓ_k = a_k x + b_k, their maximum M, the shifted exponentials (those that cannot reach the
 * normaliser's last bit skipped, see {@link NegligibleTerms}), the normaliser Z, and the
 * accumulation of Σφ, Σφx, Σφx² and the entropy H(φ_i) = log Z − Σ_k φ_k (ℓ_k − M).
 */
final class KnownVarianceLocalStep implements LocalStep {

    private final double[] slope;
    private final double[] offset;
    private final double cutoff;

    KnownVarianceLocalStep(double[] slope, double[] offset) {
        this.slope = slope;
        this.offset = offset;
        this.cutoff = NegligibleTerms.cutoff(slope.length);
    }

    @Override
    public void accumulate(double[] data, int from, int to, SufficientStatistics into) {
        final int k = slope.length;
        final double[] a = slope;
        final double[] b = offset;
        final double[] shifted = new double[k];
        final double[] weights = new double[k];
        final int[] kept = new int[k];
        final double[] counts = new double[k];
        final double[] moments = new double[2 * k];
        // Σ_i log Z_i by one logarithm of their product; the weighted logits summed apart.
        LogProduct normalisers = new LogProduct();
        double weightedLogits = 0.0;
        for (int i = from; i < to; i++) {
            final double x = data[i];
            KnownVarianceGaussianMixture.requireFinite(x, i);
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < k; j++) {
                double l = a[j] * x + b[j];
                shifted[j] = l;
                max = Math.max(max, l);
            }
            int active = NegligibleTerms.keep(shifted, k, max, cutoff, kept, weights);
            double z = 0.0;
            for (int m = 0; m < active; m++) {
                z += weights[m];
            }
            final double inverseZ = 1.0 / z;
            final double x2 = x * x;
            double weightedLogit = 0.0;
            for (int m = 0; m < active; m++) {
                int j = kept[m];
                double phi = weights[m] * inverseZ;
                counts[j] += phi;
                moments[2 * j] += phi * x;
                moments[2 * j + 1] += phi * x2;
                weightedLogit += phi * shifted[j];
            }
            normalisers.multiply(z);
            weightedLogits += weightedLogit;
        }
        into.add(counts, moments, normalisers.log() - weightedLogits, to - from);
    }

    @Override
    public void responsibilities(double[] data, int index, double[] out) {
        if (out.length != slope.length) {
            throw new IllegalArgumentException("expected room for " + slope.length + " responsibilities, got " + out.length);
        }
        double x = data[index];
        KnownVarianceGaussianMixture.requireFinite(x, index);
        for (int j = 0; j < slope.length; j++) {
            out[j] = slope[j] * x + offset[j];
        }
        LogSumExp.normaliseInPlace(out);
    }
}
