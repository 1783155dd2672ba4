package vistream.core.mixture;

import java.util.Arrays;

import vistream.core.numeric.FastExp;
import vistream.core.numeric.LogSumExp;

/**
 * log Σ_k exp{c_k − (x − m_k)² / (2 v_k)}, with v_k = σ² + s_k² and c_k the log weight and normaliser,
 * by log-sum-exp over K terms held in no array.
 */
final class KnownVariancePredictive implements PosteriorPredictive {

    private final double[] mean;
    private final double[] precision;
    private final double[] logNormaliser;

    KnownVariancePredictive(double[] mean, double[] precision, double[] logNormaliser) {
        this.mean = mean;
        this.precision = precision;
        this.logNormaliser = logNormaliser;
    }

    @Override
    public int components() {
        return mean.length;
    }

    @Override
    public double logDensity(double[] data, int index) {
        double x = data[index];
        KnownVarianceGaussianMixture.requireFinite(x, index);
        int k = mean.length;
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < k; j++) {
            max = Math.max(max, logit(j, x));
        }
        double sum = 0.0;
        for (int j = 0; j < k; j++) {
            sum += FastExp.exp(logit(j, x) - max);
        }
        return max + Math.log(sum);
    }

    @Override
    public void logDensities(double[] data, int from, int to, double[] logDensities) {
        score(data, from, to, logDensities, null);
    }

    @Override
    public void logDensities(double[] data, int from, int to, double[] logDensities, double[] shares) {
        score(data, from, to, logDensities, shares);
    }

    /**
     * Both forms of {@link #logDensities}: the same terms summed in the same order, the shares
     * written unless {@code shares} is null.
     */
    private void score(double[] data, int from, int to, double[] logDensities, double[] shares) {
        int k = mean.length;
        double cutoff = NegligibleTerms.cutoff(k);
        double[] logits = new double[k];
        double[] terms = new double[k];
        int[] kept = new int[k];
        for (int i = from; i < to; i++) {
            double x = data[i];
            KnownVarianceGaussianMixture.requireFinite(x, i);
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < k; j++) {
                double l = logit(j, x);
                logits[j] = l;
                max = Math.max(max, l);
            }
            int active = NegligibleTerms.keep(logits, k, max, cutoff, kept, terms);
            double sum = 0.0;
            for (int m = 0; m < active; m++) {
                sum += terms[m];
            }
            if (shares != null) {
                double inverse = 1.0 / sum;
                int row = i * k;
                Arrays.fill(shares, row, row + k, 0.0);
                for (int m = 0; m < active; m++) {
                    shares[row + kept[m]] = terms[m] * inverse;
                }
            }
            logDensities[i] = max + Math.log(sum);
        }
    }

    @Override
    public double logDensity(double[] data, int index, double[] shares) {
        double x = data[index];
        KnownVarianceGaussianMixture.requireFinite(x, index);
        int k = mean.length;
        if (shares.length != k) {
            throw new IllegalArgumentException("expected room for " + k + " shares, got " + shares.length);
        }
        for (int j = 0; j < k; j++) {
            shares[j] = logit(j, x);
        }
        return LogSumExp.normaliseInPlace(shares);
    }

    /** log w_j − ½ log 2πv_j − (x − m_j)² / (2 v_j): component j's term of the predictive. */
    private double logit(int j, double x) {
        double d = x - mean[j];
        return logNormaliser[j] - 0.5 * d * d * precision[j];
    }
}
