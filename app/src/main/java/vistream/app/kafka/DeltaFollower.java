package vistream.app.kafka;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.WakeupException;

/**
 * Follows the deltas log on a thread of its own and folds every record in log order, this
 * instance's included: every instance that follows the log holds the same {@link FoldState}.
 * An instance that published a delta learns from here whether the fold took it.
 *
 * <p>It is also how an idle instance learns of an outage: a poll that finds the brokers gone
 * returns nothing, like one with nothing to read, so when nothing has come for a second it asks
 * for the log's end, which needs an answer. A failed ask is reported to the {@link BrokerOutage},
 * and tried again a second after it gave up.
 */
final class DeltaFollower implements AutoCloseable {

    /** How long a quiet log goes before the follower checks that the brokers still answer. */
    private static final long PROBE_NANOS = 1_000_000_000L;

    /** What became of a published delta. */
    record Verdict(boolean folded, FoldState fold) {
    }

    /** Told of every record folded or skipped, on the follower's thread, in log order. */
    interface Listener {
        void onFold(DeltaRecord record, boolean folded, FoldState fold);
    }

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final TopicPartition log;
    private final String instance;
    private final Listener listener;
    private final PrintWriter messages;
    private final Map<Long, CompletableFuture<Verdict>> waiting = new ConcurrentHashMap<>();
    private final BrokerOutage outage;
    private final String following;
    private final Thread thread;
    private volatile FoldState fold;
    private volatile boolean running = true;
    private volatile Throwable failure;

    DeltaFollower(Map<String, Object> consumerConfig, String deltasTopic, FoldState start, String instance,
            Listener listener, PrintWriter messages, BrokerOutage outage) {
        this.consumer = new KafkaConsumer<>(consumerConfig);
        this.log = new TopicPartition(deltasTopic, 0);
        this.fold = start;
        this.instance = instance;
        this.listener = listener;
        this.messages = messages;
        this.outage = outage;
        this.following = "following " + deltasTopic;
        consumer.assign(List.of(log));
        consumer.seek(log, start.position());
        this.thread = new Thread(this::run, "vistream-deltas-" + deltasTopic);
        thread.setDaemon(true);
        thread.start();
    }

    /** @return the fold as of the last record folded */
    FoldState fold() {
        return fold;
    }

    /**
     * Returns the verdict on this instance's delta number {@code seq}, once the fold reaches it.
     * Call before publishing the delta.
     */
    CompletableFuture<Verdict> verdict(long seq) {
        CompletableFuture<Verdict> f = waiting.computeIfAbsent(seq, s -> new CompletableFuture<>());
        Throwable failed = failure;
        if (failed != null) {
            f.completeExceptionally(failed);
        }
        return f;
    }

    /** @return the error that stopped the follower, or null */
    Throwable failure() {
        return failure;
    }

    private void run() {
        long heard = System.nanoTime();
        try {
            while (running) {
                ConsumerRecords<byte[], byte[]> records;
                try {
                    records = consumer.poll(Duration.ofMillis(200));
                    if (records.isEmpty() && System.nanoTime() - heard >= PROBE_NANOS) {
                        consumer.endOffsets(List.of(log));
                        heard = System.nanoTime();
                        outage.succeeded(following);
                    }
                } catch (RetriableException e) {
                    outage.failed(following, e);
                    heard = System.nanoTime();
                    continue;
                }
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    apply(r);
                }
                if (!records.isEmpty()) {
                    heard = System.nanoTime();
                    outage.succeeded(following);
                }
            }
        } catch (WakeupException e) {
            // close() woke the poll
        } catch (RuntimeException e) {
            failure = e;
            messages.println("vistream serve: following " + log.topic() + " failed: " + e);
            messages.flush();
            waiting.values().forEach(f -> f.completeExceptionally(e));
        } finally {
            consumer.close();
        }
    }

    private void apply(ConsumerRecord<byte[], byte[]> r) {
        DeltaRecord record;
        try {
            record = KafkaJson.read(r.value(), DeltaRecord.class);
        } catch (IllegalArgumentException e) {
            // Every instance skips the same unreadable record, so the fold stays the same everywhere.
            messages.println("vistream serve: skipped deltas record " + r.offset() + ": " + e.getMessage());
            messages.flush();
            fold = fold.skip(r.offset());
            return;
        }
        FoldState before = fold;
        FoldState after;
        try {
            after = before.fold(record, r.offset());
        } catch (IllegalArgumentException e) {
            messages.println("vistream serve: skipped deltas record " + r.offset() + ": " + e.getMessage());
            messages.flush();
            after = before.skip(r.offset());
        }
        // A skipped record leaves the posterior as it was; a folded one always makes a new one.
        boolean folded = after.posterior() != before.posterior();
        fold = after;
        listener.onFold(record, folded, after);
        if (record.instance().equals(instance)) {
            CompletableFuture<Verdict> f = waiting.remove(record.seq());
            if (f != null) {
                f.complete(new Verdict(folded, after));
            }
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
