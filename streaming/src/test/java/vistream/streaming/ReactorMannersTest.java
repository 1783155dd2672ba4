package vistream.streaming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

import vistream.core.inference.UpdateRule;
import vistream.core.mixture.KnownVarianceGaussianMixture;

/** Batching by time, backpressure, cancellation and assembly-time errors. */
class ReactorMannersTest {

    private final KnownVarianceGaussianMixture model = new KnownVarianceGaussianMixture(2, 5.0, 1.0);

    private StreamOptions.Builder options() {
        return StreamOptions.builder().initialMeans(-1, 1).updateRule(new UpdateRule.StreamingVb());
    }

    @Test
    void aPartialBatchIsProcessedWhenTheBatchDelayRunsOut() {
        StreamOptions o = options().batchSize(100).maxBatchDelay(Duration.ofSeconds(2)).build();
        StepVerifier.withVirtualTime(() -> Flux.just(new double[] {-1.2}, new double[] {0.9}, new double[] {1.1})
                .concatWith(Flux.never())
                .transform(VariationalStream.of(model, o)))
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(1999))
                .thenAwait(Duration.ofMillis(1))
                .assertNext(s -> {
                    assertEquals(1, s.seq());
                    assertEquals(3, s.observations());
                    assertEquals(2000, s.time(), "the snapshot's clock is the stream's scheduler");
                })
                .expectNoEvent(Duration.ofSeconds(10))
                .thenCancel()
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void aFullBatchDoesNotWaitForTheDelay() {
        StreamOptions o = options().batchSize(3).maxBatchDelay(Duration.ofHours(1)).build();
        StepVerifier.withVirtualTime(() -> Flux.just(new double[] {-1.2}, new double[] {0.9}, new double[] {1.1})
                .concatWith(Flux.never()).transform(VariationalStream.of(model, o)))
                .assertNext(s -> assertEquals(3, s.observations()))
                .thenCancel()
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void batchesAreCutBySizeEvenWhenAnAsynchronousSourceMeetsAOneByOneConsumer() {
        // Regression: bufferTimeout's fair variant cut partial batches here when demand resumed
        // (reactor-core#4377), in about 3 % of runs; the fair windowTimeout did not (0 of 300), nor does Batches.
        StreamOptions o = options().batchSize(1000).maxBatchDelay(Duration.ofMinutes(5)).build();
        Flux<PosteriorSnapshot> snapshots = Flux.range(0, 20_000).map(i -> new double[] {i % 2 == 0 ? -1.0 : 1.0})
                .subscribeOn(reactor.core.scheduler.Schedulers.boundedElastic())
                .transform(VariationalStream.of(model, o));
        java.util.List<Long> seen = new java.util.ArrayList<>();
        for (PosteriorSnapshot s : snapshots.toIterable(1)) {
            seen.add(s.observations());
        }
        java.util.List<Long> expected = new java.util.ArrayList<>();
        for (long n = 1000; n <= 20_000; n += 1000) {
            expected.add(n);
        }
        assertEquals(expected, seen);
    }

    @Test
    void backpressureSlowsTheSourceAndBoundsWhatItIsAskedFor() {
        AtomicLong requested = new AtomicLong();
        AtomicLong produced = new AtomicLong();
        Flux<double[]> source = Flux.range(0, 1_000_000).map(i -> new double[] {i % 2 == 0 ? -1.0 : 1.0})
                .doOnRequest(n -> requested.accumulateAndGet(n, (a, b) -> a + b < 0 ? Long.MAX_VALUE : a + b))
                .doOnNext(x -> produced.incrementAndGet());
        StreamOptions o = options().batchSize(10).maxBatchDelay(Duration.ofHours(1)).build();
        StepVerifier.create(source.transform(VariationalStream.of(model, o)), 0)
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(50))
                .thenRequest(1)
                .assertNext(s -> assertEquals(1, s.seq()))
                .expectNoEvent(Duration.ofMillis(50))
                .then(() -> assertTrue(produced.get() <= 80,
                        "one snapshot asked for, " + produced.get() + " observations produced"))
                .thenRequest(2)
                .assertNext(s -> assertEquals(2, s.seq()))
                .assertNext(s -> assertEquals(3, s.seq()))
                .expectNoEvent(Duration.ofMillis(50))
                .thenCancel()
                .verify(Duration.ofSeconds(5));
        // Three snapshots of 10 observations asked for. The source is asked only for the batches
        // the scan and its downstream want, a few at most: allow 8 batches, never the million.
        assertTrue(requested.get() <= 80, "requested from the source: " + requested.get());
    }

    @Test
    void cancellationReachesTheSourceAndStopsEverything() {
        AtomicBoolean cancelled = new AtomicBoolean();
        Sinks.Many<double[]> sink = Sinks.many().unicast().onBackpressureBuffer();
        StreamOptions o = options().batchSize(2).build();
        StepVerifier.withVirtualTime(() -> sink.asFlux().doOnCancel(() -> cancelled.set(true))
                .transform(VariationalStream.of(model, o)))
                .expectSubscription()
                .then(() -> {
                    sink.tryEmitNext(new double[] {-1});
                    sink.tryEmitNext(new double[] {1});
                })
                .assertNext(s -> assertEquals(2, s.observations()))
                .thenCancel()
                .verify(Duration.ofSeconds(5));
        assertTrue(cancelled.get(), "the source saw the cancel");
        assertTrue(sink.tryEmitNext(new double[] {0}).isFailure(), "nothing listens any more");
    }

    @Test
    void errorsUpstreamPassThroughUnchanged() {
        IllegalStateException boom = new IllegalStateException("source failed");
        StreamOptions o = options().batchSize(1).build();
        StepVerifier.create(Flux.just(new double[] {0.5}).concatWith(Flux.error(boom))
                .transform(VariationalStream.of(model, o)))
                .assertNext(s -> assertEquals(1, s.observations()))
                .expectErrorMatches(e -> e == boom)
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void argumentErrorsAreThrownWhenThePipelineIsBuilt() {
        StreamOptions o = options().build();
        assertThrows(NullPointerException.class, () -> VariationalStream.of(null, o));
        assertThrows(NullPointerException.class, () -> VariationalStream.of(model, null));
        assertThrows(NullPointerException.class, () -> VariationalStream.of(model, o).apply(null));
        assertMessage("expected 2 initial means", () -> VariationalStream.of(model, options().initialMeans(1, 2, 3).build()));
        assertMessage("batch size must be at least 1", () -> options().batchSize(0).build());
        assertMessage("max batch delay must be positive", () -> options().maxBatchDelay(Duration.ZERO).build());
        assertMessage("emit-every must be at least 0", () -> options().emitEvery(-1).build());
        assertMessage("initial mean[0] is NaN", () -> options().initialMeans(Double.NaN, 1).build());
        assertMessage("initial variance", () -> options().initialVariance(0).build());
        assertMessage("drift window", () -> new DriftOptions(0, 0.1, 10, 1));
        assertMessage("Page-Hinkley threshold", () -> new DriftOptions(5, 0.1, -1, 1));
    }

    @Test
    void emptyInputCompletesWithoutASnapshot() {
        StepVerifier.create(Flux.<double[]>empty().transform(VariationalStream.of(model, options().build())))
                .verifyComplete();
    }

    static void assertMessage(String fragment, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(fragment), () -> "'" + e.getMessage() + "' should contain '" + fragment + "'");
    }
}
