package vistream.streaming;

import java.util.Arrays;
import java.util.Objects;

import vistream.core.drift.PageHinkley;
import vistream.core.numeric.Checks;

/**
 * Everything a stream needs to continue exactly where a snapshot was taken: resuming from it and
 * feeding the rest of the observations gives the same snapshots as never having stopped.
 *
 * @param posterior          the global natural parameters λ
 * @param effectiveCounts    per-cluster counts updated by the same rule as λ; the weights
 * @param batches            t, the batches absorbed (the step-size schedule's clock)
 * @param observations       valid observations absorbed
 * @param rejected           invalid observations refused
 * @param snapshots          snapshots emitted, this one included
 * @param detector           the Page–Hinkley test's running state
 * @param windowStart        λ at the start of the current drift window
 * @param windowSnapshots    snapshots emitted in the current drift window
 * @param detectorStart      λ when the change detector last (re)started
 */
public record StreamCheckpoint(double[] posterior, double[] effectiveCounts, long batches, long observations,
        long rejected, long snapshots, PageHinkley.State detector, double[] windowStart, int windowSnapshots,
        double[] detectorStart) {

    /**
     * Copies the arrays and checks that nothing is missing or out of range.
     *
     * @throws IllegalArgumentException if a value is not finite or a count is negative
     */
    public StreamCheckpoint {
        posterior = Checks.allFinite("checkpoint posterior", Objects.requireNonNull(posterior, "posterior").clone());
        effectiveCounts = Checks.allFinite("checkpoint effectiveCounts",
                Objects.requireNonNull(effectiveCounts, "effectiveCounts").clone());
        Objects.requireNonNull(detector, "detector");
        windowStart = Checks.allFinite("checkpoint windowStart", Objects.requireNonNull(windowStart, "windowStart").clone());
        detectorStart = Checks.allFinite("checkpoint detectorStart",
                Objects.requireNonNull(detectorStart, "detectorStart").clone());
        if (batches < 0 || observations < 0 || rejected < 0 || snapshots < 0 || windowSnapshots < 0) {
            throw new IllegalArgumentException("checkpoint counts must not be negative");
        }
    }

    /**
     * Returns λ.
     *
     * @return λ, a copy
     */
    @Override
    public double[] posterior() {
        return posterior.clone();
    }

    /**
     * Returns the effective counts.
     *
     * @return the effective counts, a copy
     */
    @Override
    public double[] effectiveCounts() {
        return effectiveCounts.clone();
    }

    /**
     * Returns λ at the start of the drift window.
     *
     * @return λ at the start of the drift window, a copy
     */
    @Override
    public double[] windowStart() {
        return windowStart.clone();
    }

    /**
     * Returns λ when the detector last started.
     *
     * @return λ when the detector last started, a copy
     */
    @Override
    public double[] detectorStart() {
        return detectorStart.clone();
    }

    private Object[] fields() {
        return new Object[] {posterior, effectiveCounts, batches, observations, rejected, snapshots, detector,
            windowStart, windowSnapshots, detectorStart};
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StreamCheckpoint c && Arrays.deepEquals(fields(), c.fields());
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(fields());
    }

    @Override
    public String toString() {
        return "StreamCheckpoint" + Arrays.deepToString(fields());
    }
}
