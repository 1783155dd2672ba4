package vistream.core.mixture;

import java.util.Arrays;

import vistream.core.numeric.Checks;
import vistream.core.numeric.Cholesky;

/**
 * The prior of a {@link GaussianWishartMixture}: Dirichlet(α0) on the weights and a
 * Gaussian–Wishart on each component's mean and precision, μ_k | Λ_k ~ N(m0, (β0 Λ_k)⁻¹),
 * Λ_k ~ Wishart(W0, ν0). The scale is given as its inverse W0⁻¹ (scikit-learn's
 * {@code covariance_prior}), so that E[Λ]⁻¹ = W0⁻¹ / ν0 reads as a covariance.
 *
 * <p>Every setting lies within the bounds of {@link Checks#MAX_MAGNITUDE}, so that no square,
 * inverse or sum over a long stream overflows: α0, β0 and ν0 between 1e-50 and 1e50, m0 within
 * ±1e50, and W0⁻¹ with variances at most 1e100 and each dimension's variance given the ones
 * before it at least 1e-100.
 *
 * @param alpha0            Dirichlet concentration per component, positive
 * @param mean0             m0, D values
 * @param beta0             β0, positive: how many observations the prior mean is worth
 * @param inverseScale0     W0⁻¹, D × D, symmetric positive definite, row-major
 * @param degreesOfFreedom0 ν0, above D − 1
 */
