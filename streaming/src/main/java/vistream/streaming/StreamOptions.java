package vistream.streaming;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

import reactor.core.scheduler.Scheduler;
import vistream.core.inference.Initialisation;
import vistream.core.inference.UpdateRule;
import vistream.core.numeric.Checks;

/**
 * How a {@link VariationalStream} batches, updates, reports and tracks drift. Built with
 * {@link #builder()}; every setting is checked by {@link Builder#build()}, so a bad value fails
 * when the pipeline is assembled, not when data flows.
 */
public final class StreamOptions {

    private final int batchSize;
    private final Duration maxBatchDelay;
    private final UpdateRule updateRule;
    private final long emitEvery;
    private final double[] initialMeans;
    private final double initialVariance;
    private final long seed;
    private final DriftOptions drift;
    private final Consumer<InvalidObservation> onInvalid;
    private final BatchListener onBatch;
    private final Scheduler timer;
    private final int workers;
    private final StreamMoves moves;

    private StreamOptions(Builder b) {
        this.batchSize = b.batchSize;
        this.maxBatchDelay = b.maxBatchDelay;
        this.updateRule = b.updateRule;
        this.emitEvery = b.emitEvery;
        this.initialMeans = b.initialMeans == null ? null : b.initialMeans.clone();
        this.initialVariance = b.initialVariance;
        this.seed = b.seed;
        this.drift = b.drift;
        this.onInvalid = b.onInvalid;
        this.onBatch = b.onBatch;
        this.timer = b.timer;
        this.workers = b.workers;
        this.moves = b.moves == null ? null : b.moves.withSeed(b.moves.moves().seed() + b.seed);
    }

    /**
     * Starts from the defaults: batches of 1,000 or 1 second, streaming VB, a snapshot per batch,
     * the first batch fitted by CAVI from seeded k-means++ starts (seed 1) to start from,
     * {@link DriftOptions#DEFAULTS}.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the largest minibatch */
    public int batchSize() {
        return batchSize;
    }

    /** @return the longest a partial minibatch waits before it is processed */
    public Duration maxBatchDelay() {
        return maxBatchDelay;
    }

    /** @return how each minibatch updates the posterior */
    public UpdateRule updateRule() {
        return updateRule;
    }

    /** @return emit a snapshot each time this many more observations were absorbed; 0 for every batch */
    public long emitEvery() {
        return emitEvery;
    }

    /** @return the initial means, or null to start from a CAVI fit of the first batch */
    public double[] initialMeans() {
        return initialMeans == null ? null : initialMeans.clone();
    }

    /** @return the initial variance of each cluster factor */
    public double initialVariance() {
        return initialVariance;
    }

    /** @return the seed of the k-means++ seeding */
    public long seed() {
        return seed;
    }

    /** @return the drift settings */
    public DriftOptions drift() {
        return drift;
    }

    /** @return the side channel for invalid observations */
    public Consumer<InvalidObservation> onInvalid() {
        return onInvalid;
    }

    /** @return told after each batch with the update's duration */
    public BatchListener onBatch() {
        return onBatch;
    }

    /** @return the scheduler for batch timeouts and the clock, or null for {@code Schedulers.parallel()} */
    public Scheduler timer() {
        return timer;
    }

    /** @return how many threads may score and run the local step of one batch */
    public int workers() {
        return workers;
    }

    /** @return how the stream changes its number of components, or null if it keeps K */
    public StreamMoves moves() {
        return moves;
    }

    Initialisation initialisation() {
        return initialMeans == null ? new Initialisation.KMeansPlusPlus(seed, 1, initialVariance)
                : new Initialisation.GivenMeans(initialMeans, initialVariance);
    }

    /** Collects settings; not thread safe. */
    public static final class Builder {

        private int batchSize = 1000;
        private Duration maxBatchDelay = Duration.ofSeconds(1);
        private UpdateRule updateRule = new UpdateRule.StreamingVb();
        private long emitEvery;
        private double[] initialMeans;
        private double initialVariance = Initialisation.DEFAULT_VARIANCE;
        private long seed = 1;
        private DriftOptions drift = DriftOptions.DEFAULTS;
        private Consumer<InvalidObservation> onInvalid = invalid -> { };
        private BatchListener onBatch = BatchListener.NONE;
        private Scheduler timer;
        private int workers = 1;
        private StreamMoves moves;

        private Builder() {
        }

        /**
         * Lets the stream change its number of components by birth, merge and delete moves, each
         * accepted only when it raises the ELBO of a memo of recent observations. The model needs
         * learnt weights (a Dirichlet or a Dirichlet process): with the lecture's fixed 1/K, a
         * component cannot be told apart from an unneeded one. The births' seed is the stream's
         * {@link #seed} added to the settings' own.
         *
         * @param settings the moves' settings, e.g. {@link StreamMoves#defaults}; null keeps K fixed
         *                 (the default)
         * @return this builder
         */
        public Builder moves(StreamMoves settings) {
            this.moves = settings;
            return this;
        }

