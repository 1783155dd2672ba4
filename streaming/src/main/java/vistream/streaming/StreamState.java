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
import vistream.core.mixture.PosteriorPredictive;
import vistream.core.mixture.SufficientStatistics;
import vistream.core.moves.ComponentIds;

/**
 * The immutable state a stream threads through {@code scan}, made of small immutable parts: the
 * {@link StreamPosterior} (model, λ, ids), the {@link Prequential} score and change detection, the
 * moves' {@link MoveMemory} (null without moves) and the {@link Emission}. {@link #measure} scores
 * a minibatch under the state; {@link #absorb} applies the update rule and, when one is due, a
 * round of moves; {@link #emit} turns a state into a snapshot.
 */
final class StreamState {

    /** k-means++ starts of the CAVI fit that seeds a stream from its first batch. */
    static final int SEED_RESTARTS = 5;
    private static final CaviOptions SEED_FIT = new CaviOptions(200, 1e-8, 1); // one thread: it runs inside an operator
    /** The most surprising sixteenth of each batch goes to the reservoir births are fitted to. */
    private static final int SURPRISING_SHARE = 16;

    private final StreamOptions options;
    private final StreamPosterior posterior;
    private final Prequential prequential;
    private final MoveMemory memory;
    private final Emission emission;
    private final long time;
    private final double stepSize;
    private final double elbo;
    private final long rejected;

    private StreamState(StreamOptions options, StreamPosterior posterior, Prequential prequential, MoveMemory memory,
            Emission emission, long time, double stepSize, double elbo, long rejected) {
        this.options = options;
        this.posterior = posterior;
        this.prequential = prequential;
        this.memory = memory;
        this.emission = emission;
        this.time = time;
        this.stepSize = stepSize;
        this.elbo = elbo;
        this.rejected = rejected;
    }

    /** The state of a stream that has absorbed nothing yet. */
    static StreamState initial(ConjugateMixture model, StreamOptions options) {
        return new StreamState(options, StreamPosterior.initial(model), Prequential.EMPTY,
                options.moves() == null ? null : MoveMemory.initial(options.moves()), Emission.NONE, 0, 0.0, 0.0, 0);
    }

    /**
     * The state a snapshot's checkpoint describes; the snapshot itself counts as emitted. The
     * number of components is the checkpoint's, which moves may have made other than the model's.
     */
    static StreamState resume(ConjugateMixture model, StreamOptions options, PosteriorSnapshot from) {
        StreamCheckpoint c = from.checkpoint();
        if (from.dimension() != model.dimension()) {
            throw new IllegalArgumentException("the snapshot is of observations of dimension " + from.dimension() + ", not "
                    + model.dimension());
        }
        int k = c.components().size();
        if (options.moves() == null && k != model.components()) {
            throw new IllegalArgumentException("the snapshot has " + k + " clusters, not the model's " + model.components()
                    + " (only a stream with moves changes its number of clusters)");
        }
        if (options.moves() != null && k > options.moves().moves().maxComponents()) {
            throw new IllegalArgumentException("the snapshot has " + k + " clusters, more than the bound of "
                    + options.moves().moves().maxComponents());
        }
        ConjugateMixture resumed = model.withComponents(k);
        NaturalParameters lambda = new NaturalParameters(c.posterior());
        resumed.localStep(lambda); // validates λ against the model, with its own message
        NaturalParameters windowStart = new NaturalParameters(c.window().posterior());
        model.withComponents(c.window().ids().length).localStep(windowStart);
        StreamPosterior posterior = new StreamPosterior(resumed, lambda, c.components(), c.born(), c.batches(),
                c.observations(), c.sinceChange());
        Prequential prequential = new Prequential(c.detector(), 0.0, 0, List.of(), c.episodes(), c.lastAlarm());
        MoveMemory memory = null;
        if (options.moves() != null) {
            StreamCheckpoint.Moves m = c.moves();
            memory = m == null ? MoveMemory.initial(options.moves()) : MoveMemory.of(m, model.dimension());
        }
        Emission emission = new Emission(from, false, c.snapshots(),
                new PosteriorReference(c.window().ids(), windowStart), c.window().snapshots(), posterior.reference());
        return new StreamState(options, posterior, prequential, memory, emission, from.time(), from.stepSize(),
                from.elbo(), c.rejected());
    }

