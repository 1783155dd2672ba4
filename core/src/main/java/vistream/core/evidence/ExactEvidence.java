package vistream.core.evidence;

import java.util.Objects;

import vistream.core.mixture.KnownVarianceGaussianMixture;
import vistream.core.numeric.Checks;
import vistream.core.numeric.LogSumAccumulator;

/**
 * The exact log evidence of the lecture's Bayesian Gaussian mixture, by enumerating all K^n
 * assignments c (MATHS.md §2):
 * <pre>
 *   p(x) = Σ_c K^{−n} Π_k p(x_{c = k}),
 * </pre>
 * where, given c, each cluster's mean integrates out in closed form (a conjugate
 * normal–normal marginal): a cluster with n_k points, sum S and sum of squares Q contributes
 * <pre>
 *   −(n_k/2) log(2πσ²) − ½ log(1 + n_k σ0²/σ²) − Q/(2σ²) + σ0² S² / (2σ² (σ² + n_k σ0²)).
 * </pre>
 * This is the ground truth every ELBO must stay below; it costs O(K^n), so it refuses problems
 * with more than {@link #DEFAULT_MAX_ASSIGNMENTS} assignments unless told otherwise.
 *
 * <p>The enumeration is depth first: placing point i in cluster k updates that cluster's sums
 * and log marginal, and the previous values are restored on the way back, so every leaf's sums
 * are exact sums along its own path and no rounding drift builds up over 10^8 leaves.
 */
public final class ExactEvidence {

    /** About ten seconds of enumeration on one core of the reference machine. */
    public static final long DEFAULT_MAX_ASSIGNMENTS = 100_000_000L;

    private static final double LOG_2PI = Math.log(2.0 * Math.PI);

    private final double[] x;
    private final int k;
    private final double priorVariance;
    private final double variance;
    private final double logNormaliser;

    private final int[] sizes;
    private final double[] sums;
    private final double[] squares;
    private final double[] logMarginals;
    private final LogSumAccumulator total = new LogSumAccumulator();

    private ExactEvidence(double[] x, int k, double priorVariance, double variance) {
        this.x = x;
        this.k = k;
        this.priorVariance = priorVariance;
        this.variance = variance;
        this.logNormaliser = LOG_2PI + Math.log(variance);
        this.sizes = new int[k];
        this.sums = new double[k];
        this.squares = new double[k];
        this.logMarginals = new double[k];
    }

    /**
     * Computes log p(x) with the default limit on assignments.
     *
     * @param data   the observations, at least one, all finite
     * @param k      number of components K, at least 1
     * @param sigma0 prior standard deviation of the means, finite and positive
     * @param sigma  known component standard deviation, finite and positive
     * @return the log evidence and K^n
     * @throws IllegalArgumentException if an argument is invalid or K^n exceeds the limit
     */
    public static LogEvidence compute(double[] data, int k, double sigma0, double sigma) {
        return compute(data, k, sigma0, sigma, DEFAULT_MAX_ASSIGNMENTS);
    }

    /**
     * Computes log p(x), refusing more than {@code maxAssignments} assignments.
     *
     * @param data           the observations, at least one, all finite
     * @param k              number of components K, at least 1
     * @param sigma0         prior standard deviation of the means, finite and positive
     * @param sigma          known component standard deviation, finite and positive
     * @param maxAssignments the largest K^n to enumerate
     * @return the log evidence and K^n
     * @throws IllegalArgumentException if an argument is invalid or K^n exceeds the limit
     */
    public static LogEvidence compute(double[] data, int k, double sigma0, double sigma, long maxAssignments) {
        Objects.requireNonNull(data, "data");
        // The model's constructor validates K, sigma0 and sigma with the same messages as a fit.
        KnownVarianceGaussianMixture model = new KnownVarianceGaussianMixture(k, sigma0, sigma);
        if (data.length == 0) {
            throw new IllegalArgumentException("no observations: the data are empty");
        }
        Checks.allInRange("observation", data); // as in a fit: squares of larger values could overflow
        long assignments = assignments(k, data.length, maxAssignments);
        ExactEvidence enumeration = new ExactEvidence(data.clone(), k, model.priorVariance(), model.variance());
        enumeration.place(0, 0.0);
        double logEvidence = enumeration.total.logSum() - data.length * Math.log(k);
        return new LogEvidence(logEvidence, assignments);
    }

    private static long assignments(int k, int n, long maxAssignments) {
        long count = 1;
        for (int i = 0; i < n; i++) {
            if (count > maxAssignments / k) {
                throw new IllegalArgumentException("exact evidence needs K^n = " + k + "^" + n
                        + " assignments, more than the limit of " + maxAssignments
                        + "; it is only tractable for tiny data sets");
            }
            count *= k;
        }
        if (count > maxAssignments) {
            throw new IllegalArgumentException("exact evidence needs K^n = " + k + "^" + n + " = " + count
                    + " assignments, more than the limit of " + maxAssignments);
        }
        return count;
    }

    /**
     * Places point {@code i} in every cluster in turn; {@code logJoint} is Σ_k log marginal of
     * the clusters as filled by points 0..i−1.
     */
    private void place(int i, double logJoint) {
        if (i == x.length) {
            total.add(logJoint);
            return;
        }
        double xi = x[i];
        for (int c = 0; c < k; c++) {
            int oldSize = sizes[c];
            double oldSum = sums[c];
            double oldSquares = squares[c];
            double oldLog = logMarginals[c];
            sizes[c] = oldSize + 1;
            sums[c] = oldSum + xi;
            squares[c] = oldSquares + xi * xi;
            logMarginals[c] = clusterLogMarginal(sizes[c], sums[c], squares[c]);
            place(i + 1, logJoint - oldLog + logMarginals[c]);
            sizes[c] = oldSize;
            sums[c] = oldSum;
            squares[c] = oldSquares;
            logMarginals[c] = oldLog;
        }
    }

    private double clusterLogMarginal(int n, double s, double q) {
        return -0.5 * n * logNormaliser
                - 0.5 * Math.log1p(n * priorVariance / variance)
                - q / (2.0 * variance)
                + priorVariance * s * s / (2.0 * variance * (variance + n * priorVariance));
    }
}
