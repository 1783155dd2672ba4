package vistream.app.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import vistream.app.config.ModelSpec;
import vistream.app.config.Models;
import vistream.app.config.UserError;
import vistream.app.source.MatrixFile;
import vistream.app.source.NumberFile;
import vistream.core.inference.Cavi;
import vistream.core.inference.CaviOptions;
import vistream.core.inference.CaviResult;
import vistream.core.inference.Initialisation;
import vistream.core.inference.IterationListener;
import vistream.core.inference.ModelSelection;
import vistream.core.mixture.ConjugateMixture;
import vistream.core.mixture.GaussianWishartMixture;
import vistream.core.mixture.KnownVarianceGaussianMixture;
import vistream.core.mixture.LocalStepPath;
import vistream.core.mixture.WeightPrior;
import vistream.core.moves.AcceptedMove;
import vistream.core.moves.BirthMergeCavi;
import vistream.core.moves.MoveOptions;
import vistream.core.moves.MovesFit;

/** {@code vistream fit}: a Bayesian Gaussian mixture fitted by CAVI. */
@Command(name = "fit", mixinStandardHelpOptions = true,
        description = {"Fits a Bayesian Gaussian mixture by coordinate ascent variational inference (CAVI).",
                "--model known-variance (default) is the lecture's model mu_k ~ N(0, S0^2), c_i ~ Cat(1/K), "
                        + "x_i ~ N(mu_{c_i}, S^2) on one number per line; it prints n, k, iterations, converged, "
                        + "elbo, means, variances (of q(mu_k)) and weights.",
                "--model full, diag or spherical learns each component's mean and covariance (full, diagonal, or one "
                        + "variance) under a Gaussian-Wishart prior, with Dirichlet or Dirichlet-process (--weights dp) "
                        + "weights, on CSV columns; it prints n, k, dimension, iterations, converged, elbo, means (K x D), "
                        + "covariances (K x D x D, K x D or K), weights and effectiveComponents. Priors default to "
                        + "scikit-learn's data-dependent ones."})
