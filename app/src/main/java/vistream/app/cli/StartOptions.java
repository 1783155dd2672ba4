package vistream.app.cli;

import vistream.app.config.UserError;
import picocli.CommandLine.Option;

/** Where a fit or a stream starts: given means or seeded k-means++ starts. */
final class StartOptions {

    @Option(names = "--init-means", split = ",", paramLabel = "M1,M2,…",
            description = "Initial means, one per component (default: seeded k-means++ starts).")
    double[] initMeans;

    @Option(names = "--init-variance", paramLabel = "V", defaultValue = "1",
            description = "Initial variance of each q(mu_k) (default: ${DEFAULT-VALUE}).")
    double initVariance;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1",
            description = "Seed of the k-means++ starts; the same seed gives the same result (default: ${DEFAULT-VALUE}).")
    long seed;

    /** Returns the given means after checking there is one per component, or null. */
    double[] means(int k) {
        if (initMeans != null && initMeans.length != k) {
            throw new UserError("--init-means has " + initMeans.length + " values but --k is " + k);
        }
        return initMeans;
    }
}
