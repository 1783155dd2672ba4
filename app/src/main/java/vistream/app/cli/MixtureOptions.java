package vistream.app.cli;

import java.nio.file.Path;

import picocli.CommandLine.Option;
import vistream.app.source.NumberFile;
import vistream.core.mixture.KnownVarianceGaussianMixture;

/** The data and the lecture model's settings, shared by {@code fit} and {@code evidence}. */
final class MixtureOptions {

    @Option(names = "--data", required = true, paramLabel = "FILE",
            description = "Observations, one number per line; blank lines and lines starting with # are skipped, "
                    + "a non-numeric first line is a header.")
    Path data;

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

    double[] observations() {
        return NumberFile.read(data);
    }
}
