package vistream.app.cli;

import picocli.CommandLine.Option;
import vistream.app.config.Models;
import vistream.app.config.UserError;
import vistream.core.mixture.CovarianceType;
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
     * Returns the covariance type, or null for the known-variance model, after checking that the
     * sigmas are given exactly when they apply and that the Gaussian–Wishart options are not given
     * to the known-variance model.
     */
    CovarianceType check(GaussianWishartOptions gw) {
        CovarianceType type = Models.covarianceType(model);
        if (type == null) {
            if (sigma0 == null || sigma == null) {
                throw new UserError("--model known-variance needs --sigma0 and --sigma");
            }
            if (gw.anyGiven()) {
                throw new UserError("--columns and the Gaussian-Wishart priors apply to --model spherical, diag and full only");
            }
        } else if (sigma0 != null || sigma != null) {
            throw new UserError("--sigma0 and --sigma apply to --model known-variance only");
        }
        return type;
    }

    /**
     * Returns the weight prior: as given, or the command's default.
     *
     * @param fallback the default
     * @return the prior
     */
    WeightPrior weightPrior(WeightPrior fallback) {
        return Models.weightPrior(weights, fallback);
    }
}
