package vistream.streaming;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Operators;
import reactor.core.scheduler.Scheduler;
import reactor.util.context.Context;

/**
 * Gathers observations into minibatches, packed straight into reusable {@link BatchWorkspace}s: a
 * batch closes when it holds {@code size} observations, or when {@code delay} has passed since it
 * opened (a batch opens when the previous one closes, so an idle stream yields empty batches, which
 * let the stream report invalid input that came meanwhile).
 *
 * <p>Backpressure is fair both ways. Downstream demand counts batches; the source is asked only
 * for the observations that fill the open batch, and only while downstream wants more batches than
 * are waiting. A batch whose delay runs out while nobody asks stays open and closes as soon as
 * somebody does (an empty one starts its delay again instead). It replaces {@code windowTimeout(size, delay, timer, true)} with a reduce into a
 * workspace: the same cuts, without a queue and a window per batch, and without a per-element
 * hand-off between the window and its subscriber.
 *
 * <p>State changes happen under the subscriber's monitor (source, timer and requester threads
 * meet there, briefly); batches are handed downstream by a work-in-progress loop outside it, one
 * thread at a time. The open batch and the count of observations asked for but not yet come are
 * guarded by a gate of their own, a flag taken by compare-and-set: the source's thread takes only
 * the gate for each observation (one atomic instruction where the monitor took two, 8 % of a
 * one-dimensional stream's time), and every other thread takes the monitor first, then the gate,
 * so the two are always taken in that order. The gate is held for a few instructions; a thread
 * that finds it taken spins.
 */
final class Batches extends Flux<BatchWorkspace> {

    private final Flux<double[]> source;
    private final int size;
    private final long delayNanos;
    private final Scheduler timer;
    private final BatchWorkspace.Pool pool;

    Batches(Flux<double[]> source, int size, Duration delay, Scheduler timer, BatchWorkspace.Pool pool) {
        this.source = source;
        this.size = size;
        this.delayNanos = delay.toNanos();
        this.timer = timer;
        this.pool = pool;
    }

    @Override
    public void subscribe(CoreSubscriber<? super BatchWorkspace> actual) {
        source.subscribe(new BatchSubscriber(actual, size, delayNanos, timer, pool));
    }

    private static final class BatchSubscriber implements CoreSubscriber<double[]>, Subscription {

        private static final AtomicIntegerFieldUpdater<BatchSubscriber> WIP =
                AtomicIntegerFieldUpdater.newUpdater(BatchSubscriber.class, "wip");
        private static final AtomicIntegerFieldUpdater<BatchSubscriber> GATE =
                AtomicIntegerFieldUpdater.newUpdater(BatchSubscriber.class, "gate");

        private final CoreSubscriber<? super BatchWorkspace> actual;
        private final int size;
        private final long delayNanos;
        private final Scheduler timer;
        private final Scheduler.Worker worker;
        private final BatchWorkspace.Pool pool;
        private Subscription upstream;

        // Guarded by the gate (1 while held): the open batch and the observations asked for.
        private volatile int gate;
        private BatchWorkspace open;
        private long outstanding;

        // Guarded by this.
        private final ArrayDeque<BatchWorkspace> ready = new ArrayDeque<>(4);
        /** When the open batch opened, on the timer's clock. */
        private long openedAt;
        private boolean timedOut;
        private long demand;
        /** Written by the source's terminal signals only, which come in turn with its observations. */
        private boolean done;
        private Throwable error;
        private Disposable deadline;

        private volatile boolean cancelled;
        private volatile int wip;
        private boolean terminated;

        BatchSubscriber(CoreSubscriber<? super BatchWorkspace> actual, int size, long delayNanos, Scheduler timer,
                BatchWorkspace.Pool pool) {
            this.actual = actual;
            this.size = size;
            this.delayNanos = delayNanos;
            this.timer = timer;
            this.worker = timer.createWorker();
            this.pool = pool;
        }

        @Override
        public Context currentContext() {
            return actual.currentContext();
        }

        @Override
        public void onSubscribe(Subscription s) {
            if (Operators.validate(upstream, s)) {
                upstream = s;
                synchronized (this) {
                    enterGate();
                    try {
                        open = pool.take();
                    } finally {
                        leaveGate();
                    }
                    openedAt = timer.now(TimeUnit.NANOSECONDS);
                    armDeadline(delayNanos);
                }
                actual.onSubscribe(this);
            }
        }

        @Override
        public void onNext(double[] x) {
            if (done) {
                return;
            }
            boolean full;
            enterGate();
            try {
                open.add(x);
                outstanding--;
                full = open.size() == size;
            } finally {
                leaveGate();
            }
            if (full) {
                synchronized (this) {
                    boolean still;
                    enterGate();
                    try {
                        // The timer may have closed it meanwhile; the next one cannot be full yet.
                        still = open.size() == size;
                    } finally {
                        leaveGate();
                    }
                    if (still) {
                        close();
                    }
                }
                askUpstream();
                drain();
            }
        }

        @Override
        public void onError(Throwable t) {
            synchronized (this) {
                if (done) {
                    Operators.onErrorDropped(t, actual.currentContext());
                    return;
                }
                done = true;
                error = t;
                disarmDeadline();
            }
            drain();
        }

