package vistream.streaming;

import java.util.Arrays;

/**
 * One observation annotated under the posterior current when it arrived.
 *
 * @param index                position in the stream of valid observations scored, from 0
 * @param values               the observation
 * @param responsibilities     φ_k: the probability of each cluster having produced it
 * @param logPredictiveDensity log p(x | data so far): low values flag anomalies
 */
public record ScoredObservation(long index, double[] values, double[] responsibilities, double logPredictiveDensity) {

    /** Copies the arrays. */
    public ScoredObservation {
        values = values.clone();
        responsibilities = responsibilities.clone();
    }

    /**
     * Returns the observation.
     *
     * @return the observation, a copy
     */
    @Override
    public double[] values() {
        return values.clone();
    }

    /**
     * Returns φ_k for each cluster.
     *
     * @return φ_k for each cluster, a copy
     */
    @Override
    public double[] responsibilities() {
        return responsibilities.clone();
    }

    /**
     * Returns the most responsible cluster (a hard assignment).
     *
     * @return argmax_k φ_k
     */
    public int cluster() {
        int best = 0;
        for (int k = 1; k < responsibilities.length; k++) {
            if (responsibilities[k] > responsibilities[best]) {
                best = k;
            }
        }
        return best;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ScoredObservation s && index == s.index && Arrays.equals(values, s.values)
                && Arrays.equals(responsibilities, s.responsibilities)
                && Double.compare(logPredictiveDensity, s.logPredictiveDensity) == 0;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(index) * 31 + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "ScoredObservation[index=" + index + ", values=" + Arrays.toString(values) + ", cluster=" + cluster()
                + ", logPredictiveDensity=" + logPredictiveDensity + "]";
    }
}
