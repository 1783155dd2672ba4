package vistream.streaming;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The posterior of a stream after a batch: an immutable value, safe to keep, share and write out.
 * Serialises to JSON and back exactly ({@link SnapshotJson}); its {@link #checkpoint()} lets a
 * pipeline resume from it ({@link VariationalStream#resumeFrom}).
 *
 * <p>The number of clusters K can change from one snapshot to the next when the stream makes
 * moves; {@code ids} says who each cluster is. In JSON, with D ≥ 2, {@code means} and
 * {@code variances} are K arrays of D numbers and {@code covariances} K arrays of D arrays of D,
 * as {@code fit} prints them; with D = 1 each is K numbers.
 *
 * @param seq                  1 for the first snapshot of a stream, then 2, 3, …
 * @param observations         valid observations absorbed so far
 * @param rejected             invalid observations refused so far
 * @param time                 when the last batch was absorbed, milliseconds of the stream's clock
 * @param dimension            values per observation D
 * @param ids                  K cluster ids, aligned with the means and weights: given at birth and
 *                             never reused; a merge keeps the survivor's
 * @param born                 K observation counts: when each cluster was born (0 for the first ones)
 * @param means                K × D posterior means of the clusters, row-major
 * @param variances            K × D posterior variances of the cluster means
 * @param covariances          K × D × D covariances of the clusters, E[Λ_k]⁻¹ (the known σ² for the
 *                             lecture's model)
 * @param weights              K weights: each cluster's share of the observations the posterior holds
 * @param stepSize             ρ of the last update (1 for streaming VB)
 * @param elbo                 ELBO estimate per observation after the last batch:
 *                             local terms / |B| + global terms / effective data size
 * @param predictiveLogDensity mean log p(x_i | data before the batch) over the batches since the
 *                             previous snapshot: the prequential, honest online fit measure
 * @param drift                per-cluster drift measures
 * @param driftEvents          change alarms and moves since the previous snapshot
 * @param checkpoint           the state to resume from
 */
public record PosteriorSnapshot(long seq, long observations, long rejected, long time, int dimension, long[] ids,
        long[] born, double[] means, double[] variances, double[] covariances, double[] weights, double stepSize,
        double elbo, double predictiveLogDensity, List<ClusterDrift> drift, List<DriftEvent> driftEvents,
        StreamCheckpoint checkpoint) {

    /**
     * Copies arrays and lists and checks that every per-cluster array has K entries.
     *
     * @throws IllegalArgumentException if the shapes disagree
     */
    public PosteriorSnapshot {
        ids = ids.clone();
        born = born.clone();
        means = means.clone();
        variances = variances.clone();
        covariances = covariances.clone();
        weights = weights.clone();
        drift = List.copyOf(drift);
        driftEvents = List.copyOf(driftEvents);
        Objects.requireNonNull(checkpoint, "checkpoint");
        int k = ids.length;
        if (born.length != k || weights.length != k || means.length != k * dimension || variances.length != k * dimension
                || covariances.length != k * dimension * dimension || drift.size() != k) {
            throw new IllegalArgumentException("a snapshot of " + k + " clusters in " + dimension
                    + " dimensions has per-cluster values of other shapes");
        }
    }

    /**
     * Returns the number of clusters K.
     *
     * @return K
     */
    public int clusters() {
        return weights.length;
    }

    /** @return the K cluster ids, a copy */
    @Override
    public long[] ids() {
        return ids.clone();
    }

    /** @return the K birth positions, a copy */
    @Override
    public long[] born() {
        return born.clone();
    }

    /** @return K × D posterior means, row-major, a copy */
    @Override
    public double[] means() {
        return means.clone();
    }

    /** @return K × D posterior variances of the cluster means, a copy */
    @Override
    public double[] variances() {
        return variances.clone();
    }

    /** @return K × D × D covariances, a copy */
    @Override
    public double[] covariances() {
        return covariances.clone();
    }

    /** @return the K weights, a copy */
    @Override
    public double[] weights() {
        return weights.clone();
    }

    /**
     * Returns the JSON form: per-cluster matrices nested when D ≥ 2.
     *
     * @return the fields in order
     */
    @JsonValue
    Map<String, Object> json() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("seq", seq);
        out.put("observations", observations);
        out.put("rejected", rejected);
        out.put("time", time);
        out.put("dimension", dimension);
        out.put("ids", ids);
        out.put("born", born);
        out.put("means", rows(means, dimension));
        out.put("variances", rows(variances, dimension));
        out.put("covariances", dimension == 1 ? covariances : blocks(covariances, dimension));
        out.put("weights", weights);
        out.put("stepSize", stepSize);
        out.put("elbo", elbo);
        out.put("predictiveLogDensity", predictiveLogDensity);
        out.put("drift", drift);
        out.put("driftEvents", driftEvents);
        out.put("checkpoint", checkpoint);
        return out;
    }

    /**
     * Reads the JSON form back; nested or flat per-cluster arrays are both accepted.
     *
     * @return the snapshot
     */
    @JsonCreator
    static PosteriorSnapshot fromJson(@JsonProperty("seq") long seq, @JsonProperty("observations") long observations,
            @JsonProperty("rejected") long rejected, @JsonProperty("time") long time,
            @JsonProperty("dimension") int dimension, @JsonProperty("ids") long[] ids, @JsonProperty("born") long[] born,
            @JsonProperty("means") JsonNode means, @JsonProperty("variances") JsonNode variances,
            @JsonProperty("covariances") JsonNode covariances, @JsonProperty("weights") double[] weights,
            @JsonProperty("stepSize") double stepSize, @JsonProperty("elbo") double elbo,
            @JsonProperty("predictiveLogDensity") double predictiveLogDensity,
            @JsonProperty("drift") List<ClusterDrift> drift, @JsonProperty("driftEvents") List<DriftEvent> driftEvents,
            @JsonProperty("checkpoint") StreamCheckpoint checkpoint) {
        return new PosteriorSnapshot(seq, observations, rejected, time, dimension, ids, born, flat(means, "means"),
                flat(variances, "variances"), flat(covariances, "covariances"), weights, stepSize, elbo,
                predictiveLogDensity, drift, driftEvents, checkpoint);
    }

    private static Object rows(double[] values, int d) {
        if (d == 1) {
            return values;
        }
        double[][] out = new double[values.length / d][d];
        for (int r = 0; r < out.length; r++) {
            System.arraycopy(values, r * d, out[r], 0, d);
        }
        return out;
    }

    private static double[][][] blocks(double[] values, int d) {
        double[][][] out = new double[values.length / (d * d)][d][d];
        for (int c = 0; c < out.length; c++) {
            for (int a = 0; a < d; a++) {
                System.arraycopy(values, c * d * d + a * d, out[c][a], 0, d);
            }
        }
        return out;
    }

    /** The numbers of a (possibly nested) JSON array, in order. */
    private static double[] flat(JsonNode node, String field) {
        if (node == null || !node.isArray()) {
            throw new IllegalArgumentException("'" + field + "' must be an array of numbers");
        }
        java.util.ArrayList<Double> out = new java.util.ArrayList<>();
        collect(node, field, out);
        double[] values = new double[out.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = out.get(i);
        }
        return values;
    }

    private static void collect(JsonNode node, String field, List<Double> out) {
        for (JsonNode item : node) {
            if (item.isArray()) {
                collect(item, field, out);
            } else if (item.isNumber()) {
                out.add(item.doubleValue());
            } else {
                throw new IllegalArgumentException("'" + field + "' holds " + item + ", not a number");
            }
        }
    }

    private Object[] fields() {
        return new Object[] {seq, observations, rejected, time, dimension, ids, born, means, variances, covariances,
            weights, stepSize, elbo, predictiveLogDensity, drift, driftEvents, checkpoint};
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
                + ", ids=" + Arrays.toString(ids) + ", means=" + Arrays.toString(means) + ", weights="
                + Arrays.toString(weights) + ", elbo=" + elbo + ", predictiveLogDensity=" + predictiveLogDensity
                + ", driftEvents=" + driftEvents + "]";
    }
}
