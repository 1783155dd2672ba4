package vistream.core.bench;

import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import vistream.core.mixture.KnownVarianceGaussianMixture;
import vistream.core.mixture.LocalStepPath;
import vistream.core.mixture.NaturalParameters;
import vistream.core.mixture.SufficientStatistics;

/**
 * One CAVI iteration of the lecture model: the fused local step over all the data, the global
 * step and the ELBO, exactly the loop body of {@code Cavi}, on the scalar and the vector local
 * step ({@code path}; the bench profile starts JMH with the vector module).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CaviIterationBenchmark {

    @Param("1000000")
    int n;

    @Param("10")
    int k;

    @Param({"scalar", "vector"})
    String path;

    private KnownVarianceGaussianMixture model;
    private double[] data;
    private NaturalParameters posterior;
    private SufficientStatistics statistics;

    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(1);
        data = new double[n];
        for (int i = 0; i < n; i++) {
            double u = 1.0 - random.nextDouble();
            data[i] = 3.0 * random.nextInt(k) + Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
        }
        model = new KnownVarianceGaussianMixture(k, 30, 1).onPath(LocalStepPath.valueOf(path.toUpperCase(Locale.ROOT)));
        double[] means = new double[k];
        for (int j = 0; j < k; j++) {
            means[j] = 3.0 * j + 0.5;
        }
        posterior = model.initialPosterior(means, 1.0);
        statistics = model.newStatistics();
    }

    @Benchmark
    public double iteration() {
        statistics.clear();
        model.localStep(posterior).accumulate(data, 0, n, statistics);
        NaturalParameters next = model.globalStep(statistics, 1.0);
        return model.elbo(next, statistics);
    }
}
