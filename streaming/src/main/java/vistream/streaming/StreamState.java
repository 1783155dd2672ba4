package vistream.streaming;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import vistream.core.drift.PageHinkley;
import vistream.core.inference.Cavi;
import vistream.core.inference.CaviOptions;
import vistream.core.inference.Initialisation;
import vistream.core.inference.IterationListener;
import vistream.core.inference.UpdateRule;
import vistream.core.mixture.ConjugateMixture;
import vistream.core.mixture.NaturalParameters;
import vistream.core.mixture.SufficientStatistics;

/**
 * The immutable state a stream threads through {@code scan}: the posterior and everything the
 * update rule, the drift measures and the snapshot emission need. {@link #next} absorbs one
 * minibatch; {@link #emit} turns a state into a snapshot.
 */
final class StreamState {

    /** k-means++ starts of the CAVI fit that seeds a stream from its first batch. */
    static final int SEED_RESTARTS = 5;
    private static final CaviOptions SEED_FIT = new CaviOptions(200, 1e-8, 1); // one thread: it runs inside an operator

    private final ConjugateMixture model;
    private final StreamOptions options;

    private final NaturalParameters posterior;
    private final double[] counts;
    private final long batches;
    private final long observations;
    private final long rejected;
    private final long snapshots;
    private final PageHinkley.State detector;
    private final NaturalParameters windowStart;
    private final int windowSnapshots;
    private final NaturalParameters detectorStart;
    private final NaturalParameters lastEmitted;

    private final long time;
    private final double stepSize;
    private final double elbo;
    private final double predictiveSum;
    private final long predictiveCount;
    private final List<DriftEvent> pendingEvents;
    /** The last snapshot emitted, carried along; {@link #fresh} tells whether this step emitted it. */
    private final PosteriorSnapshot snapshot;
    private final boolean fresh;

    private StreamState(ConjugateMixture model, StreamOptions options, NaturalParameters posterior, double[] counts,
            long batches, long observations, long rejected, long snapshots, PageHinkley.State detector,
            NaturalParameters windowStart, int windowSnapshots, NaturalParameters detectorStart,
            NaturalParameters lastEmitted, long time, double stepSize, double elbo, double predictiveSum,
            long predictiveCount, List<DriftEvent> pendingEvents, PosteriorSnapshot snapshot, boolean fresh) {
        this.model = model;
        this.options = options;
        this.posterior = posterior;
        this.counts = counts;
        this.batches = batches;
        this.observations = observations;
        this.rejected = rejected;
        this.snapshots = snapshots;
        this.detector = detector;
        this.windowStart = windowStart;
        this.windowSnapshots = windowSnapshots;
        this.detectorStart = detectorStart;
        this.lastEmitted = lastEmitted;
        this.time = time;
        this.stepSize = stepSize;
        this.elbo = elbo;
        this.predictiveSum = predictiveSum;
        this.predictiveCount = predictiveCount;
        this.pendingEvents = pendingEvents;
        this.snapshot = snapshot;
        this.fresh = fresh;
    }

    /** The state of a stream that has absorbed nothing yet. */
    static StreamState initial(ConjugateMixture model, StreamOptions options) {
        return new StreamState(model, options, null, new double[model.components()], 0, 0, 0, 0,
                PageHinkley.State.EMPTY, null, 0, null, null, 0, 0.0, 0.0, 0.0, 0, List.of(), null, false);
    }

