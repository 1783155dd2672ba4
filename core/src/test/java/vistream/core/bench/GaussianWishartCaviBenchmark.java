package vistream.core.bench;

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

import vistream.core.mixture.CovarianceType;
import vistream.core.mixture.GaussianWishartMixture;
import vistream.core.mixture.GaussianWishartPrior;
import vistream.core.mixture.NaturalParameters;
import vistream.core.mixture.SufficientStatistics;
import vistream.core.mixture.WeightPrior;

/**
 * One CAVI iteration of the Gaussian–Wishart mixture, exactly the loop body of {@code Cavi}:
 * {@code spherical} is the scikit-learn comparison's case (n = 10⁶, K = 10, D = 1) and {@code full}
 * the multivariate one (n = 10⁵, K = 10, D = 8, or the D of {@code -p dimension=…}). Data: K
 * clusters with unit covariance, centres 3 apart along the diagonal; the posterior starts from the
 * true centres.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class GaussianWishartCaviBenchmark {

    @Param({"spherical", "full"})
    String covariance;

    /** The dimension of the {@code full} case (the {@code spherical} one is one-dimensional). */
    @Param({"8"})
    int dimension;

    private static final int K = 10;

    private GaussianWishartMixture model;
    private double[] data;
    private int n;
    private NaturalParameters posterior;
    private SufficientStatistics statistics;

    @Setup
    public void setUp() {
        boolean full = covariance.equals("full");
        int d = full ? dimension : 1;
        n = full ? 100_000 : 1_000_000;
        SplittableRandom random = new SplittableRandom(1);
        data = new double[n * d];
        for (int i = 0; i < n; i++) {
            int c = random.nextInt(K);
            for (int a = 0; a < d; a++) {
                double u = 1.0 - random.nextDouble();
                data[i * d + a] = 3.0 * c + Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
            }
        }
        model = new GaussianWishartMixture(K, GaussianWishartPrior.defaults(data, d, K), WeightPrior.DIRICHLET,
                full ? CovarianceType.FULL : CovarianceType.SPHERICAL);
        double[] centres = new double[K * d];
        for (int c = 0; c < K; c++) {
            for (int a = 0; a < d; a++) {
                centres[c * d + a] = 3.0 * c;
            }
        }
        posterior = model.initialPosterior(data, centres, 1.0);
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
