package vistream.streaming;

import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SynchronousSink;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import vistream.core.mixture.ConjugateMixture;
import vistream.core.mixture.LocalStep;
import vistream.core.mixture.NaturalParameters;
import vistream.core.mixture.PosteriorPredictive;

/**
 * Streaming variational inference as a Reactor recipe: observations in, posterior snapshots out.
 * <pre>{@code
 * Flux<PosteriorSnapshot> snapshots = observations.transform(VariationalStream.of(model, options));
 * }</pre>
 * Each observation is a {@code double[]} of the model's dimension. Valid observations are
 * gathered into minibatches by size and by time (a batch closes when full or when the delay since
 * it opened runs out; backpressure is fair both ways);
 * each minibatch is scored under the current posterior (the prequential log predictive density,
 * which also feeds the change detector), then runs the model's local step, and the update rule
 * of the options absorbs its statistics. The state is threaded by {@code scan} as an immutable
 * value, so the pipeline holds no shared mutable state but the latest posterior kept for
 * {@link #scoring()}.
 *
 * <p>Invalid observations (wrong dimension, NaN or infinite values) never reach the posterior: they
 * are counted in every snapshot's {@code rejected} and handed to the options' side channel, and
 * the stream goes on. Backpressure is honoured end to end: a slow subscriber slows the source
 * and memory stays bounded by one minibatch. Nothing blocks. Cancelling frees the batch timer.
 *
 * <p>When the observations complete, the last state is emitted if it was not already, so the
 * last snapshot is always the final posterior. An error from upstream is passed on unchanged.
 *
 * <p>A recipe may be applied to many fluxes; {@link #scoring()} reads the posterior of whichever
 * of them updated last, so share one recipe between a scoring and an updating pipeline of the
 * same observations and no others.
 */
public final class VariationalStream implements Function<Flux<double[]>, Flux<PosteriorSnapshot>> {

    /**
     * Batches assembled ahead of the one being absorbed when the stream has several workers.
     * publishOn asks for more after three quarters are taken, so four keep one queued while the
     * next ones are assembled.
     */
    static final int PIPELINE_DEPTH = 4;

    private final ConjugateMixture model;
    private final StreamOptions options;
    private final PosteriorSnapshot resumeFrom;
    private final AtomicReference<Scorer> latest = new AtomicReference<>();

    private VariationalStream(ConjugateMixture model, StreamOptions options, PosteriorSnapshot resumeFrom) {
        this.model = model;
        this.options = options;
        this.resumeFrom = resumeFrom;
        ConjugateMixture scored = resumeFrom != null ? model.withComponents(resumeFrom.checkpoint().components().size())
                : model;
        NaturalParameters start = resumeFrom != null ? new NaturalParameters(resumeFrom.checkpoint().posterior())
                : model.prior();
        latest.set(new Scorer(scored, start));
    }