public record GaussianWishartPrior(double alpha0, double[] mean0, double beta0, double[] inverseScale0,
        double degreesOfFreedom0) {

    /**
     * Copies and validates.
     *
     * @throws IllegalArgumentException naming the parameter that is out of range
     */
    public GaussianWishartPrior {
        // Every setting within the scales of Checks.MAX_MAGNITUDE, so that no square, inverse or sum
        // over a long stream can overflow.
        Checks.scale("weight concentration alpha0", Checks.positiveFinite("weight concentration alpha0", alpha0));
        mean0 = Checks.allInRange("prior mean", mean0.clone());
        Checks.scale("mean precision beta0", Checks.positiveFinite("mean precision beta0", beta0));
        int d = mean0.length;
        if (d < 1 || inverseScale0.length != d * d) {
            throw new IllegalArgumentException("the prior covariance must be " + d + " × " + d + ", got "
                    + inverseScale0.length + " values");
        }
        inverseScale0 = Checks.allFinite("prior covariance", inverseScale0.clone());
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < i; j++) {
                if (inverseScale0[i * d + j] != inverseScale0[j * d + i]) {
                    throw new IllegalArgumentException("the prior covariance is not symmetric at (" + i + ", " + j + ")");
                }
            }
        }
        double[] l;
        try {
            l = Cholesky.decompose(inverseScale0, d);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the prior covariance is not positive definite", e);
        }
        for (int i = 0; i < d; i++) {
            if (inverseScale0[i * d + i] > Checks.MAX_VARIANCE) {
                throw new IllegalArgumentException("the prior covariance's variance " + (i + 1) + " is "
                        + inverseScale0[i * d + i] + "; variances must be at most 1e100");
            }
            double conditional = l[i * d + i] * l[i * d + i];
            if (conditional < Checks.MIN_VARIANCE) {
                throw new IllegalArgumentException("the prior covariance is too close to singular: the variance of "
                        + "dimension " + (i + 1) + " given the ones before it is " + conditional + ", below 1e-100");
            }
        }
        if (!(degreesOfFreedom0 > d - 1 && degreesOfFreedom0 >= Checks.MIN_SCALE
                && degreesOfFreedom0 <= Checks.MAX_MAGNITUDE)) {
            throw new IllegalArgumentException("degrees of freedom nu0 must be above D - 1 = " + (d - 1)
                    + " and between 1e-50 and 1e50, got " + degreesOfFreedom0);
        }
    }

    /**
     * The data-dependent defaults scikit-learn uses: α0 = 1/K, m0 = the data mean, β0 = 1,
     * W0⁻¹ = the data covariance (unbiased), ν0 = D. A constant column gets variance
     * {@value #MIN_PRIOR_VARIANCE} relative to the data's overall scale (or absolute 1e-12 when every
     * value is equal, and never below 1e-100), so that the prior stays positive definite; a
     * covariance beyond the largest variance a prior may have, 1e100, is scaled down to it.
     *
     * @param data      observations, row-major
     * @param dimension D
     * @param k         number of components
     * @return the prior
     * @throws IllegalArgumentException if there are fewer than two observations
     */
    public static GaussianWishartPrior defaults(double[] data, int dimension, int k) {
        int n = data.length / dimension;
        if (n < 2) {
            throw new IllegalArgumentException("data-dependent prior defaults need at least 2 observations, got " + n);
        }
        double[] mean = new double[dimension];
        for (int i = 0; i < n; i++) {
            for (int a = 0; a < dimension; a++) {
                mean[a] += data[i * dimension + a];
            }
        }
        for (int a = 0; a < dimension; a++) {
            mean[a] /= n;
        }
        double[] covariance = new double[dimension * dimension];
        for (int i = 0; i < n; i++) {
            for (int a = 0; a < dimension; a++) {
                double da = data[i * dimension + a] - mean[a];
                for (int b = 0; b <= a; b++) {
                    covariance[a * dimension + b] += da * (data[i * dimension + b] - mean[b]);
                }
            }
        }
        double largest = 0.0;
        for (int a = 0; a < dimension; a++) {
            for (int b = 0; b <= a; b++) {
                covariance[a * dimension + b] /= n - 1;
                covariance[b * dimension + a] = covariance[a * dimension + b];
            }
            largest = Math.max(largest, covariance[a * dimension + a]);
        }
        double floor = Math.max(largest > 0.0 ? largest * MIN_PRIOR_VARIANCE : 1e-12, Checks.MIN_VARIANCE);
        if (!wellConditioned(covariance, dimension)) {
            // Collinear or constant columns: add a small ridge so that the prior is proper.
            for (int a = 0; a < dimension; a++) {
                covariance[a * dimension + a] += floor;
            }
            largest += floor;
        }
        if (largest > Checks.MAX_VARIANCE) {
            // Data near ±1e50 can spread a little beyond the largest variance a prior may have.
            for (int i = 0; i < covariance.length; i++) {
                covariance[i] *= Checks.MAX_VARIANCE / largest;
            }
            for (int a = 0; a < dimension; a++) { // the last ulp of rounding
                covariance[a * dimension + a] = Math.min(covariance[a * dimension + a], Checks.MAX_VARIANCE);
            }
        }
        return new GaussianWishartPrior(1.0 / k, mean, 1.0, covariance, dimension);
    }

    /** Whether a covariance is positive definite with every conditional variance at least 1e-100. */
    private static boolean wellConditioned(double[] covariance, int d) {
        double[] l;
        try {
            l = Cholesky.decompose(covariance, d);
        } catch (IllegalArgumentException e) {
            return false;
        }
        for (int i = 0; i < d; i++) {
            if (l[i * d + i] * l[i * d + i] < Checks.MIN_VARIANCE) {
                return false;
            }
        }
        return true;
    }

    /** Ridge added to a singular data covariance, relative to its largest variance. */
    public static final double MIN_PRIOR_VARIANCE = 1e-6;

    /** @return D */
    public int dimension() {
        return mean0.length;
    }

    @Override
    public double[] mean0() {
        return mean0.clone();
    }

    @Override
    public double[] inverseScale0() {
        return inverseScale0.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GaussianWishartPrior p && alpha0 == p.alpha0 && Arrays.equals(mean0, p.mean0)
                && beta0 == p.beta0 && Arrays.equals(inverseScale0, p.inverseScale0)
                && degreesOfFreedom0 == p.degreesOfFreedom0;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(mean0) * 31 + Double.hashCode(beta0);
    }

    @Override
    public String toString() {
        return "GaussianWishartPrior[alpha0=" + alpha0 + ", mean0=" + Arrays.toString(mean0) + ", beta0=" + beta0
                + ", inverseScale0=" + Arrays.toString(inverseScale0) + ", nu0=" + degreesOfFreedom0 + "]";
    }
}
