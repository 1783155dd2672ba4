package vistream.core.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import vistream.core.numeric.FastExp;

/**
 * Nanoseconds per exponential of a shifted logit in [−40, 0], as the local step takes them:
 * HotSpot's {@code Math.exp} intrinsic against {@link FastExp}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ExpBenchmark {

    private static final int SIZE = 1024;
    private final double[] arguments = new double[SIZE];

    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < SIZE; i++) {
            arguments[i] = -40.0 * random.nextDouble();
        }
    }

    @Benchmark
    @OperationsPerInvocation(SIZE)
    public double mathExp() {
        double sum = 0.0;
        for (double x : arguments) {
            sum += Math.exp(x);
        }
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(SIZE)
    public double fastExp() {
        double sum = 0.0;
        for (double x : arguments) {
            sum += FastExp.exp(x);
        }
        return sum;
    }
}
