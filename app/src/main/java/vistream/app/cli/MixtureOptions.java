package vistream.app.cli;

import java.nio.file.Path;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import vistream.app.source.NumberFile;
import vistream.core.mixture.KnownVarianceGaussianMixture;

/** A whole data file and the lecture model's settings, shared by {@code fit} and {@code evidence}. */
final class MixtureOptions {

    @Option(names = "--data", required = true, paramLabel = "FILE",
            description = "Observations, one number per line; blank lines and lines starting with # are skipped, "
                    + "a non-numeric first line is a header.")
    Path data;

    @Mixin
    ModelOptions model;

    KnownVarianceGaussianMixture model() {
        return model.model();
    }

    double[] observations() {
        return NumberFile.read(data);
    }
}
