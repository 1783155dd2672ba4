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
        Checks.positiveFinite("weight concentration alpha0", alpha0);
        mean0 = Checks.allFinite("prior mean", mean0.clone());
        Checks.positiveFinite("mean precision beta0", beta0);
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
        try {
            Cholesky.decompose(inverseScale0, d);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the prior covariance is not positive definite", e);
        }
        if (!(degreesOfFreedom0 > d - 1) || Double.isInfinite(degreesOfFreedom0)) {
            throw new IllegalArgumentException("degrees of freedom nu0 must be a finite number above D - 1 = " + (d - 1)
                    + ", got " + degreesOfFreedom0);
        }
    }

    /**
     * The data-dependent defaults scikit-learn uses: α0 = 1/K, m0 = the data mean, β0 = 1,
     * W0⁻¹ = the data covariance (unbiased), ν0 = D. A constant column gets variance
     * {@value #MIN_PRIOR_VARIANCE} relative to the data's overall scale (or absolute 1e-12 when every
     * value is equal), so that the prior stays positive definite.
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
        double floor = largest > 0.0 ? largest * MIN_PRIOR_VARIANCE : 1e-12;
        boolean definite;
        try {
            Cholesky.decompose(covariance, dimension);
            definite = true;
        } catch (IllegalArgumentException e) {
            definite = false;
        }
        if (!definite) {
            // Collinear or constant columns: add a small ridge so that the prior is proper.
            for (int a = 0; a < dimension; a++) {
                covariance[a * dimension + a] += floor;
            }
        }
        return new GaussianWishartPrior(1.0 / k, mean, 1.0, covariance, dimension);
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
