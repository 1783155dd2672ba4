package vistream.streaming;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.scheduler.VirtualTimeScheduler;

import vistream.core.inference.UpdateRule;
import vistream.core.mixture.KnownVarianceGaussianMixture;

/** Invalid observations are counted and reported, and the posterior is the clean stream's. */
class InvalidObservationsTest {

    @Test
    void invalidObservationsAreReportedAndLeaveThePosteriorUntouched() {
        KnownVarianceGaussianMixture model = new KnownVarianceGaussianMixture(3, 10.0, 1.0);
        List<double[]> clean = Synthetic.stationary(9, 2000, 1.0, -5, 0, 5);
        List<double[]> dirty = new ArrayList<>();
        List<Long> badIndices = new ArrayList<>();
        for (int i = 0; i < clean.size(); i++) {
            dirty.add(clean.get(i));
            if (i % 97 == 3) {
                badIndices.add((long) dirty.size());
                dirty.add(new double[] {Double.NaN});
            } else if (i % 151 == 7) {
                badIndices.add((long) dirty.size());
                dirty.add(new double[] {1.0, 2.0});
            } else if (i % 389 == 11) {
                badIndices.add((long) dirty.size());
                dirty.add(new double[] {Double.NEGATIVE_INFINITY});
            } else if (i == 1500) {
                badIndices.add((long) dirty.size());
                dirty.add(new double[0]);
            } else if (i == 1700) {
                badIndices.add((long) dirty.size());
                dirty.add(new double[] {1.797e308}); // finite, but its square is not
            }
        }
        VirtualTimeScheduler clock = VirtualTimeScheduler.create();
        List<InvalidObservation> reported = new ArrayList<>();
        StreamOptions.Builder builder = StreamOptions.builder().batchSize(50).timer(clock)
                .updateRule(new UpdateRule.Svi(2000, 0.7, 2)).seed(3);
        List<PosteriorSnapshot> fromClean = Flux.fromIterable(clean)
                .transform(VariationalStream.of(model, builder.build())).collectList().block();
        List<PosteriorSnapshot> fromDirty = Flux.fromIterable(dirty)
                .transform(VariationalStream.of(model, builder.onInvalid(reported::add).build())).collectList().block();

        assertEquals(badIndices, reported.stream().map(InvalidObservation::index).toList(), "each reported, in order");
        assertEquals(InvalidObservation.Reason.NOT_FINITE, reported.get(0).reason());
        assertEquals("[NaN]", reported.get(0).content());
        assertEquals("observation " + badIndices.get(0) + " has value NaN; values must be finite", reported.get(0).message());
        assertEquals(InvalidObservation.Reason.WRONG_DIMENSION,
                reported.stream().filter(r -> r.content().equals("[1.0, 2.0]")).findFirst().orElseThrow().reason());
        InvalidObservation huge = reported.stream().filter(r -> r.content().equals("[1.797E308]")).findFirst()
                .orElseThrow();
        assertEquals(InvalidObservation.Reason.OUT_OF_RANGE, huge.reason());
        assertEquals("observation " + huge.index() + " has value 1.797E308, out of range; values must be within ±1e50",
                huge.message());
        PosteriorSnapshot lastDirty = fromDirty.get(fromDirty.size() - 1);
        assertEquals(badIndices.size(), lastDirty.rejected(), "every line's rejected count");
        assertEquals(fromClean.size(), fromDirty.size());
        for (int i = 0; i < fromClean.size(); i++) {
            PosteriorSnapshot a = fromClean.get(i);
            PosteriorSnapshot b = fromDirty.get(i);
            assertEquals(a.checkpoint().posterior().length, b.checkpoint().posterior().length);
            assertEquals(java.util.Arrays.toString(a.checkpoint().posterior()),
                    java.util.Arrays.toString(b.checkpoint().posterior()), "posterior after snapshot " + a.seq());
            assertEquals(a.observations(), b.observations());
            assertEquals(a.elbo(), b.elbo(), 0.0);
            assertEquals(a.predictiveLogDensity(), b.predictiveLogDensity(), 0.0);
        }
    }

    @Test
    void trailingInvalidObservationsStillReachTheLastSnapshot() {
        KnownVarianceGaussianMixture model = new KnownVarianceGaussianMixture(1, 10.0, 1.0);
        List<double[]> data = new ArrayList<>(Synthetic.stationary(1, 10, 1.0, 0));
        data.add(new double[] {Double.NaN});
        List<PosteriorSnapshot> snapshots = Flux.fromIterable(data)
                .transform(VariationalStream.of(model, StreamOptions.builder().batchSize(5).build())).collectList().block();
        assertEquals(List.of(0L, 0L, 1L), snapshots.stream().map(PosteriorSnapshot::rejected).toList());
        assertEquals(3, snapshots.get(2).seq());
        assertEquals(10, snapshots.get(2).observations());
    }

    @Test
    void onAQuietLiveStreamTrailingInvalidInputIsReportedWhenTheNextWindowClosesEmpty() {
        KnownVarianceGaussianMixture model = new KnownVarianceGaussianMixture(1, 10.0, 1.0);
        StreamOptions options = StreamOptions.builder().batchSize(100).maxBatchDelay(java.time.Duration.ofSeconds(1))
                .build();
        reactor.test.StepVerifier.withVirtualTime(() -> Flux.just(new double[] {1}, new double[] {2}, new double[] {Double.NaN})
                .concatWith(Flux.never()).transform(VariationalStream.of(model, options)))
                .expectSubscription()
                .thenAwait(java.time.Duration.ofSeconds(1))
                .assertNext(s -> {
                    assertEquals(2, s.observations());
                    assertEquals(0, s.rejected(), "the NaN came after the batch's last observation");
                })
                .thenAwait(java.time.Duration.ofSeconds(1))
                .assertNext(s -> {
                    assertEquals(2, s.seq());
                    assertEquals(2, s.observations());
                    assertEquals(1, s.rejected(), "reported by the empty window that closed next");
                })
                .thenAwait(java.time.Duration.ofSeconds(5))
                .expectNoEvent(java.time.Duration.ofSeconds(5))
                .thenCancel()
                .verify(java.time.Duration.ofSeconds(5));
    }
}