    /** The state a snapshot's checkpoint describes; the snapshot itself counts as emitted. */
    static StreamState resume(ConjugateMixture model, StreamOptions options, PosteriorSnapshot from) {
        StreamCheckpoint c = from.checkpoint();
        NaturalParameters posterior = new NaturalParameters(c.posterior());
        model.localStep(posterior); // validates λ against the model, with its own message
        if (c.effectiveCounts().length != model.components() || from.dimension() != model.dimension()) {
            throw new IllegalArgumentException("the snapshot is of a model with " + c.effectiveCounts().length
                    + " clusters in " + from.dimension() + " dimensions, not " + model.components() + " in "
                    + model.dimension());
        }
        return new StreamState(model, options, posterior, c.effectiveCounts(), c.batches(), c.observations(),
                c.rejected(), c.snapshots(), c.detector(), new NaturalParameters(c.windowStart()), c.windowSnapshots(),
                new NaturalParameters(c.detectorStart()), posterior, from.time(), from.stepSize(), from.elbo(), 0.0, 0,
                List.of(), from, false);
    }

    /**
     * Absorbs one minibatch: scores it under the current posterior (prequentially), feeds the
     * change detector, runs the local step and applies the update rule.
     *
     * @param batch       the batch's observations, with the subscription's working memory
     * @param rejectedNow invalid observations refused so far
     * @param now         the stream clock, in milliseconds
     */
    StreamState next(BatchWorkspace batch, long rejectedNow, long now) {
        return absorb(measure(batch, now), rejectedNow);
    }

    /**
     * Measures one minibatch under this state, without absorbing it: what {@link #next} absorbs,
     * and what an instance of a shared posterior publishes as its {@link BatchDelta}.
     */
    Measured measure(BatchWorkspace batch, long now) {
        double[] data = batch.data();
        int n = batch.size();
        // Before any data the posterior is the prior η (so streaming VB sums from it exactly); the
        // initial means only break the symmetry of the first local step.
        NaturalParameters before = posterior != null ? posterior : model.prior();
        NaturalParameters localFrom = posterior != null ? posterior : initialPosterior(data, n);

        // Prequential scoring, each observation under the posterior that has not yet seen it, and
        // the local step: both per chunk, on the workers.
        SufficientStatistics statistics = model.newStatistics();
        batch.scoreAndAccumulate(model.posteriorPredictive(before), model.localStep(localFrom), statistics);

        // The change detector, in stream order.
        PageHinkley test = options.drift().detector();
        test.restore(detector);
        double batchPredictive = 0.0;
        List<BatchDelta.Alarm> alarms = new ArrayList<>(0);
        int k = model.components();
        // Per cluster, the surprise above the detector's running mean of the observations that fell
        // in its region, since the batch began or the last alarm: whom the next alarm blames.
        double[] excess = new double[k];
        for (int i = 0; i < n; i++) {
            double lpd = batch.logDensity(i);
            batchPredictive += lpd;
            double above = -lpd - test.mean();
            if (above > 0.0) {
                for (int j = 0; j < k; j++) {
                    excess[j] += batch.share(i, j) * above;
                }
            }
            if (test.add(-lpd)) {
                int blamed = argmax(excess);
                alarms.add(new BatchDelta.Alarm(i + 1, blamed, excess[blamed], test.lastAlarmStatistic()));
                Arrays.fill(excess, 0.0);
            }
        }
        return new Measured(statistics, batchPredictive, test.state(), alarms, now, posterior == null);
    }

