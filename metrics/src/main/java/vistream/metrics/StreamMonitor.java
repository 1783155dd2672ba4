package vistream.metrics;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.ToDoubleBiFunction;

import io.micrometer.core.instrument.Timer;
import vistream.streaming.BatchListener;
import vistream.streaming.DriftEvent;
import vistream.streaming.InvalidObservation;
import vistream.streaming.PosteriorSnapshot;

/**
 * What the metrics read: the latest snapshot (held strongly here, since gauges hold only weak
 * references), the slot each cluster is exported in ({@link ClusterSlots}), running totals and
 * smoothed measures. Feed it from a stream with {@link #onSnapshot}, {@link #onInvalid} and
 * {@link #batchListener()}; bind its meters to any registry with {@link VistreamMetrics}.
 *
 * <p>Thread safe: the stream's thread writes, the registries' threads read.
 */
public final class StreamMonitor {

    /** The kinds of drift events, each a value of the {@code kind} tag of {@code vistream.drift.events}. */
    public static final List<String> EVENT_KINDS = List.of(DriftEvent.PAGE_HINKLEY, "birth", "merge", "delete");

    private final int slots;
    private final int dimension;
    private final MonitorOptions options;

    private volatile ClusterSlots view;
    private volatile ClusterSlots previousView;
    private volatile double smoothedElboChange = Double.NaN;
    private volatile double smoothedPredictive = Double.NaN;
    private volatile long quietSnapshots;
    private volatile long episodes;
    private volatile long lastUpdateNanos;
    private volatile long batches;
    private volatile long batchObservations;
    private final AtomicLongArray rejected = new AtomicLongArray(InvalidObservation.Reason.values().length);
    private final AtomicLongArray events = new AtomicLongArray(EVENT_KINDS.size());
    private final List<Timer> updateTimers = new CopyOnWriteArrayList<>();
    private final List<Runnable> slotListeners = new CopyOnWriteArrayList<>();

    /**
     * Creates a monitor for a stream of at most {@code slots} clusters in {@code dimension}
     * dimensions.
     *
     * @param slots     the most clusters exported one by one: the stream's bound on clusters (its K
     *                  without moves), at least 1
     * @param dimension D, at least 1
     * @param options   smoothing and judgement
     */
    public StreamMonitor(int slots, int dimension, MonitorOptions options) {
        if (slots < 1 || dimension < 1) {
            throw new IllegalArgumentException("a monitor needs at least one cluster slot and one dimension, got "
                    + slots + " and " + dimension);
        }
        this.slots = slots;
        this.dimension = dimension;
        this.options = Objects.requireNonNull(options, "options");
        this.view = ClusterSlots.empty(slots);
        this.previousView = view;
        this.lastUpdateNanos = System.nanoTime();
    }

    /**
     * Takes in a new snapshot: the latest values, the smoothed measures, the events, the slots.
     * A change alarm or a move restarts the smoothed ELBO change at the change it came with, and
     * the count of quiet snapshots that convergence waits for.
     *
     * @param snapshot a snapshot of this monitor's stream
     * @throws IllegalArgumentException if it has another dimension or more clusters than slots
     */
    public synchronized void onSnapshot(PosteriorSnapshot snapshot) {
        if (snapshot.dimension() != dimension || snapshot.clusters() > slots) {
            throw new IllegalArgumentException("a snapshot of " + snapshot.clusters() + " clusters in "
                    + snapshot.dimension() + " dimensions, but this monitor is for at most " + slots + " in " + dimension);
        }
        PosteriorSnapshot previous = view.snapshot();
        boolean changed = !snapshot.driftEvents().isEmpty();
        quietSnapshots = changed ? 0 : quietSnapshots + 1;
        if (previous != null) {
            double change = Math.abs(snapshot.elbo() - previous.elbo())
                    / Math.max(Math.abs(snapshot.elbo()), Double.MIN_NORMAL);
            // An event restarts the average at its own change, which the event made jump.
            smoothedElboChange = changed || Double.isNaN(smoothedElboChange) ? change : smooth(smoothedElboChange, change);
        }
        smoothedPredictive = Double.isNaN(smoothedPredictive) ? snapshot.predictiveLogDensity()
                : smooth(smoothedPredictive, snapshot.predictiveLogDensity());
        for (DriftEvent event : snapshot.driftEvents()) {
            int kind = EVENT_KINDS.indexOf(event.kind());
            if (kind >= 0) {
                events.incrementAndGet(kind);
            }
            episodes = Math.max(episodes, event.episode());
        }
        ClusterSlots next = view.next(snapshot);
        boolean slotsChanged = previous == null || !next.sameSlots(view);
        previousView = view;
        view = next;
        if (slotsChanged) {
            for (Runnable listener : slotListeners) {
                listener.run();
            }
        }
    }

