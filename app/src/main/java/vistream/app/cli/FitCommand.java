package vistream.app.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import vistream.core.inference.Cavi;
import vistream.core.inference.CaviOptions;
import vistream.core.inference.CaviResult;
import vistream.core.inference.Initialisation;
import vistream.core.inference.IterationListener;
import vistream.core.mixture.KnownVarianceGaussianMixture;

/** {@code vistream fit}: the lecture's Bayesian Gaussian mixture fitted by CAVI. */
@Command(name = "fit", mixinStandardHelpOptions = true,
        description = {"Fits the Bayesian Gaussian mixture mu_k ~ N(0, S0^2), c_i ~ Cat(1/K), x_i ~ N(mu_{c_i}, S^2) "
                + "by coordinate ascent variational inference (CAVI).",
                "Prints one JSON object: n, k, iterations, converged, elbo (per iteration), means, variances "
                        + "(of q(mu_k)) and weights (mean responsibility per component)."})
final class FitCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private MixtureOptions mixture;

    @Mixin
    private StartOptions start;

    @Option(names = "--max-iter", paramLabel = "N", defaultValue = "" + CaviOptions.DEFAULT_MAX_ITERATIONS,
            description = "Most iterations to run (default: ${DEFAULT-VALUE}).")
    private int maxIterations;

    @Option(names = "--tol", paramLabel = "T", defaultValue = "" + CaviOptions.DEFAULT_TOLERANCE,
            description = "Stop after iteration t >= 2 when |ELBO_t - ELBO_t-1| < T |ELBO_t|; 0 runs --max-iter "
                    + "iterations (default: ${DEFAULT-VALUE}).")
    private double tolerance;

    @Option(names = "--restarts", paramLabel = "R", defaultValue = "1",
            description = "Seeded k-means++ starts; the fit with the highest final ELBO is kept (default: ${DEFAULT-VALUE}).")
    private int restarts;


    @Option(names = "--progress", description = "Show progress on stderr even when it is not a terminal.")
    private boolean progress;

    @Override
    public Integer call() {
        KnownVarianceGaussianMixture model = mixture.model();
        CaviOptions options = new CaviOptions(maxIterations, tolerance);
        Initialisation init = initialisation();
        double[] x = mixture.observations();
        ProgressReporter reporter = progress || ProgressReporter.stderrIsTerminal()
                ? new ProgressReporter(spec.commandLine().getErr()) : null;
        CaviResult fit = Cavi.fit(model, x, init, options, reporter == null ? IterationListener.NONE : reporter);
        if (reporter != null) {
            reporter.finish();
        }
        Json.println(spec.commandLine().getOut(), new FitReport(x.length, model.components(), fit.iterations(),
                fit.converged(), fit.elbo(), model.means(fit.posterior()), model.variances(fit.posterior()),
                fit.weights()));
        return 0;
    }

    private Initialisation initialisation() {
        double[] means = start.means(mixture.model.k);
        if (means == null) {
            return new Initialisation.KMeansPlusPlus(start.seed, restarts, start.initVariance);
        }
        if (restarts != 1) {
            throw new UserError("--restarts applies to seeded k-means++ starts and cannot be combined with --init-means");
        }
        return new Initialisation.GivenMeans(means, start.initVariance);
    }
}
