package vistream.app.config;

import java.util.List;

import vistream.core.mixture.CovarianceType;
import vistream.core.mixture.GaussianWishartMixture;
import vistream.core.mixture.KnownVarianceGaussianMixture;
import vistream.core.mixture.WeightPrior;
import vistream.core.numeric.Checks;

/**
 * Which mixture a command fits, with every setting of its prior: the lecture's known-variance
 * model or a Gaussian–Wishart one. {@link #of} reads the names commands and configuration files
 * use and checks them, the one place where {@code fit}, {@code stream} and {@code serve} validate
 * a model's settings; {@link KnownVariance#build()} and {@link GaussianWishart#build(double[], int)}
 * build the model.
 */
public sealed interface ModelSpec permits ModelSpec.KnownVariance, ModelSpec.GaussianWishart {

    /** @return the starting number of components K */
    int k();

    /** @return the weight prior */
    WeightPrior weights();

    /** @return the name commands give the model: known-variance, spherical, diag or full */
    String name();

    /**
     * Returns the same model with another starting K (for {@code fit --select-k}).
     *
     * @param components K
     * @return the model
     */
    ModelSpec withK(int components);

    /**
     * The lecture's model: K components of known standard deviation σ whose means have a N(0, σ0²)
     * prior.
     *
     * @param k       K
     * @param sigma0  σ0
     * @param sigma   σ
     * @param weights the weight prior
     * @param alpha0  its concentration, or null for 1/K
     */
    record KnownVariance(int k, double sigma0, double sigma, WeightPrior weights, Double alpha0) implements ModelSpec {

        @Override
        public String name() {
            return "known-variance";
        }

        @Override
        public KnownVariance withK(int components) {
            return new KnownVariance(components, sigma0, sigma, weights, alpha0);
        }

        /**
         * @return the model
         * @throws UserError                if a concentration is given for uniform weights
         * @throws IllegalArgumentException for a σ or σ0 out of range
         */
        public KnownVarianceGaussianMixture build() {
            return Models.knownVariance(k, sigma0, sigma, weights, alpha0);
        }
    }

    /**
     * A Gaussian–Wishart mixture: each component's mean and precision have a Gaussian–Wishart prior
     * whose unset parameters default from the data.
     *
     * @param k           K
     * @param type        full, diag or spherical covariances
     * @param weights     the weight prior
     * @param alpha0      the weights' concentration, or null for 1/K
     * @param beta0       the mean's precision scale, or null for 1
     * @param nu0         the Wishart's degrees of freedom, or null for D
     * @param mean0       the prior mean, or null for the data's
     * @param covariance0 the prior covariance W0⁻¹ row by row, or null for the data's
     * @param columns     the CSV columns of a file input (names or indices from 1), or null for all
     */
    record GaussianWishart(int k, CovarianceType type, WeightPrior weights, Double alpha0, Double beta0, Double nu0,
            double[] mean0, double[] covariance0, List<String> columns) implements ModelSpec {

        @Override
        public String name() {
            return type.name().toLowerCase(java.util.Locale.ROOT);
        }

        @Override
        public GaussianWishart withK(int components) {
            return new GaussianWishart(components, type, weights, alpha0, beta0, nu0, mean0, covariance0, columns);
        }

        /** @return whether the prior needs no data: mean0 and covariance0 are both given */
        public boolean priorGiven() {
            return mean0 != null && covariance0 != null;
        }

        /**
         * Returns this model with the prior's mean and covariance given, as a checkpoint recorded
         * the defaults the data gave them.
         *
         * @param mean       mean0
         * @param covariance covariance0
         * @return the model
         */
        public GaussianWishart withPrior(double[] mean, double[] covariance) {
            return new GaussianWishart(k, type, weights, alpha0, beta0, nu0, mean, covariance, columns);
        }

        /**
         * Builds the model: the given priors over the defaults of {@code data}.
         *
         * @param data observations, row-major, for the defaults; may be null when {@link #priorGiven()}
         * @param d    D
         * @return the model
         * @throws UserError for settings that do not fit D
         */
        public GaussianWishartMixture build(double[] data, int d) {
            return Models.gaussianWishart(k, type, weights, alpha0, beta0, nu0, mean0, covariance0, data, d);
        }
    }

    /**
     * Reads a model's settings by the names commands use, and checks that each applies to the model.
     *
     * @param model       known-variance, spherical, diag or full
     * @param k           K
     * @param sigma0      σ0 (known-variance only), or null
     * @param sigma       σ (known-variance only), or null
     * @param weights     uniform, dirichlet, dp, or null for {@code fallback}
     * @param fallback    the command's default weights
     * @param alpha0      or null
     * @param beta0       (Gaussian–Wishart only) or null
     * @param nu0         (Gaussian–Wishart only) or null
     * @param mean0       (Gaussian–Wishart only) or null
     * @param covariance0 (Gaussian–Wishart only) or null
     * @param columns     (Gaussian–Wishart only) or null
     * @return the model's specification
     * @throws UserError naming the setting that does not apply, is missing or unknown
     */
    static ModelSpec of(String model, int k, Double sigma0, Double sigma, String weights, WeightPrior fallback,
            Double alpha0, Double beta0, Double nu0, double[] mean0, double[] covariance0, List<String> columns) {
        Checks.atLeast("number of components K", k, 1);
        CovarianceType type = Models.covarianceType(model);
        WeightPrior prior = Models.weightPrior(weights, fallback);
        if (type == null) {
            if (sigma0 == null || sigma == null) {
                throw new UserError("model known-variance needs sigma0 and sigma");
            }
            if (columns != null || beta0 != null || nu0 != null || mean0 != null || covariance0 != null) {
                throw new UserError("columns and the Gaussian-Wishart priors (beta0, nu0, mean0, covariance0) apply to "
                        + "the models spherical, diag and full only");
            }
            return new KnownVariance(k, sigma0, sigma, prior, alpha0);
        }
        if (sigma0 != null || sigma != null) {
            throw new UserError("sigma0 and sigma apply to model known-variance only");
        }
        return new GaussianWishart(k, type, prior, alpha0, beta0, nu0, mean0, covariance0, columns);
    }
}
