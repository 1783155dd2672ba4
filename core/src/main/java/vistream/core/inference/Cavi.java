package vistream.core.inference;

import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;

import vistream.core.mixture.ConjugateMixture;
import vistream.core.mixture.LocalStep;
import vistream.core.mixture.NaturalParameters;
import vistream.core.mixture.SufficientStatistics;
import vistream.core.numeric.Checks;

/**
 * Coordinate ascent variational inference (Blei et al. 2017, Algorithm 2) for any
 * {@link ConjugateMixture}: each iteration runs the local step over all the data, then sets the
 * global factors to their optimum given the new responsibilities (λ = η + t(S)). Each of the two
 * updates maximises the ELBO in its own coordinates, so the recorded ELBO never decreases.
 *
 * <p>Synchronous and allocation-free per observation; the data array is read, never modified.
 * The local step may run on several threads ({@link CaviOptions#parallelism()}), over fixed
 * chunks whose statistics are added in order, so the fit does not depend on the thread count.
 */
public final class Cavi {

    /**
     * Observations per chunk of the local step: large enough that a helper thread's hand-off
     * (microseconds) is small against the chunk's work (about half a millisecond), small enough
     * that a million observations keep two to eight threads busy.
     */
    public static final int CHUNK = 8192;

    private Cavi() {
    }

    /**
     * Fits the model to the data.
     *
     * @param model          the mixture model
     * @param data           observations, row-major, {@code model.dimension()} values each
     * @param initialisation where to start
     * @param options        when to stop
     * @param listener       told after every iteration
     * @return the fit with the highest final ELBO over the restarts
     * @throws IllegalArgumentException if the data are empty, not a whole number of observations,
     *                                  or hold a NaN, infinite or out-of-range value (beyond
     *                                  ±{@value Checks#MAX_MAGNITUDE}), or if the initial means do
     *                                  not fit the model
     */
    public static CaviResult fit(ConjugateMixture model, double[] data, Initialisation initialisation,
            CaviOptions options, IterationListener listener) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(initialisation, "initialisation");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(listener, "listener");
        requireObservations(data, model.dimension());
        if (initialisation instanceof Initialisation.GivenMeans given) {
            NaturalParameters start = model.initialPosterior(given.means(), given.variance());
            return run(model, data, start, options, listener, 0);
        }
        Initialisation.KMeansPlusPlus seeding = (Initialisation.KMeansPlusPlus) initialisation;
        SplittableRandom random = new SplittableRandom(seeding.seed());
        CaviResult best = null;
        for (int r = 0; r < seeding.restarts(); r++) {
            double[] centres = KMeansPlusPlusSeeding.centres(data, model.dimension(), model.components(), random);
            NaturalParameters start = model.initialPosterior(data, centres, seeding.variance());
            CaviResult result = run(model, data, start, options, listener, r);
            if (best == null || result.finalElbo() > best.finalElbo()) {
                best = result;
            }
        }
        return best;
    }

    /**
     * Fits the model from explicit initial natural parameters.
     *
     * @param model    the mixture model
     * @param data     observations, row-major
     * @param start    the initial global natural parameters
     * @param options  when to stop
     * @param listener told after every iteration
     * @return the fit
     * @throws IllegalArgumentException as {@link #fit(ConjugateMixture, double[], Initialisation, CaviOptions, IterationListener)}
     */
    public static CaviResult fit(ConjugateMixture model, double[] data, NaturalParameters start,
            CaviOptions options, IterationListener listener) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(start, "start");
        requireObservations(Objects.requireNonNull(data, "data"), model.dimension());
        return run(model, data, start, Objects.requireNonNull(options, "options"),
                Objects.requireNonNull(listener, "listener"), 0);
    }

    private static CaviResult run(ConjugateMixture model, double[] data, NaturalParameters start,
            CaviOptions options, IterationListener listener, int restart) {
        int n = data.length / model.dimension();
        double[] trace = new double[options.maxIterations()];
        SufficientStatistics statistics = model.newStatistics();
        int chunks = (n + CHUNK - 1) / CHUNK;
        SufficientStatistics[] parts = new SufficientStatistics[chunks];
        for (int c = 0; c < chunks; c++) {
            parts[c] = model.newStatistics();
        }
        NaturalParameters posterior = start;
        int iterations = 0;
        boolean converged = false;
        while (iterations < options.maxIterations()) {
            LocalStep step = model.localStep(posterior);
            Chunks.forEach(chunks, options.parallelism(), c -> {
                parts[c].clear();
                step.accumulate(data, c * CHUNK, Math.min(n, (c + 1) * CHUNK), parts[c]);
            });
            statistics.clear();
            for (SufficientStatistics part : parts) {
                statistics.add(part);
            }
            posterior = model.globalStep(statistics, 1.0);
            double elbo = model.elbo(posterior, statistics);
            trace[iterations++] = elbo;
            double change = iterations >= 2 ? Math.abs(elbo - trace[iterations - 2]) / Math.abs(elbo) : Double.NaN;
            listener.onIteration(restart, iterations, elbo, change);
            if (iterations >= 2 && Math.abs(elbo - trace[iterations - 2]) < options.tolerance() * Math.abs(elbo)) {
                converged = true;
                break;
            }
        }
        double[] weights = statistics.counts();
        for (int k = 0; k < weights.length; k++) {
            weights[k] /= n;
        }
        return new CaviResult(posterior, Arrays.copyOf(trace, iterations), converged, weights, restart);
    }

    static void requireObservations(double[] data, int dimension) {
        Checks.atLeast("dimension", dimension, 1);
        if (data.length == 0) {
            throw new IllegalArgumentException("no observations: the data are empty");
        }
        if (data.length % dimension != 0) {
            throw new IllegalArgumentException("the data hold " + data.length
                    + " values, not a whole number of observations of dimension " + dimension);
        }
        for (int i = 0; i < data.length; i++) {
            if (!Double.isFinite(data[i])) {
                throw new IllegalArgumentException("observation " + i / dimension + " holds " + data[i]
                        + "; every value must be finite");
            }
            if (!Checks.inRange(data[i])) {
                // Its square, summed with the others and divided by a variance, could overflow.
                throw new IllegalArgumentException("observation " + i / dimension + " holds " + data[i]
                        + "; every value must be within ±" + Checks.MAX_MAGNITUDE_TEXT);
            }
        }
    }
}
