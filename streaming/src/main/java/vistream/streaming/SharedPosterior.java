package vistream.streaming;

import java.util.Objects;

import vistream.core.mixture.ConjugateMixture;

/**
 * A posterior that several instances of a stream hold alike (streaming distributed asynchronous
 * Bayes, Broderick et al. 2013): each instance {@linkplain #measure measures} its own minibatches
 * under the posterior it holds and publishes the {@link BatchDelta}; every instance
 * {@linkplain #fold folds} every delta, its own included, in one agreed order (a log). The fold is
 * deterministic, so instances that fold the same deltas in the same order hold bit for bit the
 * same posterior, with the same snapshots.
 *
 * <p>Folding applies the options' update rule with the fold's own step count: t counts the deltas
 * folded, whoever measured them. So streaming VB sums every instance's statistics; SVI's step
 * ρ_t = (t + τ)^(−κ) decays with the batches of all instances and its data size N is the whole
 * stream's; population VB's α and the constant step's forgetting act on the merged stream, whose
 * memory therefore spans α observations of all instances together, not α of each.
 *
 * <p>One instance that measures each batch under the fold of all the previous ones reaches
 * exactly the posterior of {@link VariationalStream} over the same batches. With several, a batch
 * may be measured under a posterior that lacks the deltas the other instances published
 * meanwhile: the asynchronous approximation of the paper.
 *
 * <p>Immutable; {@link #measure} may run on any thread.
 */
public final class SharedPosterior {

    private final ConjugateMixture model;
    private final StreamOptions options;
    private final StreamState state;
    private final long rejected;
    private final long deltas;

    private SharedPosterior(ConjugateMixture model, StreamOptions options, StreamState state, long rejected,
            long deltas) {
        this.model = model;
        this.options = options;
        this.state = state;
        this.rejected = rejected;
        this.deltas = deltas;
    }

    /**
     * The shared posterior before any delta: the prior.
     *
     * @param model   the mixture model
     * @param options batching, update rule and reporting; every instance must use the same
     * @return the empty fold
     */
    public static SharedPosterior start(ConjugateMixture model, StreamOptions options) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(options, "options");
        return new SharedPosterior(model, options, StreamState.initial(model, options), 0, 0);
    }

    /**
     * The shared posterior a snapshot with its checkpoint describes, to fold the deltas after it.
     *
     * @param model    the model
     * @param options  the options the snapshot was made with
     * @param snapshot a snapshot emitted by a fold
     * @param deltas   how many deltas the fold had folded when it emitted the snapshot
     * @return the fold at that point
     * @throws IllegalArgumentException if the snapshot does not belong to the model
     */
    public static SharedPosterior resume(ConjugateMixture model, StreamOptions options, PosteriorSnapshot snapshot,
            long deltas) {
        Objects.requireNonNull(snapshot, "snapshot");
        if (deltas < 0) {
            throw new IllegalArgumentException("a fold has folded no negative number of deltas, got " + deltas);
        }
        return new SharedPosterior(model, options, StreamState.resume(model, options, snapshot), snapshot.rejected(),
                deltas);
    }

    /**
     * Measures a minibatch under this posterior: scores it prequentially, runs the change detector
     * from this fold's state, and runs the local step. Before the first delta the local step
     * starts from the options' initial means or a fit of the batch itself, and the delta says so.
     *
     * @param data     observations, row-major, at least {@code n} rows of the model's dimension
     * @param n        how many, at least 1
     * @param rejected invalid inputs met while the batch was gathered
     * @param now      the clock, epoch milliseconds
     * @return the batch's delta
     * @throws IllegalArgumentException for a bad size, or values that are not finite
     */
    public BatchDelta measure(double[] data, int n, long rejected, long now) {
        int d = model.dimension();
        if (n < 1 || data.length < (long) n * d) {
            throw new IllegalArgumentException("a batch of " + n + " observations of dimension " + d + " needs at least "
                    + (long) n * d + " values, got " + data.length);
        }
        if (rejected < 0) {
            throw new IllegalArgumentException("rejected must not be negative, got " + rejected);
        }
        for (int i = 0; i < n * d; i++) {
            if (!Double.isFinite(data[i])) {
                throw new IllegalArgumentException("observation " + (i / d + 1) + " of the batch is not finite: " + data[i]);
            }
        }
        BatchWorkspace batch = new BatchWorkspace(state.model(), n, Math.max(1, options.workers() - 1));
        batch.load(data, n);
        return state.measure(batch, now).toDelta(rejected);
    }

    /**
     * Folds one delta: applies the update rule to its statistics, counts its observations and
     * invalid inputs, and carries its detector state and alarms.
     *
     * @param delta a delta measured by any instance of the same model and options
     * @return the fold after it
     * @throws IllegalArgumentException if the delta does not fit the model
     */
    public SharedPosterior fold(BatchDelta delta) {
        Objects.requireNonNull(delta, "delta");
        long rejectedNow = rejected + delta.rejected();
        if (delta.observations() == 0) {
            return new SharedPosterior(model, options, state.withRejected(rejectedNow), rejectedNow, deltas + 1);
        }
        StreamState.Measured measured;
        try {
            measured = StreamState.Measured.of(state.model(), delta);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a delta with " + delta.counts().length + " counts and "
                    + delta.moments().length + " moments does not fit this model of " + state.model().components()
                    + " clusters in " + model.dimension() + " dimensions", e);
        }
        return new SharedPosterior(model, options, state.absorb(measured, rejectedNow), rejectedNow, deltas + 1);
    }

    /**
     * Returns the ids of the posterior's components: a delta folds only if it was measured under
     * the same ones (a move in between changes them, and the delta must be measured again).
     *
     * @return the ids
     */
    public long[] components() {
        return state.components();
    }

    /** @return whether a batch has been folded (before that the posterior is the prior) */
    public boolean hasPosterior() {
        return state.hasPosterior();
    }

    /** @return valid observations folded */
    public long observations() {
        return state.observations();
    }

    /** @return invalid inputs counted by the folded deltas */
    public long rejected() {
        return rejected;
    }

    /** @return deltas folded */
    public long deltas() {
        return deltas;
    }

    /** @return the natural parameters λ of the posterior (the prior's before the first batch) */
    public double[] posterior() {
        return (state.hasPosterior() ? state.posterior() : state.model().prior()).values();
    }

    /** @return the snapshot the last fold emitted, or null if it emitted none */
    public PosteriorSnapshot emitted() {
        return state.fresh() ? state.snapshot() : null;
    }

    /** @return the last snapshot emitted up to this fold, or null before the first */
    public PosteriorSnapshot snapshot() {
        return state.snapshot();
    }
}
