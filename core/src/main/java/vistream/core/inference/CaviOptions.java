package vistream.core.inference;

import vistream.core.numeric.Checks;

/**
 * When coordinate ascent stops.
 *
 * <p>One iteration updates every φ_i from the current global posterior, then every global
 * factor from the new φ. CAVI stops after iteration t ≥ 2 when
 * |ELBO_t − ELBO_{t−1}| &lt; tolerance × |ELBO_t|, or after {@code maxIterations}. A tolerance
 * of 0 runs exactly {@code maxIterations} iterations.
 *
 * <p>The local step runs over chunks of {@value Cavi#CHUNK} observations on up to
 * {@code parallelism} threads ({@link Chunks}); the result is the same bit for bit whatever the
 * parallelism.
 *
 * @param maxIterations the most iterations to run, at least 1
 * @param tolerance     the relative ELBO change that counts as converged, finite and at least 0
 * @param parallelism   how many threads the local step may use, at least 1
 */
public record CaviOptions(int maxIterations, double tolerance, int parallelism) {

    /** Iterations run by default: ample for the well-conditioned fits CAVI is used for. */
    public static final int DEFAULT_MAX_ITERATIONS = 1000;

    /**
     * Default relative tolerance: 1e-10 of the ELBO sits far above the rounding noise of a sum
     * over 10^6 observations (about 1e-13 relative) yet fixes the means to many digits.
     */
    public static final double DEFAULT_TOLERANCE = 1e-10;

    /**
     * Validates the options.
     *
     * @throws IllegalArgumentException if a value is out of range
     */
    public CaviOptions {
        Checks.atLeast("max iterations", maxIterations, 1);
        Checks.nonNegativeFinite("tolerance", tolerance);
        Checks.atLeast("parallelism", parallelism, 1);
    }

    /**
     * Options that use every available processor.
     *
     * @param maxIterations the most iterations to run, at least 1
     * @param tolerance     the relative ELBO change that counts as converged, finite and at least 0
     * @throws IllegalArgumentException if a value is out of range
     */
    public CaviOptions(int maxIterations, double tolerance) {
        this(maxIterations, tolerance, Runtime.getRuntime().availableProcessors());
    }

    /**
     * Returns these options with another parallelism.
     *
     * @param threads how many threads the local step may use, at least 1
     * @return the new options
     */
    public CaviOptions withParallelism(int threads) {
        return new CaviOptions(maxIterations, tolerance, threads);
    }

    /**
     * Returns the defaults: {@value #DEFAULT_MAX_ITERATIONS} iterations, tolerance
     * {@value #DEFAULT_TOLERANCE}, every available processor.
     *
     * @return the default options
     */
    public static CaviOptions defaults() {
        return new CaviOptions(DEFAULT_MAX_ITERATIONS, DEFAULT_TOLERANCE);
    }
}
