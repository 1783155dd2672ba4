package vistream.streaming;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import vistream.core.drift.PageHinkley;
import vistream.core.numeric.Checks;

/**
 * What one minibatch contributes to a posterior, measured under the posterior its instance held
 * (streaming distributed asynchronous Bayes, Broderick et al. 2013): the batch's expected
 * sufficient statistics, from which the update rule makes the natural-parameter increment, with
 * the prequential score and the change detector's verdict on the batch. A {@link SharedPosterior}
 * folds deltas; instances that fold the same deltas in the same order hold the same posterior.
 *
 * @param observations  valid observations in the batch, |B|
 * @param rejected      invalid inputs met while the batch was gathered
 * @param counts        Σ_i φ_ik per component
 * @param moments       the model's moments of the batch (its {@code SufficientStatistics} layout)
 * @param entropy       −Σ_i Σ_k φ_ik log φ_ik over the batch
 * @param predictiveSum Σ_i log p(x_i | data before the batch)
 * @param detector      the change detector's state after the batch
 * @param alarms        the detector's alarms within the batch
 * @param time          when the batch was measured, epoch milliseconds
 * @param fromPrior     whether it was measured before the posterior existed (its local step then
 *                      started from a fit of the batch itself, whose labelling is its own)
 * @param components    the ids of the components it was measured under: only a posterior of the
 *                      same components can fold it
 * @param samples       the observations it leaves in the memo moves are judged on (every stride-th),
 *                      row-major; empty without moves
 * @param surprising    its most surprising observations, for births, row-major; empty without moves
 */
public record BatchDelta(int observations, long rejected, double[] counts, double[] moments, double entropy,
        double predictiveSum, PageHinkley.State detector, List<Alarm> alarms, long time, boolean fromPrior,
        long[] components, double[] samples, double[] surprising) {

    /**
     * Validates and copies.
     *
     * @throws IllegalArgumentException for negative counts or a value that is not finite
     */
    public BatchDelta {
        if (observations < 0 || rejected < 0) {
            throw new IllegalArgumentException("a batch delta counts no negative number of observations, got "
                    + observations + " and " + rejected + " rejected");
        }
        counts = Checks.allFinite("delta counts", Objects.requireNonNull(counts, "counts").clone());
        moments = Checks.allFinite("delta moments", Objects.requireNonNull(moments, "moments").clone());
        if (!Double.isFinite(entropy) || !Double.isFinite(predictiveSum)) {
            throw new IllegalArgumentException("a batch delta's entropy and predictive sum must be finite, got "
                    + entropy + " and " + predictiveSum);
        }
        Objects.requireNonNull(detector, "detector");
        alarms = List.copyOf(Objects.requireNonNull(alarms, "alarms"));
        components = Objects.requireNonNull(components, "components").clone();
        if (components.length != counts.length) {
            throw new IllegalArgumentException("a batch delta of " + counts.length + " counts names " + components.length
                    + " components");
        }
        samples = Checks.allFinite("delta samples", Objects.requireNonNull(samples, "samples").clone());
        surprising = Checks.allFinite("delta surprising observations",
                Objects.requireNonNull(surprising, "surprising").clone());
    }

    /** @return a copy of the component ids */
    @Override
    public long[] components() {
        return components.clone();
    }

    /** @return a copy of the memo samples */
    @Override
    public double[] samples() {
        return samples.clone();
    }

    /** @return a copy of the surprising observations */
    @Override
    public double[] surprising() {
        return surprising.clone();
    }

    /** @return a copy of Σ_i φ_ik per component */
    @Override
    public double[] counts() {
        return counts.clone();
    }

    /** @return a copy of the batch's moments */
    @Override
    public double[] moments() {
        return moments.clone();
    }

    /**
     * One alarm of the change detector inside the batch.
     *
     * @param at        the observation's position in the batch, from 1
     * @param cluster   the cluster whose region received the surprise
     * @param size      that surprise, in nats
     * @param statistic the test statistic at the alarm
     */
    public record Alarm(int at, int cluster, double size, double statistic) {
    }

    private Object[] fields() {
        return new Object[] {observations, rejected, counts, moments, entropy, predictiveSum, detector, alarms, time,
            fromPrior, components, samples, surprising};
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BatchDelta d && Arrays.deepEquals(fields(), d.fields());
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(fields());
    }

    @Override
    public String toString() {
        return "BatchDelta[observations=" + observations + ", rejected=" + rejected + ", counts="
                + Arrays.toString(counts) + ", time=" + time + ", fromPrior=" + fromPrior + "]";
    }
}
