package vistream.metrics;

import vistream.core.numeric.Checks;

/**
 * How a {@link StreamMonitor} smooths and judges what it sees.
 *
 * @param smoothing          weight α ∈ (0, 1] of the newest snapshot in the exponentially weighted
 *                           averages (the ELBO's relative change, the predictive log density)
 * @param convergedTolerance the stream counts as converged while the smoothed relative change of
 *                           the ELBO between snapshots stays below this; a minibatch ELBO estimate
 *                           is noisy, so it must sit above that noise (about 1/√|B| relative)
 * @param maxMeanDimensions  cluster means and variances are exported per dimension only when the
 *                           data have at most this many dimensions, so that a wide model does not
 *                           flood the registry with K × D series
 */
public record MonitorOptions(double smoothing, double convergedTolerance, int maxMeanDimensions) {

    /** α = 0.2, a converged tolerance of 1e-3 relative, means per dimension up to D = 8. */
    public static final MonitorOptions DEFAULTS = new MonitorOptions(0.2, 1e-3, 8);

    /**
     * Validates the options.
     *
     * @throws IllegalArgumentException if a value is out of range
     */
    public MonitorOptions {
        if (!(smoothing > 0.0 && smoothing <= 1.0)) {
            throw new IllegalArgumentException("smoothing must be in (0, 1], got " + smoothing);
        }
        Checks.positiveFinite("converged tolerance", convergedTolerance);
        Checks.atLeast("max mean dimensions", maxMeanDimensions, 0);
    }
}
