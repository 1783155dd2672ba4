package vistream.core.mixture;

import vistream.core.numeric.LogSumExp;

/**
 * The fused local step of {@link KnownVarianceGaussianMixture}: per observation, K logits
 * ℓ_k = a_k x + b_k, their maximum, the shifted exponentials, the normaliser, and the
 * accumulation of Σφ, Σφx, Σφx² and the entropy H(φ_i) = log Z − Σ_k φ_k (ℓ_k − M).
 */
final class KnownVarianceLocalStep implements LocalStep {

    private final double[] slope;
    private final double[] offset;

    KnownVarianceLocalStep(double[] slope, double[] offset) {
        this.slope = slope;
        this.offset = offset;
    }

    @Override
    public void accumulate(double[] data, int from, int to, SufficientStatistics into) {
        final int k = slope.length;
        final double[] a = slope;
        final double[] b = offset;
        final double[] logits = new double[k];
        final double[] counts = new double[k];
        final double[] moments = new double[2 * k];
        double entropy = 0.0;
        for (int i = from; i < to; i++) {
            final double x = data[i];
            KnownVarianceGaussianMixture.requireFinite(x, i);
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < k; j++) {
                double l = a[j] * x + b[j];
                logits[j] = l;
                if (l > max) {
                    max = l;
                }
            }
            double z = 0.0;
            for (int j = 0; j < k; j++) {
                double e = Math.exp(logits[j] - max);
                logits[j] = e;
                z += e;
            }
            final double inverseZ = 1.0 / z;
            final double x2 = x * x;
            double weightedLogit = 0.0;
            for (int j = 0; j < k; j++) {
                double phi = logits[j] * inverseZ;
                counts[j] += phi;
                moments[2 * j] += phi * x;
                moments[2 * j + 1] += phi * x2;
                // ℓ_j − M recomputed rather than stored: it keeps one scratch array.
                weightedLogit += phi * (a[j] * x + b[j] - max);
            }
            entropy += Math.log(z) - weightedLogit;
        }
        into.add(counts, moments, entropy, to - from);
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