    /**
     * Absorbs one minibatch: scores it under the current posterior (prequentially), feeds the
     * change detector, runs the local step, applies the update rule and any move that is due.
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
        ConjugateMixture model = posterior.model();
        double[] data = batch.data();
        int n = batch.size();
        // Before any data the posterior is the prior η (so streaming VB sums from it exactly); the
        // initial means only break the symmetry of the first local step.
        NaturalParameters before = posterior.current();
        NaturalParameters localFrom = posterior.present() ? before : initialPosterior(model, data, n);

        // Prequential scoring, each observation under the posterior that has not yet seen it, and
        // the local step: both per chunk, on the workers.
        SufficientStatistics statistics = model.newStatistics();
        PosteriorPredictive predictive = model.posteriorPredictive(before);
        batch.scoreAndAccumulate(model, predictive, model.localStep(localFrom), statistics);

        // The change detector, in stream order.
        PageHinkley test = options.drift().detector();
        test.restore(prequential.detector());
        double batchPredictive = batch.surprisesFromLogDensities();
        List<BatchDelta.Alarm> alarms = new ArrayList<>(0);
        // One alarm per batch: within a batch the posterior does not change, so a second crossing
        // says nothing the first did not; the test still restarts, so that it measures from the
        // level the batch ends at.
        int alarmAt = -1;
        double alarmStatistic = 0.0;
        double[] surprises = batch.surprises();
        for (int from = 0; from < n; ) {
            int at = test.addAll(surprises, from, n, batch.meansBefore());
            if (at < 0) {
                break;
            }
            if (alarmAt < 0) {
                alarmAt = at;
                alarmStatistic = test.lastAlarmStatistic();
            }
            from = at + 1;
        }
        if (alarmAt >= 0) {
            // Per cluster, the surprise above the detector's running mean of the observations
            // that fell in its region, from the batch's start to the alarm: whom it blames.
            double[] excess = batch.blame(predictive, alarmAt);
            int blamed = argmax(excess);
            alarms.add(new BatchDelta.Alarm(alarmAt + 1, blamed, excess[blamed], alarmStatistic));
        }
        StreamMoves moves = options.moves();
        double[] samples = moves == null ? new double[0] : batch.samples(moves.memoStride());
        double[] surprising = moves == null ? new double[0]
                : batch.surprising((n + SURPRISING_SHARE - 1) / SURPRISING_SHARE);
        return new Measured(statistics, batchPredictive, test.state(), alarms, now, !posterior.present(),
                posterior.ids().ids(), samples, surprising);
    }

    /**
     * Applies the update rule to a measured batch: the global step λ ← rule(λ, η, t(S)), with the
     * clock, the prequential score and the alarms carried on, the moves' memory fed, and a round of
     * moves if one is due.
     *
     * @param batch       a batch measured under this state or, for a shared posterior, under an
     *                    earlier one with the same components
     * @param rejectedNow invalid observations refused so far
     * @throws IllegalArgumentException if the batch was measured under other components
     */
    StreamState absorb(Measured batch, long rejectedNow) {
        if (!Arrays.equals(batch.components(), posterior.ids().ids())) {
            throw new IllegalArgumentException("a batch measured under components " + Arrays.toString(batch.components())
                    + " cannot be absorbed by a posterior of components " + Arrays.toString(posterior.ids().ids()));
        }
        SufficientStatistics statistics = batch.statistics();
        long n = statistics.observations();
        UpdateRule rule = options.updateRule();
        UpdateRule.Step step = rule.step(posterior.batches() + 1, (int) n);
        StreamPosterior updated = posterior.absorb(step, statistics);
        ConjugateMixture model = updated.model();
        NaturalParameters after = updated.posterior();
        double batchElbo = model.localElbo(after, statistics) / n
                + model.globalElbo(after) / rule.effectiveSize(updated.observations());
        Prequential scored = prequential.scored(batch, posterior.observations(), posterior.ids(), options.drift());
        if (!batch.alarms().isEmpty()) {
            updated = updated.changed();
        }
        // The first posterior is where drift is measured from.
        Emission measuredFrom = emission.from(updated.reference());
        MoveMemory remembered = memory;
        if (memory != null) {
            remembered = memory.remember(batch.samples(), batch.surprising(), (int) n, step, model.dimension(),
                    options.moves());
            remembered = MoveRound.watchAbsences(remembered, posterior, statistics, options.moves());
            long blamed = batch.alarms().isEmpty() ? -1 : posterior.ids().id(batch.alarms().get(0).cluster());
            MoveRound.Outcome round = MoveRound.run(updated, remembered, scored, blamed, options.moves(), options.drift(),
                    batch.time());
            updated = round.posterior();
            remembered = round.memory();
            scored = round.prequential();
        }
        StreamState next = new StreamState(options, updated, scored, remembered, measuredFrom.quiet(), batch.time(),
                step.stepSize(), batchElbo, rejectedNow);
        long every = options.emitEvery();
        long seen = updated.observations();
        boolean due = every == 0 || seen / every > posterior.observations() / every;
        return due ? next.emit(rejectedNow) : next;
    }

