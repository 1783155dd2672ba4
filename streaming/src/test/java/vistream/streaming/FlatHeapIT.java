package vistream.streaming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import vistream.core.inference.UpdateRule;
import vistream.core.mixture.KnownVarianceGaussianMixture;

/**
 * The memory check: 100,000,000 observations through the streaming pipeline in a 64 MiB heap
 * (failsafe runs this module's integration tests with -Xmx64m) finish, and the heap after a full
 * collection at every 10,000,000th observation stays flat: nothing grows with the stream.
 */
class FlatHeapIT {

    private static final long OBSERVATIONS = 100_000_000L;
    private static final int POOL = 1 << 16;
    private static final long EVERY = 10_000_000L;
    /** Slack for what a full collection leaves behind from run to run (class metadata is off-heap). */
    private static final long SLACK = 4L << 20;

    @Test
    void aHundredMillionObservationsInSixtyFourMebibytesWithAFlatHeap() {
        assertTrue(Runtime.getRuntime().maxMemory() <= 64L << 20, "run with -Xmx64m, got " + Runtime.getRuntime().maxMemory());
        SplittableRandom random = new SplittableRandom(8);
        List<double[]> pool = new ArrayList<>(POOL);
        for (int i = 0; i < POOL; i++) {
            pool.add(new double[] {3.0 * random.nextInt(10) + random.nextGaussian()});
        }
        double[] means = new double[10];
        for (int j = 0; j < 10; j++) {
            means[j] = 3.0 * j;
        }
        StreamOptions options = StreamOptions.builder().batchSize(1000).emitEvery(EVERY)
                .updateRule(new UpdateRule.Svi(1e6, 0.7, 1)).initialMeans(means).build();
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        List<Long> usedAfterGc = new ArrayList<>();
        PosteriorSnapshot last = Flux.fromIterable(pool).repeat(OBSERVATIONS / POOL)
                .take(OBSERVATIONS)
                .transform(VariationalStream.of(new KnownVarianceGaussianMixture(10, 30, 1), options))
                .doOnNext(snapshot -> {
                    System.gc();
                    usedAfterGc.add(memory.getHeapMemoryUsage().getUsed());
                })
                .blockLast();
        assertEquals(OBSERVATIONS, last.observations());
        assertEquals(OBSERVATIONS / EVERY, usedAfterGc.size());
        long first = usedAfterGc.get(0);
        for (int i = 1; i < usedAfterGc.size(); i++) {
            assertTrue(usedAfterGc.get(i) <= first + SLACK, "heap after GC grew: " + usedAfterGc);
        }
        System.out.println("heap after GC at every 10^7 observations (bytes): " + usedAfterGc);
    }
}
