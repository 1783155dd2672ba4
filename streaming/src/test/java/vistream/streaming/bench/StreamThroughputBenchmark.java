package vistream.streaming.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import reactor.core.publisher.Flux;

import vistream.core.inference.UpdateRule;
import vistream.core.mixture.KnownVarianceGaussianMixture;
import vistream.core.mixture.LocalStepPath;
import vistream.core.mixture.WeightFactor;
import vistream.streaming.PosteriorSnapshot;
import vistream.streaming.StreamMoves;
import vistream.streaming.StreamOptions;
import vistream.streaming.VariationalStream;

/**
 * The streaming pipeline in-process: a {@code Flux<double[]>} of 1,048,576 observations (a pool of
 * 65,536 replayed 16 times) through SVI to snapshots, from a new stream ({@code sviPipeline}) or
 * carrying on one that has been running ({@code sviRunning}), K = 10, D = 1, batches of 1,000, with 1
 * and 2 workers, and with birth, merge and delete moves off or on (default settings; the stream is
 * stationary, so the moves' cost is their memo, reservoir and rounds that change nothing); the
 * score is observations per second. Moves need learnt weights: {@code variant=dirichlet} and
 * {@code variant=moves} both learn Dirichlet weights, and differ only by the moves.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class StreamThroughputBenchmark {

    private static final int OBSERVATIONS = 1 << 20;
    private static final int K = 10;
    private static final int POOL = 1 << 16;

    @Param({"1", "2"})
    int workers;

    /** The lecture's fixed weights; learnt Dirichlet weights; and those with moves. */
    @Param({"uniform", "dirichlet", "moves"})
    String variant;

    /** The local step's path (the bench profile starts JMH with the vector module). */
    @Param({"scalar", "vector"})
    String path;

    /**
     * The source: {@code Flux.fromIterable} of a list (a spliterator and a consumer per element) or
     * {@code Flux.fromArray} (a plain loop), repeated: what feeding the pipeline costs by itself.
     */
    @Param({"iterable", "array"})
    String source;

    private List<double[]> pool;
    private double[][] poolArray;
    private KnownVarianceGaussianMixture model;
    private StreamOptions options;
    private PosteriorSnapshot running;

    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(1);
        // Observations made once and replayed, so that the source allocates nothing per element
        // and the gc profiler sees the pipeline's own allocation.
        pool = new ArrayList<>(POOL);
        for (int i = 0; i < POOL; i++) {
            double u = 1.0 - random.nextDouble();
            pool.add(new double[] {3.0 * random.nextInt(K) + Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble())});
        }
        poolArray = pool.toArray(new double[0][]);
        model = (variant.equals("uniform") ? new KnownVarianceGaussianMixture(K, 30, 1)
                : new KnownVarianceGaussianMixture(K, 30, 1, new WeightFactor.Dirichlet(1.0 / K)))
                .onPath(LocalStepPath.valueOf(path.toUpperCase(Locale.ROOT)));
        double[] means = new double[K];
        for (int j = 0; j < K; j++) {
            means[j] = 3.0 * j + 0.3;
        }
        options = StreamOptions.builder().batchSize(1000).updateRule(new UpdateRule.Svi(1e6, 0.7, 1))
                .initialMeans(means).workers(workers).moves(variant.equals("moves") ? StreamMoves.defaults(20) : null).build();
        running = observations(16 * OBSERVATIONS / POOL).transform(VariationalStream.of(model, options)).blockLast();
    }

    /** A new stream each invocation: its first 2²⁰ observations, moves' early rounds included. */
    @Benchmark
    @OperationsPerInvocation(OBSERVATIONS)
    public PosteriorSnapshot sviPipeline() {
        return observations(OBSERVATIONS / POOL).transform(VariationalStream.of(model, options)).blockLast();
    }

    /**
     * A stream that has been running: each invocation resumes the stream from the last one's final
     * snapshot and carries it on for 2²⁰ more observations, after a first 2²⁴ made in the setup.
     * By then a quiet stream's rounds of moves have backed off to their longest wait (1,024 × 5,000
     * observations), so this is the sustained throughput, rounds included at their steady rate.
     */
    @Benchmark
    @OperationsPerInvocation(OBSERVATIONS)
    public PosteriorSnapshot sviRunning() {
        running = observations(OBSERVATIONS / POOL).transform(VariationalStream.resumeFrom(model, options, running))
                .blockLast();
        return running;
    }

    /** The pool {@code times} over, from the chosen source. */
    private Flux<double[]> observations(int times) {
        Flux<double[]> once = source.equals("array") ? Flux.fromArray(poolArray) : Flux.fromIterable(pool);
        return once.repeat(times - 1);
    }
}
