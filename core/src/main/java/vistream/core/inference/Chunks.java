package vistream.core.inference;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

import vistream.core.numeric.Checks;

/**
 * Runs the chunks of a batch on up to {@code parallelism} threads: the calling thread and helpers
 * from the common {@link ForkJoinPool}, each taking the next chunk until none is left.
 *
 * <p>Why chunks of a fixed size and not one slice per thread: each chunk writes its own partial
 * result and the caller combines them in chunk order, so a fit or a stream gives bit-for-bit the
 * same numbers whatever the number of threads. The calling thread works too and waits only for
 * the chunks a helper is still finishing.
 */
public final class Chunks {

    private Chunks() {
    }

    /**
     * Calls {@code body} once for each chunk index in [0, chunks), in parallel when asked.
     *
     * @param chunks      how many chunks, at least 0
     * @param parallelism how many threads may work at once, at least 1
     * @param body        the work of one chunk; must only write that chunk's own output
     * @throws RuntimeException the first exception a chunk threw, after every helper finished
     */
    public static void forEach(int chunks, int parallelism, IntConsumer body) {
        Checks.atLeast("parallelism", parallelism, 1);
        int helpers = Math.min(parallelism, chunks) - 1;
        if (helpers <= 0) {
            for (int c = 0; c < chunks; c++) {
                body.accept(c);
            }
            return;
        }
        AtomicInteger next = new AtomicInteger();
        // The first failure, rethrown as it was thrown (join would wrap a helper's in a copy).
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        Runnable worker = () -> {
            for (int c = next.getAndIncrement(); c < chunks; c = next.getAndIncrement()) {
                try {
                    body.accept(c);
                } catch (RuntimeException e) {
                    failure.compareAndSet(null, e);
                    next.set(chunks); // the others stop after their current chunk
                }
            }
        };
        ForkJoinTask<?>[] tasks = new ForkJoinTask<?>[helpers];
        for (int h = 0; h < helpers; h++) {
            tasks[h] = ForkJoinPool.commonPool().submit(worker);
        }
        worker.run();
        for (ForkJoinTask<?> task : tasks) {
            task.join();
        }
        if (failure.get() != null) {
            throw failure.get();
        }
    }
}
