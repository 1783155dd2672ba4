package vistream.streaming;

import vistream.core.drift.PageHinkley;
import vistream.core.numeric.Checks;

/**
 * Settings of drift tracking.
 *
 * <p>Per-cluster measures compare each snapshot with the one before it and with the first
 * snapshot of the current window of {@code window} snapshots (a tumbling window). The change
 * detector is a {@link PageHinkley} test on each observation's surprise, −log p(x_i | past),
 * computed under the posterior before the observation's batch updated it. After an alarm the test
 * restarts from nothing, so that it measures the next rise from the new level; alarms within
 * {@code episodeGap} observations of each other form one episode of change.
 *
 * @param window          snapshots per drift window, at least 1
 * @param delta           Page–Hinkley δ in nats: the rise in mean surprise that is tolerated
 * @param threshold       Page–Hinkley λ in nats: the alarm threshold
 * @param minObservations observations after a (re)start before an alarm may be raised
 * @param episodeGap      observations without an alarm after which the next alarm opens a new
 *                        episode, at least 1
 */
public record DriftOptions(int window, double delta, double threshold, long minObservations, long episodeGap) {

    /**
     * An episode closes after 10,000 observations without an alarm: more than a model needs to
     * adapt to a change with the default memories (a population of 5,000 to 10,000 observations),
     * so the alarms of one change are one episode.
     */
    public static final long DEFAULT_EPISODE_GAP = 10_000;

    /**
     * Defaults: a window of 10 snapshots, δ = 0.25 nats, λ = 50 nats, 100 observations, episodes
     * 10,000 observations apart.
     * For a Gaussian component the surprise has a standard deviation of about 0.7 nats, so with
     * δ = 0.25 a stationary stream's statistic is pulled down steadily and exceeds 50 with
     * vanishing probability (of order exp(−2δλ/σ²) per excursion), while a cluster that jumps
     * several standard deviations adds several nats per observation and is caught within tens of
     * its observations.
     */
    public static final DriftOptions DEFAULTS = new DriftOptions(10, 0.25, 50.0, 100, DEFAULT_EPISODE_GAP);

    /**
     * Validates the settings.
     *
     * @throws IllegalArgumentException if a value is out of range
     */
    public DriftOptions {
        Checks.atLeast("drift window", window, 1);
        new PageHinkley(delta, threshold, minObservations); // validates with its own messages
        if (episodeGap < 1) {
            throw new IllegalArgumentException("episode gap must be at least 1 observation, got " + episodeGap);
        }
    }

    /**
     * Settings with the default episode gap.
     *
     * @param window          snapshots per drift window, at least 1
     * @param delta           Page–Hinkley δ in nats
     * @param threshold       Page–Hinkley λ in nats
     * @param minObservations observations after a (re)start before an alarm may be raised
     */
    public DriftOptions(int window, double delta, double threshold, long minObservations) {
        this(window, delta, threshold, minObservations, DEFAULT_EPISODE_GAP);
    }

    PageHinkley detector() {
        return new PageHinkley(delta, threshold, minObservations);
    }
}
