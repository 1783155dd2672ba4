package vistream.metrics;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;

import io.micrometer.core.instrument.Timer;
import vistream.streaming.BatchListener;
import vistream.streaming.DriftEvent;
import vistream.streaming.InvalidObservation;
import vistream.streaming.PosteriorSnapshot;

/**
 * What the metrics read: the latest snapshot (held strongly here, since gauges hold only weak
 * references), running totals and smoothed measures. Feed it from a stream with
 * {@link #onSnapshot}, {@link #onInvalid} and {@link #batchListener()}; bind its meters to any
 * registry with {@link VistreamMetrics}.
 *
 * <p>Thread safe: the stream's thread writes, the registries' threads read.
 */
public final class StreamMonitor {

    private final int clusters;
    private final int dimension;
    private final MonitorOptions options;

    private volatile PosteriorSnapshot latest;
    private volatile double smoothedElboChange = Double.NaN;
    private volatile double smoothedPredictive = Double.NaN;
    private volatile long lastUpdateNanos;
    private volatile long batches;
    private final AtomicLongArray rejected = new AtomicLongArray(InvalidObservation.Reason.values().length);
    private final AtomicLongArray driftEvents;
    private final List<Timer> updateTimers = new CopyOnWriteArrayList<>();

    /**
     * Creates a monitor for a model of {@code clusters} components in {@code dimension} dimensions.
     *
     * @param clusters  K, at least 1
     * @param dimension D, at least 1
     * @param options   smoothing and judgement
     */
    public StreamMonitor(int clusters, int dimension, MonitorOptions options) {
        if (clusters < 1 || dimension < 1) {
            throw new IllegalArgumentException("a monitor needs at least one cluster and one dimension, got "
                    + clusters + " and " + dimension);
        }
        this.clusters = clusters;
        this.dimension = dimension;
        this.options = Objects.requireNonNull(options, "options");
        this.driftEvents = new AtomicLongArray(clusters);
        this.lastUpdateNanos = System.nanoTime();
    }

    /**
     * Takes in a new snapshot: the latest values, the smoothed measures, the drift events.
     *
     * @param snapshot a snapshot of this monitor's model
     */
    public synchronized void onSnapshot(PosteriorSnapshot snapshot) {
        if (snapshot.clusters() != clusters || snapshot.dimension() != dimension) {
            throw new IllegalArgumentException("a snapshot of " + snapshot.clusters() + " clusters in "
                    + snapshot.dimension() + " dimensions, but this monitor is for " + clusters + " in " + dimension);
        }
        PosteriorSnapshot previous = latest;
        if (previous != null) {
            double change = Math.abs(snapshot.elbo() - previous.elbo()) / Math.max(Math.abs(snapshot.elbo()), Double.MIN_NORMAL);
            smoothedElboChange = Double.isNaN(smoothedElboChange) ? change : smooth(smoothedElboChange, change);
        }
        smoothedPredictive = Double.isNaN(smoothedPredictive) ? snapshot.predictiveLogDensity()
                : smooth(smoothedPredictive, snapshot.predictiveLogDensity());
        for (DriftEvent event : snapshot.driftEvents()) {
            driftEvents.incrementAndGet(event.cluster());
        }
        latest = snapshot;
    }

    private double smooth(double average, double value) {
        return (1.0 - options.smoothing()) * average + options.smoothing() * value;
    }

    /**
     * Counts an invalid observation under its reason.
     *
     * @param invalid the refused observation
     */
    public void onInvalid(InvalidObservation invalid) {
        rejected.incrementAndGet(invalid.reason().ordinal());
    }

    /**
     * Returns the listener to give {@code StreamOptions.Builder.onBatch}: it times each update.
     *
     * @return the batch listener
     */
    public BatchListener batchListener() {
        return (observations, nanos) -> {
            batches++;
            lastUpdateNanos = System.nanoTime();
            for (Timer timer : updateTimers) {
                timer.record(nanos, TimeUnit.NANOSECONDS);
            }
        };
    }

    void addUpdateTimer(Timer timer) {
        updateTimers.add(timer);
    }

    /** @return the latest snapshot, or null before the first */
    public PosteriorSnapshot latest() {
        return latest;
    }

    /** @return K */
    public int clusters() {
        return clusters;
    }

    /** @return D */
    public int dimension() {
        return dimension;
    }

    /** @return the options */
    public MonitorOptions options() {
        return options;
    }

    /** @return the smoothed relative change of the ELBO between snapshots, NaN before two */
    public double smoothedElboChange() {
        return smoothedElboChange;
    }

    /**
     * Tells whether the stream has converged: the smoothed relative ELBO change is below the
     * tolerance of {@link MonitorOptions}.
     *
     * @return 1 if converged, 0 if not or not yet known
     */
    public double converged() {
        double change = smoothedElboChange;
        return !Double.isNaN(change) && change < options.convergedTolerance() ? 1.0 : 0.0;
    }

    /** @return the smoothed prequential log predictive density, NaN before the first snapshot */
    public double smoothedPredictive() {
        return smoothedPredictive;
    }

    /**
     * Returns the effective number of clusters, exp(−Σ w_k log w_k) (the perplexity of the
     * weights): K when all are equal, 1 when one cluster holds everything.
     *
     * @return the effective number, NaN before the first snapshot
     */
    public double effectiveClusters() {
        PosteriorSnapshot s = latest;
        if (s == null) {
            return Double.NaN;
        }
        double entropy = 0.0;
        for (double w : s.weights()) {
            if (w > 0.0) {
                entropy -= w * Math.log(w);
            }
        }
        return Math.exp(entropy);
    }

    /**
     * Returns how many observations were refused for a reason.
     *
     * @param reason the reason
     * @return the count
     */
    public long rejected(InvalidObservation.Reason reason) {
        return rejected.get(reason.ordinal());
    }

    /**
     * Returns how many drift events named a cluster.
     *
     * @param cluster the cluster
     * @return the count
     */
    public long driftEvents(int cluster) {
        return driftEvents.get(cluster);
    }

    /** @return the batches absorbed since this monitor was created */
    public long batches() {
        return batches;
    }

    /** @return seconds since the last batch update (or since creation) */
    public double secondsSinceUpdate() {
        return (System.nanoTime() - lastUpdateNanos) / 1e9;
    }
}
