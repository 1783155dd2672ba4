package vistream.streaming;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The posterior of a stream after a batch: an immutable value, safe to keep, share and write out.
 * Serialises to JSON and back exactly ({@link SnapshotJson}); its {@link #checkpoint()} lets a
 * pipeline resume from it ({@link VariationalStream#resumeFrom}).
 *
 * @param seq                  1 for the first snapshot of a stream, then 2, 3, …
 * @param observations         valid observations absorbed so far
 * @param rejected             invalid observations refused so far
 * @param time                 when the last batch was absorbed, milliseconds of the stream's clock
 * @param dimension            values per observation D
 * @param means                K × D posterior means of the clusters, row-major
 * @param variances            K × D posterior variances of the cluster means
 * @param covariances          K × D × D covariances of the clusters, E[Λ_k]⁻¹ (the known σ² for the
 *                             lecture's model)
 * @param weights              K expected weights: each cluster's share of the effective counts
 * @param stepSize             ρ of the last update (1 for streaming VB)
 * @param elbo                 ELBO estimate per observation after the last batch:
 *                             local terms / |B| + global terms / effective data size
 * @param predictiveLogDensity mean log p(x_i | data before the batch) over the batches since the
 *                             previous snapshot: the prequential, honest online fit measure
 * @param drift                per-cluster drift measures
 * @param driftEvents          changes detected since the previous snapshot
 * @param checkpoint           the state to resume from
 */
public record PosteriorSnapshot(long seq, long observations, long rejected, long time, int dimension, double[] means,
        double[] variances, double[] covariances, double[] weights, double stepSize, double elbo, double predictiveLogDensity,
        List<ClusterDrift> drift, List<DriftEvent> driftEvents, StreamCheckpoint checkpoint) {

    /** Copies arrays and lists. */
    public PosteriorSnapshot {
        means = means.clone();
        variances = variances.clone();
        covariances = covariances.clone();
        weights = weights.clone();
        drift = List.copyOf(drift);
        driftEvents = List.copyOf(driftEvents);
        Objects.requireNonNull(checkpoint, "checkpoint");
    }

    /**
     * Returns the number of clusters K.
     *
     * @return K
     */
    public int clusters() {
        return weights.length;
    }

    /**
     * Returns K × D posterior means.
     *
     * @return K × D posterior means, a copy
     */
    @Override
    public double[] means() {
        return means.clone();
    }

    /**
     * Returns K × D posterior variances of the cluster means.
     *
     * @return K × D posterior variances of the cluster means, a copy
     */
    @Override
    public double[] variances() {
        return variances.clone();
    }

    /**
     * Returns the clusters' covariances.
     *
     * @return K × D × D covariances, a copy
     */
    @Override
    public double[] covariances() {
        return covariances.clone();
    }

    /**
     * Returns the K expected weights.
     *
     * @return the K expected weights, a copy
     */
    @Override
    public double[] weights() {
        return weights.clone();
    }

    private Object[] fields() {
        return new Object[] {seq, observations, rejected, time, dimension, means, variances, covariances, weights,
            stepSize, elbo, predictiveLogDensity, drift, driftEvents, checkpoint};
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PosteriorSnapshot s && Arrays.deepEquals(fields(), s.fields());
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(fields());
    }

    @Override
    public String toString() {
        return "PosteriorSnapshot[seq=" + seq + ", observations=" + observations + ", rejected=" + rejected
                + ", means=" + Arrays.toString(means) + ", weights=" + Arrays.toString(weights) + ", elbo=" + elbo
                + ", predictiveLogDensity=" + predictiveLogDensity + ", driftEvents=" + driftEvents + "]";
    }
}
