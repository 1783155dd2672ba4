package vistream.core.mixture;

import java.util.Arrays;

/**
 * Expected sufficient statistics of a batch under its responsibilities φ, accumulated by a
 * {@link LocalStep}: per component the expected count Σ_i φ_ik, model-defined moments
 * (for a Gaussian component Σ_i φ_ik x_i and Σ_i φ_ik x_i², …), the entropy of the
 * responsibilities −Σ_i Σ_k φ_ik log φ_ik, and the number of observations.
 *
 * <p>Statistics of disjoint batches add ({@link #add(SufficientStatistics)}), which is what lets
 * a large batch be split across threads and what streaming variational Bayes relies on.
 *
 * <p>A mutable accumulator, not thread safe; {@link #copy()} takes an independent snapshot.
 */
public final class SufficientStatistics {

    private final double[] counts;
    private final double[] moments;
    private double entropy;
    private long observations;

    /**
     * Creates empty statistics.
     *
     * @param components    number of mixture components K, at least 1
     * @param momentsLength number of model-defined moments, at least 0
     */
    public SufficientStatistics(int components, int momentsLength) {
        if (components < 1 || momentsLength < 0) {
            throw new IllegalArgumentException(
                    "statistics need at least 1 component and no negative moment count, got "
                            + components + " and " + momentsLength);
        }
        this.counts = new double[components];
        this.moments = new double[momentsLength];
    }

    /**
     * Adds one batch's contribution. The arrays are read, not kept.
     *
     * @param batchCounts       Σ_i φ_ik for each component
     * @param batchMoments      the batch's moments, in this model's layout
     * @param batchEntropy      −Σ_i Σ_k φ_ik log φ_ik over the batch
     * @param batchObservations how many observations the batch held
     */
    public void add(double[] batchCounts, double[] batchMoments, double batchEntropy, long batchObservations) {
        if (batchCounts.length != counts.length || batchMoments.length != moments.length) {
            throw new IllegalArgumentException("statistics layout mismatch");
        }
        for (int k = 0; k < counts.length; k++) {
            counts[k] += batchCounts[k];
        }
        for (int j = 0; j < moments.length; j++) {
            moments[j] += batchMoments[j];
        }
        entropy += batchEntropy;
        observations += batchObservations;
    }

    /**
     * Adds another accumulator's statistics into this one.
     *
     * @param other statistics of the same layout, from disjoint observations
     */
    public void add(SufficientStatistics other) {
        add(other.counts, other.moments, other.entropy, other.observations);
    }

    /**
     * Adds {@code weight} times another accumulator's counts, moments and entropy, and its
     * observations: the statistics of observations that stand for {@code weight} each (a sample
     * of a stream, say, whose every observation the posterior holds with that weight).
     *
     * @param other  statistics of the same layout
     * @param weight how much each of its observations counts; finite, at least 0
     */
    public void addWeighted(SufficientStatistics other, double weight) {
        if (!(weight >= 0.0 && weight < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("a weight must be finite and at least 0, got " + weight);
        }
        if (other.counts.length != counts.length || other.moments.length != moments.length) {
            throw new IllegalArgumentException("statistics layout mismatch");
        }
        for (int k = 0; k < counts.length; k++) {
            counts[k] += weight * other.counts[k];
        }
        for (int j = 0; j < moments.length; j++) {
            moments[j] += weight * other.moments[j];
        }
        entropy += weight * other.entropy;
        observations += other.observations;
    }

    /**
     * Returns statistics of {@code components} components holding this one's components
     * {@code from[c]} in order (−1: a component with no observations): a restriction, a
     * reordering, or room for newborns.
     *
     * @param from for each component of the result, the component of this to copy, or −1
     * @return the statistics, with this one's entropy and observations
     */
    public SufficientStatistics select(int[] from) {
        int m = moments.length / counts.length;
        double[] c = new double[from.length];
        double[] mo = new double[from.length * m];
        for (int j = 0; j < from.length; j++) {
            if (from[j] >= 0) {
                c[j] = counts[from[j]];
                System.arraycopy(moments, from[j] * m, mo, j * m, m);
            }
        }
        SufficientStatistics out = new SufficientStatistics(from.length, mo.length);
        out.add(c, mo, entropy, observations);
        return out;
    }

    /** Resets to the statistics of no observations. */
    public void clear() {
        Arrays.fill(counts, 0.0);
        Arrays.fill(moments, 0.0);
        entropy = 0.0;
        observations = 0;
    }

    /**
     * Returns an independent copy; later additions to either do not affect the other.
     *
     * @return a copy
     */
    public SufficientStatistics copy() {
        SufficientStatistics c = new SufficientStatistics(counts.length, moments.length);
        c.add(this);
        return c;
    }

    /**
     * Returns the number of components K.
     *
     * @return K
     */
    public int components() {
        return counts.length;
    }

    /**
     * Returns the expected count of component {@code k}, Σ_i φ_ik.
     *
     * @param k component index
     * @return the expected count
     */
    public double count(int k) {
        return counts[k];
    }

    /**
     * Returns the expected counts of all components.
     *
     * @return a copy of Σ_i φ_ik for k = 0..K−1
     */
    public double[] counts() {
        return counts.clone();
    }

    /**
     * Returns one model-defined moment.
     *
     * @param index position in the model's layout
     * @return the moment
     */
    public double moment(int index) {
        return moments[index];
    }

    /**
     * Returns the number of model-defined moments.
     *
     * @return the length of the moments vector
     */
    public int momentsLength() {
        return moments.length;
    }

    /**
     * Returns the entropy of the responsibilities, −Σ_i Σ_k φ_ik log φ_ik.
     *
     * @return the entropy, at least 0
     */
    public double entropy() {
        return entropy;
    }

    /**
     * Returns how many observations were accumulated.
     *
     * @return the number of observations
     */
    public long observations() {
        return observations;
    }
}