final class FitCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--data", required = true, paramLabel = "FILE",
            description = "Observations: one number per line (known-variance) or CSV (full); blank lines and lines "
                    + "starting with # are skipped, a non-numeric first line is a header.")
    private Path data;

    @Option(names = "--k", paramLabel = "K", description = "Number of mixture components (required unless --select-k).")
    private Integer kOption;

    @Option(names = "--select-k", split = ",", paramLabel = "K1,K2,…",
            description = "spherical, diag, full: fit each K and keep the one with the best ELBO (plus the log number of "
                    + "equivalent labellings for Dirichlet weights); the output adds a selection table.")
    private int[] selectK;

    private int k;

    @Mixin
    private ModelChoice choice;



    @Mixin
    private GaussianWishartOptions gw;

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

    @Option(names = "--moves",
            description = "Let the fit find the number of components: birth, merge and delete moves, each made only when "
                    + "it raises the ELBO (needs --weights dirichlet or dp). --k is then where it starts.")
    private boolean moves;

    @Option(names = "--max-k", paramLabel = "N", description = "With --moves, the most components (default: 20, or K if larger).")
    private Integer maxK;

    @Option(names = "--threads", paramLabel = "N",
            description = "Threads of each iteration's local step (default: the number of processors); the fit does not "
                    + "depend on it.")
    private Integer threads;

    @Override
    public Integer call() {
        if (selectK != null && kOption != null) {
            throw new UserError("give either --k or --select-k, not both");
        }
        if (selectK == null && kOption == null) {
            throw new UserError("--k is required (or --select-k with --model spherical, diag or full)");
        }
        if (selectK != null && choice.model.equals("known-variance")) {
            throw new UserError("--select-k applies to --model spherical, diag and full only");
        }
        if (selectK != null && moves) {
            throw new UserError("give either --select-k or --moves: both choose the number of components");
        }
        if (maxK != null && !moves) {
            throw new UserError("--max-k bounds the components --moves may reach; it needs --moves");
        }
        k = kOption != null ? kOption : java.util.Arrays.stream(selectK).max().orElseThrow();
        if (threads != null && threads < 1) {
            throw new UserError("--threads must be at least 1, got " + threads);
        }
        CaviOptions options = new CaviOptions(maxIterations, tolerance);
        if (threads != null) {
            options = options.withParallelism(threads);
        }
        // The lecture's fixed 1/K for its model, and scikit-learn's Dirichlet weights for the others.
        ModelSpec model = choice.spec(k, gw, "known-variance".equals(choice.model) ? WeightPrior.UNIFORM
                : WeightPrior.DIRICHLET);
        if (moves) {
            Models.movesOn(true, model.weights());
        }
        return model instanceof ModelSpec.KnownVariance known ? fitKnownVariance(known, options)
                : fitGaussianWishart((ModelSpec.GaussianWishart) model, options);
    }

    private int fitKnownVariance(ModelSpec.KnownVariance model, CaviOptions options) {
        KnownVarianceGaussianMixture m = model.build();
        Initialisation init = initialisation(1);
        double[] x = NumberFile.read(data);
        Fitted fitted = fit(m, x, init, options);
        CaviResult fit = fitted.result();
        KnownVarianceGaussianMixture fm = (KnownVarianceGaussianMixture) fitted.model();
        Json.println(spec.commandLine().getOut(), new FitReport(x.length, fm.components(), fit.iterations(),
                fit.converged(), fit.elbo(), fm.means(fit.posterior()), fm.variances(fit.posterior()), fit.weights(),
                fitted.ids(), fitted.moves()));
        return 0;
    }

    /** A fit, with the ids and moves of a fit with moves (else null). */
    private record Fitted(ConjugateMixture model, CaviResult result, long[] ids, List<Map<String, Object>> moves) {
    }

    /** CAVI, or CAVI with moves when --moves is given. */
    private Fitted fit(ConjugateMixture m, double[] x, Initialisation init, CaviOptions options) {
        if (!moves) {
            return new Fitted(m, run(m, x, init, options), null, null);
        }
        MoveOptions settings = MoveOptions.defaults(Models.maxComponents(maxK, k)).withSeed(start.seed)
                .withTrial(new CaviOptions(MoveOptions.TRIAL.maxIterations(), MoveOptions.TRIAL.tolerance(),
                        options.parallelism()));
        ProgressReporter reporter = reporter();
        MovesFit fit = BirthMergeCavi.fit(m, x, init, options, settings, reporter == null ? IterationListener.NONE : reporter);
        if (reporter != null) {
            reporter.finish();
        }
        List<Map<String, Object>> made = new java.util.ArrayList<>();
        for (AcceptedMove move : fit.moves()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("kind", move.kind().tag());
            row.put("ids", move.ids());
            row.put("gain", move.gain());
            row.put("iteration", move.iteration());
            made.add(row);
        }
        return new Fitted(fit.model(), fit.fit(), fit.ids().ids(), made);
    }

    private int fitGaussianWishart(ModelSpec.GaussianWishart model, CaviOptions options) {
        WeightPrior weightPrior = model.weights();
        MatrixFile.Matrix matrix = MatrixFile.read(data, model.columns());
        int d = matrix.dimension();
        double[] x = matrix.values();
        java.util.function.IntFunction<GaussianWishartMixture> modelFor = candidate -> model.withK(candidate).build(x, d);
        List<Map<String, Object>> table = null;
        if (selectK != null) {
            if (start.initMeans != null) {
                throw new UserError("--select-k starts each candidate from seeded k-means++; it cannot take --init-means");
            }
            ModelSelection.Selection selection = ModelSelection.byElbo(selectK, modelFor,
                    weightPrior == WeightPrior.DIRICHLET, x, initialisation(d), options);
            k = selection.best().components();
            table = new java.util.ArrayList<>();
            for (ModelSelection.Candidate c : selection.candidates()) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("k", c.components());
                row.put("score", c.score());
                row.put("elbo", c.fit().finalElbo());
                table.add(row);
            }
        }
        Fitted fitted = fit(modelFor.apply(k), x, initialisation(d), options);
        GaussianWishartMixture m = (GaussianWishartMixture) fitted.model();
        CaviResult fit = fitted.result();
        k = m.components();
        int n = x.length / d;
        double[] means = m.means(fit.posterior());
        double[] covariances = m.covarianceParameters(fit.posterior());
        double[][] meanRows = new double[k][d];
        for (int c = 0; c < k; c++) {
            System.arraycopy(means, c * d, meanRows[c], 0, d);
        }
        Object covarianceOut = switch (model.type()) {
            case FULL -> {
                double[][][] blocks = new double[k][d][d];
                for (int c = 0; c < k; c++) {
                    for (int a = 0; a < d; a++) {
                        System.arraycopy(covariances, c * d * d + a * d, blocks[c][a], 0, d);
                    }
                }
                yield blocks;
            }
            case DIAG -> {
                double[][] rows = new double[k][d];
                for (int c = 0; c < k; c++) {
                    System.arraycopy(covariances, c * d, rows[c], 0, d);
                }
                yield rows;
            }
            case SPHERICAL -> covariances;
        };
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("n", n);
        out.put("k", k);
        out.put("dimension", d);
        out.put("columns", matrix.columns());
        out.put("iterations", fit.iterations());
        out.put("converged", fit.converged());
        out.put("elbo", fit.elbo());
        out.put("means", meanRows);
        out.put("covariances", covarianceOut);
        out.put("weights", m.weights(fit.posterior()));
        out.put("effectiveComponents", m.effectiveComponents(fit.posterior(), GaussianWishartMixture.EFFECTIVE_WEIGHT));
        if (fitted.ids() != null) {
            out.put("ids", fitted.ids());
            out.put("moves", fitted.moves());
        }
        if (table != null) {
            out.put("selection", table);
        }
        Json.println(spec.commandLine().getOut(), out);
        return 0;
    }

    private ProgressReporter reporter() {
        return progress || ProgressReporter.stderrIsTerminal() ? new ProgressReporter(spec.commandLine().getErr()) : null;
    }

    private CaviResult run(ConjugateMixture m, double[] x, Initialisation init, CaviOptions options) {
        ProgressReporter reporter = reporter();
        if (reporter != null && m instanceof KnownVarianceGaussianMixture) {
            // Which local step the progress comes from: a user comparing timings should know.
            spec.commandLine().getErr().println(LocalStepPath.description());
            spec.commandLine().getErr().flush();
        }
        CaviResult fit = Cavi.fit(m, x, init, options, reporter == null ? IterationListener.NONE : reporter);
        if (reporter != null) {
            reporter.finish();
        }
        return fit;
    }

    private Initialisation initialisation(int d) {
        double[] means = start.initMeans;
        if (means == null) {
            return new Initialisation.KMeansPlusPlus(start.seed, restarts, start.initVariance);
        }
        if (restarts != 1) {
            throw new UserError("--restarts applies to seeded k-means++ starts and cannot be combined with --init-means");
        }
        if (means.length != k * d) {
            throw new UserError("--init-means has " + means.length + " values but --k" + (d > 1 ? " × dimension" : "")
                    + " is " + k * d);
        }
        return new Initialisation.GivenMeans(means, start.initVariance);
    }
}
