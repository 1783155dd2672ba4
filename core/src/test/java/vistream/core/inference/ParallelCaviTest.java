package vistream.core.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicIntegerArray;

import org.junit.jupiter.api.Test;

import vistream.core.mixture.CovarianceType;
import vistream.core.mixture.GaussianWishartMixture;
import vistream.core.mixture.GaussianWishartPrior;
import vistream.core.mixture.KnownVarianceGaussianMixture;
import vistream.core.mixture.WeightPrior;

/** The parallel local step: the same fit bit for bit whatever the number of threads. */
class ParallelCaviTest {

    @Test
    void theFitDoesNotDependOnTheNumberOfThreads() {
        SplittableRandom random = new SplittableRandom(5);
        int n = 5 * Cavi.CHUNK + 123; // several chunks and a short last one
        double[] data = new double[2 * n];
        for (int i = 0; i < data.length; i++) {
            data[i] = 4.0 * random.nextInt(3) + random.nextGaussian();
        }
        Initialisation init = new Initialisation.KMeansPlusPlus(9, 2, 1.0);
        GaussianWishartMixture full = new GaussianWishartMixture(3, GaussianWishartPrior.defaults(data, 2, 3),
                WeightPrior.DIRICHLET_PROCESS, CovarianceType.FULL);
        KnownVarianceGaussianMixture lecture = new KnownVarianceGaussianMixture(3, 10, 1);
        for (int threads : new int[] {2, 3, 8}) {
            CaviResult one = Cavi.fit(full, data, init, new CaviOptions(40, 0.0, 1), IterationListener.NONE);
            CaviResult many = Cavi.fit(full, data, init, new CaviOptions(40, 0.0, threads), IterationListener.NONE);
            assertArrayEquals(one.elbo(), many.elbo(), 0.0);
            assertArrayEquals(one.posterior().values(), many.posterior().values(), 0.0);
            CaviResult a = Cavi.fit(lecture, data, init, new CaviOptions(40, 0.0, 1), IterationListener.NONE);
            CaviResult b = Cavi.fit(lecture, data, init, new CaviOptions(40, 0.0, threads), IterationListener.NONE);
            assertArrayEquals(a.posterior().values(), b.posterior().values(), 0.0);
        }
    }

    @Test
    void everyChunkRunsOnceAndTheFirstFailureComesBackAsThrown() {
        AtomicIntegerArray runs = new AtomicIntegerArray(100);
        Chunks.forEach(100, 4, c -> runs.incrementAndGet(c));
        for (int c = 0; c < 100; c++) {
            assertEquals(1, runs.get(c), "chunk " + c);
        }
        IllegalArgumentException failure = new IllegalArgumentException("observation 7 holds NaN");
        IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class, () -> Chunks.forEach(50, 3, c -> {
            if (c == 20) {
                throw failure;
            }
        }));
        assertSame(failure, thrown);
        assertThrows(IllegalArgumentException.class, () -> Chunks.forEach(3, 0, c -> { }));
    }
}
