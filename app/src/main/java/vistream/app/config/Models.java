package vistream.app.config;

import vistream.core.mixture.CovarianceType;
import vistream.core.mixture.GaussianWishartMixture;
import vistream.core.mixture.GaussianWishartPrior;
import vistream.core.mixture.KnownVarianceGaussianMixture;
import vistream.core.mixture.WeightFactor;
import vistream.core.mixture.WeightPrior;
import vistream.core.numeric.Checks;
import vistream.streaming.StreamMoves;

/**
 * The models and their moves by the names commands and configuration files use: the same rules
 * for {@code fit}, {@code stream} and {@code serve}, so that a setting means the same everywhere.
 */
public final class Models {

    /** The bound on components when none is given: at least 20, and never below the starting K. */
    public static final int DEFAULT_MAX_K = 20;

    private Models() {
    }

    /**
     * Returns the covariance type of a model name.
     *
     * @param model known-variance, spherical, diag or full
     * @return the type, or null for known-variance
     * @throws UserError for any other name
     */
    public static CovarianceType covarianceType(String model) {
        return switch (model) {
            case "known-variance" -> null;
            case "full" -> CovarianceType.FULL;
            case "diag" -> CovarianceType.DIAG;
            case "spherical" -> CovarianceType.SPHERICAL;
            default -> throw new UserError("unknown model '" + model + "': use known-variance, spherical, diag or full");
        };
    }

    /**
     * Returns the weight prior of a name.
     *
     * @param weights  uniform, dirichlet, dp, or null for {@code fallback}
     * @param fallback the command's default
     * @return the prior
     * @throws UserError for any other name
     */
    public static WeightPrior weightPrior(String weights, WeightPrior fallback) {
        if (weights == null) {
            return fallback;
        }
        return switch (weights) {
            case "uniform" -> WeightPrior.UNIFORM;
            case "dirichlet" -> WeightPrior.DIRICHLET;
            case "dp" -> WeightPrior.DIRICHLET_PROCESS;
            default -> throw new UserError("unknown weights '" + weights + "': use uniform, dirichlet or dp");
        };
    }

    /**
     * Returns the name commands and configuration files give a weight prior.
     *
     * @param weights the prior
     * @return uniform, dirichlet or dp
     */
    public static String name(WeightPrior weights) {
        return switch (weights) {
            case UNIFORM -> "uniform";
            case DIRICHLET -> "dirichlet";
            case DIRICHLET_PROCESS -> "dp";
        };
    }

    /**
     * Builds the lecture's known-variance model.
     *
     * @param k        K
     * @param sigma0   σ0
     * @param sigma    σ
     * @param weights  the weight prior
     * @param alpha0   its concentration, or null for 1/K
     * @return the model
     * @throws UserError if a concentration is given for uniform weights
     */
    public static KnownVarianceGaussianMixture knownVariance(int k, double sigma0, double sigma, WeightPrior weights,
            Double alpha0) {
        Checks.atLeast("number of components K", k, 1);
        if (weights == WeightPrior.UNIFORM && alpha0 != null) {
            throw new UserError("alpha0 is the concentration of learnt weights: it needs weights dirichlet or dp");
        }
        return new KnownVarianceGaussianMixture(k, sigma0, sigma, WeightFactor.of(weights, alpha0 != null ? alpha0 : 1.0 / k));
    }

    /**
     * Builds a Gaussian–Wishart model: the given priors over the data-dependent defaults of
     * {@code data}, which may be null when {@code mean0} and {@code covariance0} are both given.
     *
     * @param k           K
     * @param type        the covariance type
     * @param weights     the weight prior
     * @param alpha0      or null for 1/K
     * @param beta0       or null for 1
     * @param nu0         or null for D
     * @param mean0       or null for the data mean
     * @param covariance0 or null for the data covariance
     * @param data        observations for the defaults, row-major, or null
     * @param d           D
     * @return the model
     * @throws UserError                for settings that do not fit together
     * @throws IllegalArgumentException for a prior out of range
     */
    public static GaussianWishartMixture gaussianWishart(int k, CovarianceType type, WeightPrior weights, Double alpha0,
            Double beta0, Double nu0, double[] mean0, double[] covariance0, double[] data, int d) {
        Checks.atLeast("number of components K", k, 1);
        GaussianWishartPrior defaults = data == null ? null : GaussianWishartPrior.defaults(data, d, k);
        if (defaults == null && (mean0 == null || covariance0 == null)) {
            throw new UserError("without data to set the prior from, mean0 and covariance0 are needed");
        }
        GaussianWishartPrior prior = new GaussianWishartPrior(alpha0 != null ? alpha0 : defaults != null ? defaults.alpha0() : 1.0 / k,
                sized(mean0, d, "mean0", defaults == null ? null : defaults.mean0()),
                beta0 != null ? beta0 : 1.0,
                sized(covariance0, d * d, "covariance0", defaults == null ? null : defaults.inverseScale0()),
                nu0 != null ? nu0 : d);
        return new GaussianWishartMixture(k, prior, weights, type);
    }

    private static double[] sized(double[] given, int length, String option, double[] fallback) {
        if (given == null) {
            return fallback;
        }
        if (given.length != length) {
            throw new UserError(option + " has " + given.length + " values, expected " + length);
        }
        return given;
    }

    /**
     * Returns whether moves are on: as asked, or by default whenever the weights are learnt.
     *
     * @param moves   true, false, or null for the default
     * @param weights the weight prior
     * @return whether the model changes its number of components
     * @throws UserError if moves are asked for with uniform weights
     */
    public static boolean movesOn(Boolean moves, WeightPrior weights) {
        if (Boolean.TRUE.equals(moves) && !weights.learnt()) {
            throw new UserError("moves need learnt weights (weights dirichlet or dp): with the lecture's fixed 1/K a "
                    + "component the data do not need cannot be told from one they do");
        }
        return moves != null ? moves : weights.learnt();
    }

    /**
     * Returns the bound on components: as given, or {@value #DEFAULT_MAX_K} (at least K).
     *
     * @param maxK the setting, or null
     * @param k    the starting K
     * @return the bound
     * @throws UserError if the bound is below K
     */
    public static int maxComponents(Integer maxK, int k) {
        if (maxK != null && maxK < k) {
            throw new UserError("max-k " + maxK + " is below the starting k " + k);
        }
        return maxK != null ? maxK : Math.max(DEFAULT_MAX_K, k);
    }

    /**
     * Returns a stream's move settings, or null when its K stays fixed.
     *
     * @param moves   true, false, or null for the default
     * @param maxK    the bound, or null
     * @param k       the starting K
     * @param weights the weight prior
     * @return the settings, or null
     */
    public static StreamMoves streamMoves(Boolean moves, Integer maxK, int k, WeightPrior weights) {
        int bound = maxComponents(maxK, k);
        return movesOn(moves, weights) ? StreamMoves.defaults(bound) : null;
    }
}
