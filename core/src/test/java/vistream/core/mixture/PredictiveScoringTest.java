package vistream.core.mixture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * A stream scores every observation with {@link PosteriorPredictive#logDensities(double[], int, int, double[])}
 * and asks for shares only when an alarm needs them, by scoring a prefix again with the
 * five-argument form. That is sound only if both forms give the same log densities bit for bit,
 * on every model and path, whatever the range: checked here, on ranges that cut blocks and
 * chunks anywhere.
 */
class PredictiveScoringTest {

    @Test
    void logDensitiesWithoutSharesAreThoseWithSharesBitForBit() {
        SplittableRandom random = new SplittableRandom(5);
        for (Case c : cases(random)) {
            int d = c.dimension;
            for (int n : new int[] {1, 7, 63, 64, 65, 255, 256, 257, 700}) {
                double[] data = new double[(n + 3) * d];
                for (int i = 0; i < data.length; i++) {
                    data[i] = 3.0 * random.nextInt(c.predictive.components()) + random.nextGaussian() * 1.5;
                }
                int from = random.nextInt(3);
                int to = from + n;
                double[] with = new double[to];
                double[] shares = new double[to * c.predictive.components()];
                double[] without = new double[to];
                c.predictive.logDensities(data, from, to, with, shares);
                c.predictive.logDensities(data, from, to, without);
                assertArrayEquals(with, without, 0.0, c.name + " n=" + n);
                // And a prefix scored again gives its shares, the same bits as the whole batch's.
                int last = from + random.nextInt(n);
                double[] again = new double[to];
                double[] prefixShares = new double[to * c.predictive.components()];
                c.predictive.logDensities(data, from, last + 1, again, prefixShares);
                for (int i = from * c.predictive.components(); i < (last + 1) * c.predictive.components(); i++) {
                    assertEquals(shares[i], prefixShares[i], 0.0, c.name + " n=" + n + " share " + i);
                }
            }
        }
    }

    /**
     * A stream scores every observation this way, so the scalar forms must allocate per call, not
     * per observation (the default method's per-observation scratch cost a Gaussian–Wishart
     * stream 32 bytes an observation). Counted by the thread's allocation counter over calls of
     * 256 observations: per-call arrays come to well under a byte an observation.
     */
    @Test
    void scoringWithoutSharesAllocatesNothingPerObservation() {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        for (Case c : cases(new SplittableRandom(10))) {
            if (c.name.contains("vector")) {
                continue; // its lanes are boxed until C2 compiles them: measured by JMH instead
            }
            int n = 256;
            double[] data = new double[n * c.dimension];
            SplittableRandom random = new SplittableRandom(3);
            for (int i = 0; i < data.length; i++) {
                data[i] = 3.0 * random.nextInt(c.predictive.components()) + random.nextGaussian();
            }
            double[] out = new double[n];
            for (int rep = 0; rep < 200; rep++) {
                c.predictive.logDensities(data, 0, n, out);
            }
            long before = threads.getThreadAllocatedBytes(thread);
            int calls = 200;
            for (int rep = 0; rep < calls; rep++) {
                c.predictive.logDensities(data, 0, n, out);
            }
            double perObservation = (threads.getThreadAllocatedBytes(thread) - before) / (double) (calls * n);
            assertEquals(true, perObservation < 2.0, c.name + ": " + perObservation + " bytes per observation");
        }
    }

    @Test
    void withoutSharesANonFiniteObservationIsRefusedByItsIndex() {
        for (Case c : cases(new SplittableRandom(9))) {
            double[] data = new double[100 * c.dimension];
            data[41 * c.dimension] = Double.POSITIVE_INFINITY;
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> c.predictive.logDensities(data, 0, 100, new double[100]), c.name);
            assertEquals(true, e.getMessage().startsWith("observation 41 "), c.name + ": " + e.getMessage());
        }
    }

    private record Case(String name, int dimension, PosteriorPredictive predictive) {
    }

    private static List<Case> cases(SplittableRandom random) {
        List<Case> out = new ArrayList<>();
        for (int k : new int[] {1, 3, 10}) {
            double[] means = new double[k];
            for (int j = 0; j < k; j++) {
                means[j] = 3.0 * j + random.nextDouble();
            }
            for (WeightFactor weights : new WeightFactor[] {new WeightFactor.Uniform(), new WeightFactor.Dirichlet(0.5)}) {
                KnownVarianceGaussianMixture model = new KnownVarianceGaussianMixture(k, 10.0, 1.0, weights);
                NaturalParameters lambda = model.initialPosterior(means, 0.4);
                out.add(new Case("known variance, scalar, K=" + k + " " + weights, 1,
                        model.onPath(LocalStepPath.SCALAR).posteriorPredictive(lambda)));
                if (LocalStepPath.vectorAvailable()) {
                    out.add(new Case("known variance, vector, K=" + k + " " + weights, 1,
                            model.onPath(LocalStepPath.VECTOR).posteriorPredictive(lambda)));
                }
            }
            for (int d : new int[] {1, 2, 5}) {
                double[] sample = new double[200 * d];
                for (int i = 0; i < sample.length; i++) {
                    sample[i] = 3.0 * random.nextInt(k) + random.nextGaussian();
                }
                GaussianWishartMixture model = new GaussianWishartMixture(k, GaussianWishartPrior.defaults(sample, d, k));
                double[] centres = new double[k * d];
                for (int i = 0; i < centres.length; i++) {
                    centres[i] = 3.0 * (i / d) + random.nextDouble();
                }
                out.add(new Case("Gaussian-Wishart, D=" + d + " K=" + k, d,
                        model.posteriorPredictive(model.initialPosterior(centres, 1.0))));
            }
        }
        return out;
    }
}