        /**
         * Sets the largest minibatch.
         *
         * @param size at least 1
         * @return this builder
         */
        public Builder batchSize(int size) {
            this.batchSize = size;
            return this;
        }

        /**
         * Sets how long a partial minibatch may wait for more observations.
         *
         * @param delay positive
         * @return this builder
         */
        public Builder maxBatchDelay(Duration delay) {
            this.maxBatchDelay = delay;
            return this;
        }

        /**
         * Sets the update rule.
         *
         * @param rule SVI, streaming VB, population VB or a constant step
         * @return this builder
         */
        public Builder updateRule(UpdateRule rule) {
            this.updateRule = rule;
            return this;
        }

        /**
         * Emits a snapshot only when the observations absorbed pass another multiple of
         * {@code observations}; 0 emits one per batch. The last state is always emitted when the
         * stream completes.
         *
         * @param observations at least 0
         * @return this builder
         */
        public Builder emitEvery(long observations) {
            this.emitEvery = observations;
            return this;
        }

        /**
         * Starts from these means instead of seeding from the first batch.
         *
         * @param means K × D means, row-major
         * @return this builder
         */
        public Builder initialMeans(double... means) {
            this.initialMeans = means.clone();
            return this;
        }

        /**
         * Sets the initial variance of each cluster factor.
         *
         * @param variance finite, positive
         * @return this builder
         */
        public Builder initialVariance(double variance) {
            this.initialVariance = variance;
            return this;
        }

        /**
         * Sets the seed of the k-means++ starts of the CAVI fit of the first batch.
         *
         * @param seed any value; the same seed gives the same stream of snapshots
         * @return this builder
         */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Sets the drift settings.
         *
         * @param drift the settings
         * @return this builder
         */
        public Builder drift(DriftOptions drift) {
            this.drift = drift;
            return this;
        }

        /**
         * Sets the side channel that receives every invalid observation. It is called on the
         * stream's thread: it must be quick and must not block; an exception from it ends the
         * stream with that error.
         *
         * @param handler the side channel
         * @return this builder
         */
        public Builder onInvalid(Consumer<InvalidObservation> handler) {
            this.onInvalid = handler;
            return this;
        }

        /**
         * Sets the listener told after each batch with the update's duration (for metrics).
         *
         * @param listener quick and non-blocking
         * @return this builder
         */
        public Builder onBatch(BatchListener listener) {
            this.onBatch = listener;
            return this;
        }

        /**
         * Sets the scheduler of batch timeouts and of the snapshots' clock.
         *
         * @param scheduler a scheduler; null for {@code Schedulers.parallel()} at subscription
         * @return this builder
         */
        public Builder timer(Scheduler scheduler) {
            this.timer = scheduler;
            return this;
        }

        /**
         * Sets how many threads work on the stream. With 1 (the default) everything runs on the
         * thread that delivers the observations. With 2 or more, one thread assembles batches
         * (a {@code subscribeOn} on {@code Schedulers.parallel()}, so a synchronous source runs
         * there) while another absorbs them ({@code publishOn}, up to four batches queued), and
         * the scoring and local step of each batch are shared, in chunks of 256 observations,
         * among {@code workers − 1} threads (the absorbing one and helpers from the common
         * {@code ForkJoinPool}). The snapshots are the same bit for bit whatever the number.
         *
         * @param workers at least 1
         * @return this builder
         */
        public Builder workers(int workers) {
            this.workers = Checks.atLeast("workers", workers, 1);
            return this;
        }

        /**
         * Checks the settings and builds the options.
         *
         * @return the options
         * @throws IllegalArgumentException naming the setting that is out of range
         * @throws NullPointerException     if a required setting is null
         */
        public StreamOptions build() {
            Checks.atLeast("batch size", batchSize, 1);
            Objects.requireNonNull(maxBatchDelay, "maxBatchDelay");
            if (maxBatchDelay.isNegative() || maxBatchDelay.isZero()) {
                throw new IllegalArgumentException("max batch delay must be positive, got " + maxBatchDelay);
            }
            Objects.requireNonNull(updateRule, "updateRule");
            if (emitEvery < 0) {
                throw new IllegalArgumentException("emit-every must be at least 0, got " + emitEvery);
            }
            if (initialMeans != null) {
                Checks.allFinite("initial mean", initialMeans);
            }
            Checks.positiveFinite("initial variance", initialVariance);
            Objects.requireNonNull(drift, "drift");
            Objects.requireNonNull(onInvalid, "onInvalid");
            Objects.requireNonNull(onBatch, "onBatch");
            return new StreamOptions(this);
        }
    }
}
