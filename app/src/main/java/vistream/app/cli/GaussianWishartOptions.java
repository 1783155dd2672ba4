package vistream.app.cli;

import java.util.List;

import picocli.CommandLine.Option;
import vistream.core.mixture.CovarianceType;
import vistream.core.mixture.GaussianWishartMixture;
import vistream.core.mixture.GaussianWishartPrior;
import vistream.core.mixture.WeightPrior;

/** The settings of the Gaussian–Wishart models (--model spherical, diag, full), shared by fit, stream and serve. */
public final class GaussianWishartOptions {

    @Option(names = "--weights", paramLabel = "PRIOR",
            description = "spherical, diag, full: dirichlet (default) or dp (Dirichlet process, K a truncation).")
    String weights;

    @Option(names = "--columns", split = ",", paramLabel = "C1,C2,…",
            description = "spherical, diag, full: CSV columns by name or index from 1 (default: all).")
    List<String> columns;

    @Option(names = "--alpha0", paramLabel = "A", description = "spherical, diag, full: weight concentration (default: 1/K).")
    Double alpha0;

    @Option(names = "--beta0", paramLabel = "B", description = "spherical, diag, full: mean precision prior (default: 1).")
    Double beta0;

    @Option(names = "--nu0", paramLabel = "NU", description = "spherical, diag, full: Wishart degrees of freedom (default: D).")
    Double nu0;

    @Option(names = "--mean0", split = ",", paramLabel = "M1,…",
            description = "spherical, diag, full: prior mean, D values (default: the data mean).")
    double[] mean0;

    @Option(names = "--covariance0", split = ",", paramLabel = "C11,C12,…",
            description = "spherical, diag, full: prior covariance W0^-1, D x D values row by row (default: the data covariance).")
    double[] covariance0;

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
            default -> throw new UserError("unknown --model '" + model + "': use known-variance, spherical, diag or full");
        };
    }

    boolean anyGiven() {
        return weights != null || columns != null || alpha0 != null || beta0 != null || nu0 != null || mean0 != null
                || covariance0 != null;
    }

    WeightPrior weightPrior() {
        return weightPrior(weights);
    }

    private static WeightPrior weightPrior(String weights) {
        return switch (weights == null ? "dirichlet" : weights) {
            case "dirichlet" -> WeightPrior.DIRICHLET;
            case "dp" -> WeightPrior.DIRICHLET_PROCESS;
            default -> throw new UserError("unknown --weights '" + weights + "': use dirichlet or dp");
        };
    }

    /**
     * The model: the given priors over the data-dependent defaults of {@code data} (which may be null
     * when --mean0 and --covariance0 are both given).
     */
    GaussianWishartMixture model(int k, CovarianceType type, double[] data, int d) {
        return model(k, type, weights, alpha0, beta0, nu0, mean0, covariance0, data, d);
    }

    /**
     * Builds a Gaussian–Wishart model: the given priors over the data-dependent defaults of
     * {@code data}, which may be null when {@code mean0} and {@code covariance0} are both given.
     *
     * @param k           K
     * @param type        the covariance type
     * @param weights     dirichlet, dp, or null for dirichlet
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
    public static GaussianWishartMixture model(int k, CovarianceType type, String weights, Double alpha0, Double beta0,
            Double nu0, double[] mean0, double[] covariance0, double[] data, int d) {
        vistream.core.numeric.Checks.atLeast("number of components K", k, 1);
        GaussianWishartPrior defaults = data == null ? null : GaussianWishartPrior.defaults(data, d, k);
        if (defaults == null && (mean0 == null || covariance0 == null)) {
            throw new UserError("without data to set the prior from, --mean0 and --covariance0 are needed");
        }
        GaussianWishartPrior prior = new GaussianWishartPrior(alpha0 != null ? alpha0 : defaults != null ? defaults.alpha0() : 1.0 / k,
                sized(mean0, d, "--mean0", defaults == null ? null : defaults.mean0()),
                beta0 != null ? beta0 : 1.0,
                sized(covariance0, d * d, "--covariance0", defaults == null ? null : defaults.inverseScale0()),
                nu0 != null ? nu0 : d);
        return new GaussianWishartMixture(k, prior, weightPrior(weights), type);
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
}