    /**
     * Applies the update rule to a measured batch: the global step λ ← rule(λ, η, t(S)), with the
     * step count, the effective counts, the drift references and the detector carried on.
     *
     * @param batch       a batch measured under this state or, for a shared posterior, under an
     *                    earlier one
     * @param rejectedNow invalid observations refused so far
     */
    StreamState absorb(Measured batch, long rejectedNow) {
        SufficientStatistics statistics = batch.statistics();
        long n = statistics.observations();
        long t = batches + 1;
        long seen = observations + n;
        NaturalParameters before = posterior != null ? posterior : model.prior();
        UpdateRule rule = options.updateRule();
        UpdateRule.Step step = rule.step(t, (int) n);
        NaturalParameters after = step.apply(before, model.prior(), model.naturalStatistics(statistics));
        double[] newCounts = step.apply(counts, statistics.counts());
        double batchElbo = model.localElbo(after, statistics) / n + model.globalElbo(after) / rule.effectiveSize(seen);
        // The first posterior is where drift is measured from.
        NaturalParameters windowFrom = windowStart != null ? windowStart : after;
        NaturalParameters detectorFrom = detectorStart != null ? detectorStart : after;
        NaturalParameters emittedFrom = lastEmitted != null ? lastEmitted : after;

        List<DriftEvent> events = pendingEvents;
        if (!batch.alarms().isEmpty()) {
            events = new ArrayList<>(pendingEvents);
            for (BatchDelta.Alarm a : batch.alarms()) {
                events.add(new DriftEvent(observations + a.at(), batch.time(), a.cluster(), DriftEvent.PAGE_HINKLEY,
                        a.size(), a.statistic()));
            }
            detectorFrom = after;
        }

        StreamState next = new StreamState(model, options, after, newCounts, t, seen, rejectedNow, snapshots,
                batch.detector(), windowFrom, windowSnapshots, detectorFrom, emittedFrom, batch.time(), step.stepSize(),
                batchElbo, predictiveSum + batch.predictiveSum(), predictiveCount + n, events, snapshot, false);
        long every = options.emitEvery();
        boolean due = every == 0 || seen / every > observations / every;
        return due ? next.emit(rejectedNow) : next;
    }

    /**
     * A batch measured under some state: its statistics, its prequential score, and the change
     * detector's state and alarms after it.
     */
    record Measured(SufficientStatistics statistics, double predictiveSum, PageHinkley.State detector,
            List<BatchDelta.Alarm> alarms, long time, boolean fromPrior) {

        /** The measured batch as a delta to publish, with the invalid inputs met while gathering it. */
        BatchDelta toDelta(long rejected) {
            double[] moments = new double[statistics.momentsLength()];
            for (int j = 0; j < moments.length; j++) {
                moments[j] = statistics.moment(j);
            }
            return new BatchDelta((int) statistics.observations(), rejected, statistics.counts(), moments,
                    statistics.entropy(), predictiveSum, detector, alarms, time, fromPrior);
        }

        /** A published delta, to absorb; its layout is checked against the model's. */
        static Measured of(ConjugateMixture model, BatchDelta delta) {
            SufficientStatistics statistics = model.newStatistics();
            statistics.add(delta.counts(), delta.moments(), delta.entropy(), delta.observations());
            return new Measured(statistics, delta.predictiveSum(), delta.detector(), delta.alarms(), delta.time(),
                    delta.fromPrior());
        }
    }

    /**
     * The posterior the first local step starts from: the given means, or a CAVI fit of the first
     * batch from {@value #SEED_RESTARTS} seeded k-means++ starts (a single k-means++ draw often
     * puts two centres in one mode, which a stream cannot undo).
     */
    private NaturalParameters initialPosterior(double[] data, int n) {
        Initialisation init = options.initialisation();
        if (init instanceof Initialisation.GivenMeans given) {
            return model.initialPosterior(given.means(), given.variance());
        }
        double[] firstBatch = Arrays.copyOf(data, n * model.dimension());
        return Cavi.fit(model, firstBatch, new Initialisation.KMeansPlusPlus(options.seed(), SEED_RESTARTS, init.variance()),
                SEED_FIT, IterationListener.NONE).posterior();
    }