    /**
     * Builds the recipe for a fresh stream.
     *
     * @param model   the mixture model
     * @param options how to batch, update and report
     * @return the recipe, to apply with {@link Flux#transform}
     * @throws NullPointerException     if an argument is null
     * @throws IllegalArgumentException if the initial means do not fit the model, or the options ask
     *                                  for moves and the model's weights are fixed
     */
    public static VariationalStream of(ConjugateMixture model, StreamOptions options) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(options, "options");
        requireLearntWeights(model, options);
        double[] means = options.initialMeans();
        if (means != null) {
            model.initialPosterior(means, options.initialVariance()); // fail at assembly, not on the first batch
        }
        return new VariationalStream(model, options, null);
    }

    /**
     * Builds the recipe for a stream that continues from a snapshot: feeding it the observations
     * that came after the snapshot gives the snapshots an uninterrupted stream would have given.
     *
     * @param model    the model the snapshot was made with
     * @param options  the options the snapshot was made with (batching and rule)
     * @param snapshot where to continue from, e.g. read back by {@link SnapshotJson#read}
     * @return the recipe
     * @throws IllegalArgumentException if the snapshot does not belong to this model
     */
    public static VariationalStream resumeFrom(ConjugateMixture model, StreamOptions options, PosteriorSnapshot snapshot) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(snapshot, "snapshot");
        requireLearntWeights(model, options);
        StreamState.resume(model, options, snapshot); // validates now
        return new VariationalStream(model, options, snapshot);
    }

    private static void requireLearntWeights(ConjugateMixture model, StreamOptions options) {
        if (options.moves() != null && !model.weightPrior().learnt()) {
            throw new IllegalArgumentException("moves need learnt weights (Dirichlet or a Dirichlet process): with fixed "
                    + "weights 1/K an unneeded component cannot be told from a needed one");
        }
    }

    @Override
    public Flux<PosteriorSnapshot> apply(Flux<double[]> observations) {
        return run(Objects.requireNonNull(observations, "observations"), x -> x);
    }

    /**
     * Returns this recipe for raw input that must be parsed first (lines of text, messages).
     * Input the parser refuses is counted and reported like any invalid observation, in stream
     * order, so that a snapshot's {@code rejected} and the side channel's indices cover it. An
     * {@link InPlaceObservationParser} is asked to parse into one reused row, which the batch copies
     * at once: with a source of reused inputs, nothing is then allocated per observation.
     *
     * @param parser turns one input into an observation or throws {@link RejectedInputException}
     * @param <T>    the raw input type
     * @return the recipe for that input, to apply with {@link Flux#transform}
     */
    public <T> Function<Flux<T>, Flux<PosteriorSnapshot>> parsing(ObservationParser<T> parser) {
        Objects.requireNonNull(parser, "parser");
        return input -> run(Objects.requireNonNull(input, "input"), parser);
    }

    private <T> Flux<PosteriorSnapshot> run(Flux<T> observations, ObservationParser<T> parser) {
        return Flux.defer(() -> {
            // Resolved per subscription, so that StepVerifier.withVirtualTime can substitute it.
            Scheduler timer = options.timer() != null ? options.timer() : Schedulers.parallel();
            StreamState start = resumeFrom != null ? StreamState.resume(model, options, resumeFrom)
                    : StreamState.initial(model, options);
            long firstIndex = resumeFrom != null ? resumeFrom.observations() + resumeFrom.rejected() : 0;
            ObservationGate<T> gate = new ObservationGate<>(parser, model.dimension(), options.onInvalid(), firstIndex,
                    start.observations(), start.rejected());
            AtomicReference<StreamState> last = new AtomicReference<>(start);
            // Not bufferTimeout: its fair-backpressure variant flushes a partial buffer whenever
            // demand resumes from zero (reactor-core#4377), cutting batches by neither size nor
            // time. Batches cuts exactly, as windowTimeout's fair variant did, and packs each batch
            // straight into a workspace from the pool, which the scan gives back once it has
            // absorbed the batch. A batch that closes empty (an idle period) still reports the
            // invalid input that came meanwhile.
            boolean pipelined = options.workers() >= 2;
            BatchWorkspace.Pool workspaces = new BatchWorkspace.Pool(model, options.batchSize(),
                    pipelined ? options.workers() - 1 : 1);
            Flux<BatchWorkspace> batches = new Batches(observations.handle(gate), options.batchSize(),
                    options.maxBatchDelay(), timer, workspaces);
            if (pipelined) {
                // Two threads: one assembles batches (at most PIPELINE_DEPTH ahead), another
                // absorbs them. subscribeOn keeps the absorbing worker's requests from running a
                // synchronous source on its own thread; a source that emits from its own thread
                // keeps doing so.
                batches = batches.subscribeOn(Schedulers.parallel(), true)
                        .publishOn(Schedulers.parallel(), PIPELINE_DEPTH);
            }
            return batches
                    .scan(start, (state, batch) -> {
                        int size = batch.size();
                        if (size == 0) {
                            workspaces.give(batch);
                            return state.withRejected(gate.rejectedBefore(state.observations() + 1));
                        }
                        long began = System.nanoTime();
                        StreamState next;
                        try {
                            next = state.next(batch, gate.rejectedBefore(state.observations() + size),
                                    timer.now(TimeUnit.MILLISECONDS));
                        } finally {
                            workspaces.give(batch);
                        }
                        options.onBatch().onBatch(size, System.nanoTime() - began);
                        return next;
                    })
                    .skip(1)
                    .doOnNext(state -> {
                        StreamState previous = last.getAndSet(state);
                        if (state.hasPosterior() && previous.posterior() != state.posterior()) {
                            latest.set(new Scorer(state.model(), state.posterior()));
                        }
                    })
                    .handle((StreamState state, SynchronousSink<PosteriorSnapshot> sink) -> {
                        if (state.fresh()) {
                            sink.next(state.snapshot());
                        }
                    })
                    .concatWith(Mono.fromSupplier(() -> finalSnapshot(last.get(), gate.rejected())));
        });
    }

    /** The last state as a snapshot, unless the last snapshot already counts everything. */
    private static PosteriorSnapshot finalSnapshot(StreamState last, long rejected) {
        return last.unreported(rejected) ? last.emit(rejected).snapshot() : null;
    }

    /**
     * Returns an operator that annotates each observation with its cluster responsibilities and
     * log predictive density under the posterior current when it passes (the prior before the
     * first update), without waiting for its batch: an anomaly score.
     *
     * <p>Invalid observations are skipped here; the updating pipeline counts and reports them.
     *
     * @return the scoring operator, to apply with {@link Flux#transform}
     */
    public Function<Flux<double[]>, Flux<ScoredObservation>> scoring() {
        return observations -> Flux.defer(() -> {
            long[] index = {0};
            return observations.handle((double[] x, SynchronousSink<ScoredObservation> sink) -> {
                if (ObservationGate.problem(x, model.dimension()) == null) {
                    sink.next(latest.get().score(index[0]++, x));
                }
            });
        });
    }

    /** The posterior prepared for scoring: local step and predictive for one λ. */
    private static final class Scorer {

        private final LocalStep localStep;
        private final PosteriorPredictive predictive;
        private final int components;

        Scorer(ConjugateMixture model, NaturalParameters posterior) {
            this.localStep = model.localStep(posterior);
            this.predictive = model.posteriorPredictive(posterior);
            this.components = model.components();
        }

        ScoredObservation score(long index, double[] x) {
            double[] phi = new double[components];
            localStep.responsibilities(x, 0, phi);
            return new ScoredObservation(index, x, phi, predictive.logDensity(x, 0));
        }
    }
}