    private double smooth(double average, double value) {
        return (1.0 - options.smoothing()) * average + options.smoothing() * value;
    }

    /**
     * Runs {@code listener} now and whenever the set of slots in use changes (the first snapshot,
     * a birth, a merge, a delete): binders re-register their per-cluster meters there.
     */
    void onSlotsChanged(Runnable listener) {
        slotListeners.add(listener);
        synchronized (this) {
            listener.run();
        }
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
            batchObservations += observations;
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
        return view.snapshot();
    }

    /** @return the slots in use, in order */
    int[] usedSlots() {
        return view.used();
    }

    /**
     * Returns a value of the cluster in a slot. A slot freed while a registry was reading it
     * still answers from the snapshot before, so a gauge never reads a cluster that is gone.
     *
     * @param slot  the slot
     * @param value what to read, from a snapshot and the cluster's position in it
     * @return the value
     */
    double slotValue(int slot, ToDoubleBiFunction<PosteriorSnapshot, Integer> value) {
        ClusterSlots now = view;
        if (now.index()[slot] >= 0) {
            return value.applyAsDouble(now.snapshot(), now.index()[slot]);
        }
        ClusterSlots before = previousView;
        return before.index()[slot] >= 0 ? value.applyAsDouble(before.snapshot(), before.index()[slot]) : 0.0;
    }

    /** @return the id of the cluster in a slot (see {@link #slotValue}) */
    long slotId(int slot) {
        ClusterSlots now = view;
        return now.ids()[slot] != 0 ? now.ids()[slot] : previousView.ids()[slot];
    }

    /** @return the most clusters exported one by one */
    public int slots() {
        return slots;
    }

    /** @return D */
    public int dimension() {
        return dimension;
    }

    /** @return the options */
    public MonitorOptions options() {
        return options;
    }

    /**
     * Returns the smoothed relative change of the ELBO between snapshots, started afresh at each
     * change alarm or move.
     *
     * @return the change, NaN before the second snapshot
     */
    public double smoothedElboChange() {
        return smoothedElboChange;
    }

    /**
     * Tells whether the fit has converged: at least {@link MonitorOptions#settleSnapshots()}
     * snapshots in a row without a change alarm or a move, the smoothed relative ELBO change
     * since then below {@link MonitorOptions#convergedTolerance()}, and at least
     * {@link MonitorOptions#settledShare()} of the observations the posterior holds seen since.
     *
     * @return 1 if converged, 0 if not or not yet known
     */
    public double converged() {
        double change = smoothedElboChange;
        PosteriorSnapshot latest = view.snapshot();
        return quietSnapshots >= options.settleSnapshots() && !Double.isNaN(change)
                && change < options.convergedTolerance() && latest != null
                && latest.checkpoint().sinceChange() >= options.settledShare() ? 1.0 : 0.0;
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
        PosteriorSnapshot s = latest();
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
     * Returns how many drift events of a kind the snapshots reported.
     *
     * @param kind one of {@link #EVENT_KINDS}
     * @return the count
     * @throws IllegalArgumentException for another kind
     */
    public long driftEvents(String kind) {
        int at = EVENT_KINDS.indexOf(kind);
        if (at < 0) {
            throw new IllegalArgumentException("no drift event kind '" + kind + "': " + EVENT_KINDS);
        }
        return events.get(at);
    }

    /** @return the episodes of change so far (alarms close together are one) */
    public long episodes() {
        return episodes;
    }

    /** @return the batches absorbed since this monitor was created */
    public long batches() {
        return batches;
    }

    /**
     * @return the valid observations of the batches absorbed since this monitor was created: the
     *         posterior's own count unless it holds others' batches or a resumed checkpoint's
     */
    public long batchObservations() {
        return batchObservations;
    }

    /** @return seconds since the last batch update (or since creation) */
    public double secondsSinceUpdate() {
        return (System.nanoTime() - lastUpdateNanos) / 1e9;
    }
}
