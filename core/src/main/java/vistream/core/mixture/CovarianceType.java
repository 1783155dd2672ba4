package vistream.core.mixture;

/**
 * The family of each component's precision posterior in a {@link GaussianWishartMixture}: a
 * Wishart q(Λ_k) = Wishart(W_k, ν_k) whose scale is full, diagonal or a multiple of the identity
 * (scikit-learn's {@code covariance_type} "full", "diag" and "spherical").
 *
 * <p>Within a restricted family the optimal scale given the statistics is the projection of the
 * full update: W⁻¹ restricted to its diagonal, or to the mean of its diagonal times I (both
 * maximise −½ν tr(W M) + ½ν log|W| over the family), and ν = ν0 + N stays optimal. So CAVI
 * remains exact coordinate ascent, its ELBO never decreases, and the fixed point is
 * scikit-learn's. (A per-dimension Gaussian–Gamma model would give E[log |Λ|] = D ψ(ν/2) + …
 * where the diagonal Wishart gives Σ_i ψ((ν − i)/2) + …, and could not reach that fixed point.)
 */
public enum CovarianceType {

    /** Any symmetric positive definite W⁻¹. */
    FULL,

    /** W⁻¹ diagonal: independent variances per dimension. */
    DIAG,

    /** W⁻¹ = s I: one variance per component, the same in every dimension. */
    SPHERICAL;

    /** Projects a symmetric D × D matrix onto this family, in place. */
    void project(double[] m, int d) {
        if (this == FULL) {
            return;
        }
        double mean = 0.0;
        for (int a = 0; a < d; a++) {
            mean += m[a * d + a] / d;
        }
        for (int a = 0; a < d; a++) {
            for (int b = 0; b < d; b++) {
                if (a != b) {
                    m[a * d + b] = 0.0;
                } else if (this == SPHERICAL) {
                    m[a * d + a] = mean;
                }
            }
        }
    }
}
