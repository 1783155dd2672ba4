package vistream.app.cli;

import picocli.CommandLine.Option;

import vistream.app.config.ModelSpec;
import vistream.app.config.UserError;
import vistream.core.mixture.WeightPrior;

/** Which mixture model a command fits: the lecture's known-variance model or a Gaussian–Wishart one, and its weights. */
final class ModelChoice {

    @Option(names = "--model", paramLabel = "MODEL", defaultValue = "known-variance",
            description = "known-variance, spherical, diag or full (default: ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--sigma0", paramLabel = "S0", description = "known-variance: prior sd of each mean (required).")
    Double sigma0;

    @Option(names = "--sigma", paramLabel = "S", description = "known-variance: known sd of each component (required).")
    Double sigma;

    @Option(names = "--weights", paramLabel = "PRIOR",
            description = "uniform (fixed 1/K, the lecture's), dirichlet, or dp (a Dirichlet process, K a truncation).")
    String weights;

    @Option(names = "--alpha0", paramLabel = "A", description = "Concentration of learnt weights (default: 1/K).")
    Double alpha0;

    /**
     * Returns the model these options and {@code gw} describe, checked by {@link ModelSpec#of}.
     *
     * @param k        K
     * @param gw       the Gaussian–Wishart options
     * @param fallback the command's default weights
     * @return the model's specification
     * @throws UserError for a setting that does not apply to the model, is missing or unknown
     */
    ModelSpec spec(int k, GaussianWishartOptions gw, WeightPrior fallback) {
        return ModelSpec.of(model, k, sigma0, sigma, weights, fallback, alpha0, gw.beta0, gw.nu0, gw.mean0, gw.covariance0,
                gw.columns);
    }
}