    /**
     * A batch measured under some state: its statistics, its prequential score, the change
     * detector's state and alarms after it, the components it was measured under, and what it
     * leaves for moves (every stride-th observation and the most surprising ones).
     */
    record Measured(SufficientStatistics statistics, double predictiveSum, PageHinkley.State detector,
            List<BatchDelta.Alarm> alarms, long time, boolean fromPrior, long[] components, double[] samples,
            double[] surprising) {

        /** The measured batch as a delta to publish, with the invalid inputs met while gathering it. */
        BatchDelta toDelta(long rejected) {
            double[] moments = new double[statistics.momentsLength()];
            for (int j = 0; j < moments.length; j++) {
                moments[j] = statistics.moment(j);
            }
            return new BatchDelta((int) statistics.observations(), rejected, statistics.counts(), moments,
                    statistics.entropy(), predictiveSum, detector, alarms, time, fromPrior, components, samples,
                    surprising);
        }

        /** A published delta, to absorb; its layout is checked against the model's. */
        static Measured of(ConjugateMixture model, BatchDelta delta) {
            SufficientStatistics statistics = model.newStatistics();
            statistics.add(delta.counts(), delta.moments(), delta.entropy(), delta.observations());
            return new Measured(statistics, delta.predictiveSum(), delta.detector(), delta.alarms(), delta.time(),
                    delta.fromPrior(), delta.components(), delta.samples(), delta.surprising());
        }
    }

    /**
     * The posterior the first local step starts from: the given means, or a CAVI fit of the first
     * batch from {@value #SEED_RESTARTS} seeded k-means++ starts (a single k-means++ draw often
     * puts two centres in one mode, which a stream cannot undo without moves).
     */
    private NaturalParameters initialPosterior(ConjugateMixture model, double[] data, int n) {
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
        ConjugateMixture model = posterior.model();
        NaturalParameters lambda = posterior.posterior();
        List<ClusterDrift> drift = DriftMeasures.between(posterior, emission.lastEmitted(), emission.windowStart());
        long seq = emission.snapshots() + 1;
        int inWindow = emission.windowSnapshots() + 1;
        PosteriorReference nextWindowStart = emission.windowStart();
        if (inWindow >= options.drift().window()) {
            nextWindowStart = posterior.reference();
            inWindow = 0;
        }
        ComponentIds ids = posterior.ids();
        StreamCheckpoint.Moves moves = memory == null ? null : memory.checkpoint(model.dimension());
        StreamCheckpoint checkpoint = new StreamCheckpoint(lambda.values(), ids, posterior.born(), posterior.batches(),
                posterior.observations(), rejectedNow, seq, prequential.detector(), prequential.episodes(),
                prequential.lastAlarm(), posterior.sinceChange(), new StreamCheckpoint.Window(nextWindowStart.ids(),
                        nextWindowStart.posterior().values(), inWindow), moves);
        PosteriorSnapshot last = emission.snapshot();
        double predictive = prequential.predictiveMean(last == null ? 0.0 : last.predictiveLogDensity());
        PosteriorSnapshot emitted = new PosteriorSnapshot(seq, posterior.observations(), rejectedNow, time,
                model.dimension(), ids.ids(), posterior.born(), model.means(lambda), model.meanVariances(lambda),
                model.componentCovariances(lambda), posterior.shares(), stepSize, elbo, predictive, drift,
                prequential.pending(), checkpoint);
        Emission next = new Emission(emitted, true, seq, nextWindowStart, inWindow, posterior.reference());
        return new StreamState(options, posterior, prequential.emitted(), memory, next, time, stepSize, elbo, rejectedNow);
    }

    /**
     * The state after a batch window closed empty: the posterior is unchanged, but invalid input
     * that came since is reported in a new snapshot, so that a quiet live stream does not hide it.
     *
     * @param rejectedNow invalid observations refused before the next valid one
     */
    StreamState withRejected(long rejectedNow) {
        if (!posterior.present() || rejectedNow == rejected) {
            return emission.fresh() ? new StreamState(options, posterior, prequential, memory, emission.quiet(), time,
                    stepSize, elbo, rejected) : this;
        }
        return emit(rejectedNow);
    }

    /** Whether this step emitted {@link #snapshot()}. */
    boolean fresh() {
        return emission.fresh();
    }

    /** Whether the last snapshot is out of date: absorbed or refused input it does not count. */
    boolean unreported(long rejectedNow) {
        PosteriorSnapshot s = emission.snapshot();
        return posterior.present()
                && (s == null || s.observations() != posterior.observations() || s.rejected() != rejectedNow);
    }

    /** Whether the stream has a posterior yet (it has once the first batch arrived or it resumed). */
    boolean hasPosterior() {
        return posterior.present();
    }

    /** The model at the current number of components. */
    ConjugateMixture model() {
        return posterior.model();
    }

    NaturalParameters posterior() {
        return posterior.posterior();
    }

    /** The current components' ids. */
    long[] components() {
        return posterior.ids().ids();
    }

    long rejected() {
        return rejected;
    }

    long observations() {
        return posterior.observations();
    }

    /** The last snapshot emitted up to this state, or null if none was. */
    PosteriorSnapshot snapshot() {
        return emission.snapshot();
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