    /**
     * Returns this state as emitted: a snapshot with the drift since the last one and the events
     * since then, the drift window advanced, the pending measures cleared.
     *
     * @param rejectedNow invalid observations refused so far
     */
    StreamState emit(long rejectedNow) {
        double[] displacement = displacements(lastEmitted, posterior);
        double[] windowDisplacement = displacements(windowStart, posterior);
        double[] divergence = model.componentDivergences(lastEmitted, posterior);
        double[] windowDivergence = model.componentDivergences(windowStart, posterior);
        List<ClusterDrift> drift = new ArrayList<>(model.components());
        for (int k = 0; k < model.components(); k++) {
            drift.add(new ClusterDrift(k, displacement[k], divergence[k], windowDisplacement[k], windowDivergence[k]));
        }
        long seq = snapshots + 1;
        int inWindow = windowSnapshots + 1;
        NaturalParameters nextWindowStart = windowStart;
        if (inWindow >= options.drift().window()) {
            nextWindowStart = posterior;
            inWindow = 0;
        }
        StreamCheckpoint checkpoint = new StreamCheckpoint(posterior.values(), counts, batches, observations,
                rejectedNow, seq, detector, nextWindowStart.values(), inWindow, detectorStart.values());
        double predictive = predictiveCount == 0 ? (snapshot == null ? 0.0 : snapshot.predictiveLogDensity())
                : predictiveSum / predictiveCount;
        PosteriorSnapshot emitted = new PosteriorSnapshot(seq, observations, rejectedNow, time, model.dimension(),
                model.means(posterior), model.meanVariances(posterior), model.componentCovariances(posterior),
                weights(counts), stepSize, elbo, predictive,
                drift, pendingEvents, checkpoint);
        return new StreamState(model, options, posterior, counts, batches, observations, rejectedNow, seq, detector,
                nextWindowStart, inWindow, detectorStart, posterior, time, stepSize, elbo, 0.0, 0, List.of(), emitted, true);
    }

    /**
     * The state after a batch window closed empty: the posterior is unchanged, but invalid input
     * that came since is reported in a new snapshot, so that a quiet live stream does not hide it.
     *
     * @param rejectedNow invalid observations refused before the next valid one
     */
    StreamState withRejected(long rejectedNow) {
        if (posterior == null || rejectedNow == rejected) {
            return fresh ? new StreamState(model, options, posterior, counts, batches, observations, rejected, snapshots,
                    detector, windowStart, windowSnapshots, detectorStart, lastEmitted, time, stepSize, elbo,
                    predictiveSum, predictiveCount, pendingEvents, snapshot, false) : this;
        }
        return emit(rejectedNow);
    }

    /** Whether this step emitted {@link #snapshot()}. */
    boolean fresh() {
        return fresh;
    }

    /** Whether the last snapshot is out of date: absorbed or refused input it does not count. */
    boolean unreported(long rejectedNow) {
        return posterior != null
                && (snapshot == null || snapshot.observations() != observations || snapshot.rejected() != rejectedNow);
    }

    /** Whether the stream has a posterior yet (it has once the first batch arrived or it resumed). */
    boolean hasPosterior() {
        return posterior != null;
    }

    NaturalParameters posterior() {
        return posterior;
    }

    long rejected() {
        return rejected;
    }

    long observations() {
        return observations;
    }

    /** The last snapshot emitted up to this state, or null if none was. */
    PosteriorSnapshot snapshot() {
        return snapshot;
    }

    private double[] displacements(NaturalParameters from, NaturalParameters to) {
        int k = model.components();
        int d = model.dimension();
        double[] a = model.means(from);
        double[] b = model.means(to);
        double[] out = new double[k];
        for (int j = 0; j < k; j++) {
            double sum = 0.0;
            for (int i = 0; i < d; i++) {
                double diff = b[j * d + i] - a[j * d + i];
                sum += diff * diff;
            }
            out[j] = Math.sqrt(sum);
        }
        return out;
    }

    private static double[] weights(double[] counts) {
        double total = 0.0;
        for (double c : counts) {
            total += c;
        }
        double[] w = new double[counts.length];
        for (int k = 0; k < w.length; k++) {
            w[k] = total > 0.0 ? counts[k] / total : 1.0 / w.length;
        }
        return w;
    }

    private static int argmax(double[] values) {
        int best = 0;
        for (int k = 1; k < values.length; k++) {
            if (values[k] > values[best]) {
                best = k;
            }
        }
        return best;
    }
}