        @Override
        public void onComplete() {
            synchronized (this) {
                if (done) {
                    return;
                }
                done = true;
                enterGate();
                try {
                    if (open.size() > 0) {
                        ready.add(open);
                    }
                    open = null;
                } finally {
                    leaveGate();
                }
                disarmDeadline();
            }
            drain();
        }

        @Override
        public void request(long n) {
            if (!Operators.validate(n)) {
                return;
            }
            synchronized (this) {
                demand = Operators.addCap(demand, n);
                if (timedOut && !done && demand > ready.size()) {
                    timedOut = false;
                    boolean empty;
                    enterGate();
                    try {
                        empty = open.size() == 0;
                    } finally {
                        leaveGate();
                    }
                    if (!empty) {
                        close(); // its delay ran out while nobody asked
                    } else {
                        openedAt = timer.now(TimeUnit.NANOSECONDS); // nothing came meanwhile: the delay starts again
                        armDeadline(delayNanos);
                    }
                }
            }
            askUpstream();
            drain();
        }

        @Override
        public void cancel() {
            if (cancelled) {
                return;
            }
            cancelled = true;
            upstream.cancel();
            synchronized (this) {
                disarmDeadline();
            }
            worker.dispose();
        }

        /**
         * Closes the open batch and opens the next; under the monitor, taking the gate only to
         * swap the two (never while arming the deadline: a scheduler may run a due task inside
         * {@code schedule}, as a virtual-time one does, and {@link #onDeadline} takes the gate).
         * The deadline is not moved here (scheduling a task per batch cost 5 % of a stream's time
         * in a thread signal): one timer is pending at a time, and when it fires early for the
         * batch then open, it waits the rest of that batch's delay.
         */
        private void close() {
            BatchWorkspace next = pool.take();
            enterGate();
            try {
                ready.add(open);
                open = next;
            } finally {
                leaveGate();
            }
            openedAt = timer.now(TimeUnit.NANOSECONDS);
            timedOut = false;
            if (deadline == null) {
                armDeadline(delayNanos);
            }
        }

        /** Takes the gate, spinning while another thread holds it for its few instructions. */
        private void enterGate() {
            while (!GATE.compareAndSet(this, 0, 1)) {
                Thread.onSpinWait();
            }
        }

        /** Leaves the gate: a release store, which publishes what was done under it to the next taker. */
        private void leaveGate() {
            GATE.lazySet(this, 0);
        }

        private void armDeadline(long afterNanos) {
            if (cancelled) {
                // Cancelled: the worker is disposed (or about to be). An observation still in
                // flight (Reactive Streams §3.12) may fill a batch and come here; onNext must not
                // throw the worker's refusal.
                return;
            }
            deadline = worker.schedule(this::onDeadline, afterNanos, TimeUnit.NANOSECONDS);
        }

        private void disarmDeadline() {
            if (deadline != null) {
                deadline.dispose();
                deadline = null;
            }
        }

        private void onDeadline() {
            synchronized (this) {
                deadline = null;
                if (done || cancelled) {
                    return;
                }
                long rest = openedAt + delayNanos - timer.now(TimeUnit.NANOSECONDS);
                if (rest > 0) {
                    armDeadline(rest); // the batch open now opened after the timer was set
                    return;
                }
                if (demand > ready.size()) {
                    close();
                } else {
                    timedOut = true;
                    return;
                }
            }
            askUpstream();
            drain();
        }

        /** Asks the source for what fills the open batch, while downstream wants more than waits. */
        private void askUpstream() {
            long want;
            synchronized (this) {
                if (done || cancelled || demand <= ready.size()) {
                    return;
                }
                enterGate();
                try {
                    want = size - open.size() - outstanding;
                    if (want <= 0) {
                        return;
                    }
                    outstanding += want;
                } finally {
                    leaveGate();
                }
            }
            upstream.request(want);
        }

        /** Hands waiting batches downstream, as demanded, then the terminal signal; one thread at a time. */
        private void drain() {
            if (WIP.getAndIncrement(this) != 0) {
                return;
            }
            int missed = 1;
            for (;;) {
                for (;;) {
                    if (cancelled || terminated) {
                        return;
                    }
                    BatchWorkspace next = null;
                    boolean complete = false;
                    Throwable failed = null;
                    synchronized (this) {
                        if (error != null && (ready.isEmpty() || demand == 0)) {
                            failed = error;
                            ready.clear();
                        } else if (demand > 0 && !ready.isEmpty()) {
                            next = ready.poll();
                            if (demand != Long.MAX_VALUE) {
                                demand--;
                            }
                        } else if (done && error == null && ready.isEmpty()) {
                            complete = true;
                        }
                    }
                    if (failed != null) {
                        terminated = true;
                        worker.dispose();
                        actual.onError(failed);
                        return;
                    }
                    if (complete) {
                        terminated = true;
                        worker.dispose();
                        actual.onComplete();
                        return;
                    }
                    if (next == null) {
                        break;
                    }
                    actual.onNext(next);
                    askUpstream();
                }
                missed = WIP.addAndGet(this, -missed);
                if (missed == 0) {
                    return;
                }
            }
        }
    }
}
