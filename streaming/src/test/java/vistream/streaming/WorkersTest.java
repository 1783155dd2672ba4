package vistream.streaming;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

import vistream.core.inference.UpdateRule;
import vistream.core.mixture.CovarianceType;
import vistream.core.mixture.GaussianWishartMixture;
import vistream.core.mixture.GaussianWishartPrior;
import vistream.core.mixture.KnownVarianceGaussianMixture;
import vistream.core.mixture.WeightPrior;

/** Several workers change where the work runs, never what it computes. */
class WorkersTest {

    @Test
    void snapshotsAreTheSameBitForBitWhateverTheNumberOfWorkers() {
        List<double[]> data = Synthetic.stationary(11, 20_000, 1.0, -4, 0.5, 5);
        KnownVarianceGaussianMixture model = new KnownVarianceGaussianMixture(3, 10.0, 1.0);
        List<PosteriorSnapshot> one = run(model, data, 1);
        for (int workers : new int[] {2, 3}) {
            List<PosteriorSnapshot> many = run(model, data, workers);
            assertEquals(one.size(), many.size());
            for (int s = 0; s < one.size(); s++) {
                assertArrayEquals(one.get(s).checkpoint().posterior(), many.get(s).checkpoint().posterior(), 0.0);
                assertEquals(one.get(s).elbo(), many.get(s).elbo(), 0.0);
                assertEquals(one.get(s).predictiveLogDensity(), many.get(s).predictiveLogDensity(), 0.0);
                assertEquals(one.get(s).driftEvents(), many.get(s).driftEvents());
            }
        }
    }

    @Test
    void aMultivariateModelToo() {
        List<double[]> data = new ArrayList<>();
        java.util.SplittableRandom random = new java.util.SplittableRandom(3);
        for (int i = 0; i < 6000; i++) {
            int c = random.nextInt(3);
            data.add(new double[] {4.0 * c + random.nextGaussian(), -2.0 * c + random.nextGaussian()});
        }
        GaussianWishartMixture model = new GaussianWishartMixture(3,
                GaussianWishartPrior.defaults(Synthetic.flatten(data), 2, 3), WeightPrior.DIRICHLET, CovarianceType.FULL);
        List<PosteriorSnapshot> one = run(model, data, 1);
        List<PosteriorSnapshot> two = run(model, data, 2);
        assertEquals(one.size(), two.size());
        for (int s = 0; s < one.size(); s++) {
            assertArrayEquals(one.get(s).checkpoint().posterior(), two.get(s).checkpoint().posterior(), 0.0);
        }
    }

    @Test
    void batchesAreAbsorbedOffTheSourcesThreadAndBackpressureHolds() {
        List<double[]> data = Synthetic.stationary(5, 5_000, 1.0, 0, 4);
        Set<String> threads = ConcurrentHashMap.newKeySet();
        StreamOptions options = StreamOptions.builder().batchSize(100).initialMeans(0.0, 4.0).workers(2)
                .onBatch((n, nanos) -> threads.add(Thread.currentThread().getName())).build();
        StepVerifier.create(Flux.fromIterable(data).transform(VariationalStream.of(new KnownVarianceGaussianMixture(2, 10, 1), options)), 0)
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(50))
                .thenRequest(3)
                .expectNextCount(3)
                .thenRequest(Long.MAX_VALUE)
                .expectNextCount(47)
                .verifyComplete();
        assertTrue(threads.stream().allMatch(t -> t.startsWith("parallel-")), threads.toString());
        assertThrows(IllegalArgumentException.class, () -> StreamOptions.builder().workers(0));
    }

    private static List<PosteriorSnapshot> run(vistream.core.mixture.ConjugateMixture model, List<double[]> data, int workers) {
        StreamOptions options = StreamOptions.builder().batchSize(1000).updateRule(new UpdateRule.Svi(1e5, 0.7, 1))
                .workers(workers).seed(7).build();
        return Flux.fromIterable(data).transform(VariationalStream.of(model, options)).collectList().block();
    }
}
