package vistream.streaming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

import vistream.core.mixture.KnownVarianceGaussianMixture;

/** The batching operator: cuts by size and by time, fair backpressure, and nothing lost or reordered in a race. */
class BatchesTest {

    private static final KnownVarianceGaussianMixture MODEL = new KnownVarianceGaussianMixture(2, 10.0, 1.0);

    /** The values of a batch, and the batch given back to its pool. */
    private static double[] take(BatchWorkspace.Pool pool, BatchWorkspace b) {
        double[] values = java.util.Arrays.copyOf(b.data(), b.size());
        pool.give(b);
        return values;
    }

    @Test
    void underRacingTimerCutsEveryObservationArrivesOnceAndInOrder() {
        // A 1 ms delay against a source that pauses now and then: the timer and the source close
        // batches concurrently, thousands of times.
        int n = 200_000;
        BatchWorkspace.Pool pool = new BatchWorkspace.Pool(MODEL, 100, 1);
        Flux<double[]> source = Flux.range(0, n).map(i -> {
            if (i % 5_000 == 0) {
                LockSupport.parkNanos(1_500_000);
            }
            return new double[] {i};
        }).subscribeOn(Schedulers.boundedElastic());
        List<double[]> batches = new Batches(source, 100, Duration.ofMillis(1), Schedulers.parallel(), pool)
                .map(b -> take(pool, b))
                .collectList().block(Duration.ofSeconds(60));
        double next = 0;
        int timed = 0;
        for (double[] b : batches) {
            assertTrue(b.length <= 100);
            timed += b.length < 100 ? 1 : 0;
            for (double v : b) {
                assertEquals(next, v, "observations arrive once, in order");
                next++;
            }
        }
        assertEquals(n, next);
        assertTrue(timed > 0, "the timer cut some batches");
    }

    @Test
    void underTimerCutsAndASlowConsumerEveryObservationArrivesOnceAndInOrder() {
        // The source's thread, the timer and a slow consumer's requests all close batches: a
        // delay of 0.2 ms, a source that pauses at random, and a consumer two batches deep that
        // dawdles now and then, so that batches time out while nobody asks and close on request.
        int n = 300_000;
        BatchWorkspace.Pool pool = new BatchWorkspace.Pool(MODEL, 64, 1);
        java.util.SplittableRandom pauses = new java.util.SplittableRandom(7);
        Flux<double[]> source = Flux.range(0, n).map(i -> {
            if (pauses.nextInt(2_000) == 0) {
                LockSupport.parkNanos(300_000);
            }
            return new double[] {i};
        }).subscribeOn(Schedulers.boundedElastic());
        java.util.SplittableRandom dawdles = new java.util.SplittableRandom(8);
        List<double[]> batches = new Batches(source, 64, Duration.ofNanos(200_000), Schedulers.parallel(), pool)
                .map(b -> take(pool, b))
                .publishOn(Schedulers.single(), 2)
                .doOnNext(b -> {
                    if (dawdles.nextInt(200) == 0) {
                        LockSupport.parkNanos(500_000);
                    }
                })
                .collectList().block(Duration.ofSeconds(60));
        double next = 0;
        int cut = 0;
        for (double[] b : batches) {
            assertTrue(b.length <= 64);
            cut += b.length < 64 ? 1 : 0;
            for (double v : b) {
                assertEquals(next, v, "observations arrive once, in order");
                next++;
            }
        }
        assertEquals(n, next);
        assertTrue(cut > 0, "the timer cut some batches");
    }

    @Test
    void aBatchWhoseDelayRanOutWhileNobodyAskedClosesWhenSomebodyDoes() {
        VirtualTimeScheduler time = VirtualTimeScheduler.create();
        BatchWorkspace.Pool pool = new BatchWorkspace.Pool(MODEL, 10, 1);
        Sinks.Many<double[]> source = Sinks.many().unicast().onBackpressureBuffer();
        StepVerifier.create(new Batches(source.asFlux(), 10, Duration.ofSeconds(1), time, pool).map(b -> take(pool, b)), 0)
                .expectSubscription()
                .thenRequest(1)
                .then(() -> {
                    emit(source, 1, 2, 3);
                    time.advanceTimeBy(Duration.ofSeconds(1));
                })
                .assertNext(b -> assertEquals(List.of(1.0, 2.0, 3.0), boxed(b)))
                .then(() -> {
                    // Asked for with the first batch, they open the second; its delay runs out unasked.
                    emit(source, 4, 5);
                    time.advanceTimeBy(Duration.ofSeconds(5));
                })
                .expectNoEvent(Duration.ofMillis(20))
                .thenRequest(1)
                .assertNext(b -> assertEquals(List.of(4.0, 5.0), boxed(b)))
                .thenRequest(1)
                .then(() -> time.advanceTimeBy(Duration.ofSeconds(1)))
                .assertNext(b -> assertEquals(0, b.length, "an idle second yields an empty batch"))
                .thenCancel()
                .verify(Duration.ofSeconds(5));
    }

