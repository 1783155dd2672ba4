package vistream.metrics;

import vistream.core.numeric.Checks;

/**
 * How a {@link StreamMonitor} smooths and judges what it sees.
 *
 * @param smoothing          weight α ∈ (0, 1] of the newest snapshot in the exponentially weighted
 *                           averages (the ELBO's relative change, the predictive log density)
 * @param convergedTolerance the stream counts as converged while the smoothed relative change of
 *                           the ELBO between snapshots stays below this. A minibatch ELBO estimate
 *                           is noisy: its relative noise is about sd(ℓ_i) / (|ELBO| √|B|), near 1 %
 *                           for batches of 500 one-dimensional observations, and two such estimates
 *                           differ by about 1.6 times that on average, so the tolerance must sit
 *                           well above it
 * @param settleSnapshots    after a change alarm or a move the stream counts as converged again
 *                           only once this many snapshots in a row came without one, the smoothed
 *                           change having started afresh at the event
 * @param maxMeanDimensions  cluster means and variances are exported per dimension only when the
 *                           data have at most this many dimensions, so that a wide model does not
 *                           flood the registry with K × D series
 * @param settledShare       after a change alarm or a move the stream counts as converged again only
 *                           once at least this share of the observations the posterior holds came
 *                           after it ({@link vistream.streaming.StreamCheckpoint#sinceChange()}): until
 *                           then what the posterior remembers from before the change still moves its
 *                           weights and means (a newborn's weight still rising, say)
 */
public record MonitorOptions(double smoothing, double convergedTolerance, int settleSnapshots, int maxMeanDimensions,
        double settledShare) {

    /**
     * α = 0.2; a converged tolerance of 5 % relative, above the noise of batches of a few hundred
     * observations, so that it flags a fit that is still moving visibly; settled after 10 quiet
     * snapshots, long enough for the smoothed change (α = 0.2) to forget the event's jump to a
     * tenth, and once 95 % of what the posterior holds came after the event (what remains of the
     * posterior's way to its new state is then below 5 % of it); means per dimension up to D = 8.
     */
    public static final MonitorOptions DEFAULTS = new MonitorOptions(0.2, 0.05, 10, 8, 0.95);

    /**
     * The options with the default settled share, 0.95.
     *
     * @param smoothing          α of the smoothed measures
     * @param convergedTolerance the smoothed relative ELBO change below which the stream converges
     * @param settleSnapshots    quiet snapshots convergence waits for after an event
     * @param maxMeanDimensions  the most dimensions whose means are exported per dimension
     */
    public MonitorOptions(double smoothing, double convergedTolerance, int settleSnapshots, int maxMeanDimensions) {
        this(smoothing, convergedTolerance, settleSnapshots, maxMeanDimensions, 0.95);
    }

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
        Checks.atLeast("settle snapshots", settleSnapshots, 1);
        Checks.atLeast("max mean dimensions", maxMeanDimensions, 0);
        if (!(settledShare >= 0.0 && settledShare <= 1.0)) {
            throw new IllegalArgumentException("settled share must be in [0, 1], got " + settledShare);
        }
    }
}
