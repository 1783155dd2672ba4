package vistream.streaming;

import vistream.core.drift.PageHinkley;
import vistream.core.numeric.Checks;

/**
 * Settings of drift tracking.
 *
 * <p>Per-cluster measures compare each snapshot with the one before it and with the first
 * snapshot of the current window of {@code window} snapshots (a tumbling window). The change
 * detector is a {@link PageHinkley} test on each observation's surprise, −log p(x_i | past),
 * computed under the posterior before the observation's batch updated it.
 *
 * @param window          snapshots per drift window, at least 1
 * @param delta           Page–Hinkley δ in nats: the rise in mean surprise that is tolerated
 * @param threshold       Page–Hinkley λ in nats: the alarm threshold
 * @param minObservations observations after a (re)start before an alarm may be raised
 */
public record DriftOptions(int window, double delta, double threshold, long minObservations) {

    /**
     * Defaults: a window of 10 snapshots, δ = 0.25 nats, λ = 50 nats, 100 observations.
     * For a Gaussian component the surprise has a standard deviation of about 0.7 nats, so with
     * δ = 0.25 a stationary stream's statistic is pulled down steadily and exceeds 50 with
     * vanishing probability (of order exp(−2δλ/σ²) per excursion), while a cluster that jumps
     * several standard deviations adds several nats per observation and is caught within tens of
     * its observations.
     */
    public static final DriftOptions DEFAULTS = new DriftOptions(10, 0.25, 50.0, 100);

    /**
     * Validates the settings.
     *
     * @throws IllegalArgumentException if a value is out of range
     */
    public DriftOptions {
        Checks.atLeast("drift window", window, 1);
        new PageHinkley(delta, threshold, minObservations); // validates with its own messages
    }

    PageHinkley detector() {
        return new PageHinkley(delta, threshold, minObservations);
    }
}
