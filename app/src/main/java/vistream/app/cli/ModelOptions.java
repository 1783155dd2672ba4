package vistream.app.cli;

import picocli.CommandLine.Option;
import vistream.core.mixture.KnownVarianceGaussianMixture;

/** The lecture model's settings, shared by every command. */
final class ModelOptions {

    @Option(names = "--k", required = true, paramLabel = "K", description = "Number of mixture components.")
    int k;

    @Option(names = "--sigma0", required = true, paramLabel = "S0",
            description = "Prior standard deviation of each component mean: mu_k ~ N(0, S0^2).")
    double sigma0;

    @Option(names = "--sigma", required = true, paramLabel = "S",
            description = "Known standard deviation of each component: x | mu ~ N(mu, S^2).")
    double sigma;

    KnownVarianceGaussianMixture model() {
        return new KnownVarianceGaussianMixture(k, sigma0, sigma);
    }
}