    /**
     * A scheduler may run a due task inside {@code schedule} (a virtual-time one does when another
     * thread has moved time on): the deadline armed by a close must then not find the gate held
     * by its own thread. Here one thread advances time without pause while another makes batches
     * time out unasked and then asks for them, thousands of times; before the fix it hung within
     * a few dozen.
     */
    @Test
    void aDeadlineRunInsideScheduleDoesNotFindTheGateHeld() throws Exception {
        VirtualTimeScheduler time = VirtualTimeScheduler.create();
        BatchWorkspace.Pool pool = new BatchWorkspace.Pool(MODEL, 1000, 1);
        Sinks.Many<double[]> source = Sinks.many().unicast().onBackpressureBuffer();
        java.util.concurrent.atomic.AtomicReference<org.reactivestreams.Subscription> upstream =
                new java.util.concurrent.atomic.AtomicReference<>();
        new Batches(source.asFlux(), 1000, Duration.ofMillis(1), time, pool)
                .subscribe(new reactor.core.publisher.BaseSubscriber<BatchWorkspace>() {
                    @Override
                    protected void hookOnSubscribe(org.reactivestreams.Subscription s) {
                        upstream.set(s);
                        s.request(1);
                    }

                    @Override
                    protected void hookOnNext(BatchWorkspace b) {
                        pool.give(b);
                    }
                });
        Object batcher = upstream.get();
        java.lang.reflect.Field timedOut = batcher.getClass().getDeclaredField("timedOut");
        timedOut.setAccessible(true);
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        Thread advancer = new Thread(() -> {
            while (!stop.get()) {
                time.advanceTimeBy(Duration.ofMillis(5));
            }
        }, "advancer");
        advancer.setDaemon(true);
        java.util.concurrent.atomic.AtomicInteger cycles = new java.util.concurrent.atomic.AtomicInteger();
        Thread requester = new Thread(() -> {
            long end = System.nanoTime() + 3_000_000_000L;
            for (int c = 0; System.nanoTime() < end; c++) {
                source.tryEmitNext(new double[] {c});
                // Until the open batch's delay has run out while nobody asked (at most 50 ms).
                long patience = System.nanoTime() + 50_000_000L;
                while (System.nanoTime() < patience) {
                    boolean out;
                    synchronized (batcher) {
                        try {
                            out = timedOut.getBoolean(batcher);
                        } catch (IllegalAccessException e) {
                            throw new AssertionError(e);
                        }
                    }
                    if (out) {
                        break;
                    }
                    Thread.onSpinWait();
                }
                upstream.get().request(2); // closes the open batch, which arms the deadline
                cycles.incrementAndGet();
            }
        }, "requester");
        requester.setDaemon(true);
        advancer.start();
        requester.start();
        requester.join(15_000);
        boolean hung = requester.isAlive();
        StackTraceElement[] where = requester.getStackTrace();
        stop.set(true);
        assertTrue(!hung, () -> "hung after " + cycles.get() + " cycles at " + java.util.Arrays.toString(where));
        assertTrue(cycles.get() > 10, "cycles: " + cycles.get());
    }

    /** An observation still in flight after a cancel (Reactive Streams §3.12) is taken quietly. */
    @Test
    void anObservationInFlightAfterACancelDoesNotThrow() {
        BatchWorkspace.Pool pool = new BatchWorkspace.Pool(MODEL, 2, 1);
        java.util.concurrent.atomic.AtomicReference<reactor.core.CoreSubscriber<? super double[]>> subscriber =
                new java.util.concurrent.atomic.AtomicReference<>();
        Flux<double[]> source = new Flux<>() {
            @Override
            public void subscribe(reactor.core.CoreSubscriber<? super double[]> actual) {
                subscriber.set(actual);
                actual.onSubscribe(reactor.core.publisher.Operators.emptySubscription());
            }
        };
        reactor.core.publisher.BaseSubscriber<BatchWorkspace> downstream = new reactor.core.publisher.BaseSubscriber<>() {
            @Override
            protected void hookOnSubscribe(org.reactivestreams.Subscription s) {
                s.request(Long.MAX_VALUE);
            }
        };
        new Batches(source, 2, Duration.ofHours(1), Schedulers.parallel(), pool).subscribe(downstream);
        subscriber.get().onNext(new double[] {1});
        downstream.dispose(); // the deadline disarmed, the worker disposed
        // Sent before the source saw the cancel, they fill a batch: its close must not throw.
        org.junit.jupiter.api.Assertions.assertDoesNotThrow(() -> subscriber.get().onNext(new double[] {2}));
        org.junit.jupiter.api.Assertions.assertDoesNotThrow(() -> subscriber.get().onNext(new double[] {3}));
        org.junit.jupiter.api.Assertions.assertDoesNotThrow(() -> subscriber.get().onNext(new double[] {4}));
    }

    private static void emit(Sinks.Many<double[]> sink, double... values) {
        for (double v : values) {
            sink.tryEmitNext(new double[] {v}).orThrow();
        }
    }

    @Test
    void theSourceIsAskedOnlyForWhatFillsTheBatchesAskedFor() {
        List<Long> requests = new ArrayList<>();
        BatchWorkspace.Pool pool = new BatchWorkspace.Pool(MODEL, 10, 1);
        Flux<double[]> source = Flux.range(0, 1_000).map(i -> new double[] {i}).doOnRequest(requests::add);
        StepVerifier.create(new Batches(source, 10, Duration.ofHours(1), Schedulers.parallel(), pool)
                        .map(b -> take(pool, b)), 0)
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(20))
                .thenRequest(2)
                .expectNextCount(2)
                .expectNoEvent(Duration.ofMillis(20))
                .thenCancel()
                .verify(Duration.ofSeconds(5));
        assertEquals(20, requests.stream().mapToLong(Long::longValue).sum(), requests.toString());
    }

    private static List<Double> boxed(double[] values) {
        List<Double> out = new ArrayList<>();
        for (double v : values) {
            out.add(v);
        }
        return out;
    }
}
