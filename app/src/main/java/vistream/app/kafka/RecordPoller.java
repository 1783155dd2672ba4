package vistream.app.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.WakeupException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import vistream.app.source.LineParser;

/**
 * The bridge from a Kafka consumer to a {@link Flux} of minibatches. One dedicated thread owns the
 * consumer: it polls, hands the records to a {@link RecordBuffer} (which parses them, cuts batches
 * by size and by time, and decides what to pause and where partitions start), emits batches only
 * as downstream requests, and runs the commands of other threads (seeks, commits) between polls.
 *
 * <p>Backpressure is Kafka's own: when a full batch waits for demand and another is already
 * buffered, the assigned partitions are paused (the consumer stays in its group, heartbeats go
 * on) and resumed once the buffer drains, so memory stays bounded by about two batches and one
 * poll.
 *
 * <p>A partition this instance is given does not start from the group's committed offset but from
 * the fold's: it stays paused until the fold has caught up with the deltas log as it stood at the
 * assignment, then is sought to the next offset the fold expects (its beginning if the fold has
 * none). A partition taken away is dropped from the buffer at once.
 *
 * <p>While the brokers do not answer, polls return nothing and the calls that need an answer (the
 * deltas log's end, a partition's beginning) are tried again with {@link RetryBackoff}; the
 * outage is reported, and the flux goes on.
 */
final class RecordPoller implements AutoCloseable {

    private static final long IDLE_POLL_MILLIS = 200;

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String topic;
    private final TopicPartition deltasLog;
    private final Supplier<FoldState> fold;
    private final BrokerOutage outage;
    private final String reading;
    private final RecordBuffer buffer;
    private final Thread thread;
    private final Queue<Consumer<KafkaConsumer<byte[], byte[]>>> commands = new ConcurrentLinkedQueue<>();
    private final AtomicLong requested = new AtomicLong();
    private volatile boolean running = true;
    private volatile Set<Integer> owned = Set.of();
    /** Records buffered and partitions paused, as of the last round of the loop (for tests and metrics). */
    private volatile int bufferedNow;
    private volatile int pausedNow;
    private volatile long lagNow;
    /** Failures in a row of the calls that start partitions, and when they may be tried again. */
    private int failures;
    private long retryAt;
    private FluxSink<RecordBatch> sink;

    RecordPoller(Map<String, Object> consumerConfig, String topic, String deltasTopic, LineParser parser, int dimension,
            int batchSize, Duration maxDelay, Supplier<FoldState> fold, BrokerOutage outage) {
        this.consumer = new KafkaConsumer<>(consumerConfig);
        this.topic = topic;
        this.deltasLog = new TopicPartition(deltasTopic, 0);
        this.fold = fold;
        this.outage = outage;
        this.reading = "reading " + topic;
        this.buffer = new RecordBuffer(topic, parser, dimension, batchSize, maxDelay, System::nanoTime);
        this.thread = new Thread(this::run, "vistream-poll-" + topic);
        thread.setDaemon(true);
        this.retryAt = System.nanoTime();
    }

    /**
     * The minibatches, for one subscriber; subscribing starts the polling thread. The flux
     * completes when the poller is closed, and fails if the consumer does (not for an outage).
     */
    Flux<RecordBatch> batches() {
        return Flux.create(s -> {
            sink = s;
            s.onRequest(n -> {
                requested.addAndGet(n);
                consumer.wakeup();
            });
            thread.start();
        });
    }

    /** @return records read but not yet in an emitted batch */
    int buffered() {
        return bufferedNow;
    }

    /** @return partitions paused because downstream has not asked for what is buffered */
    int paused() {
        return pausedNow;
    }

    /**
     * @return records of this instance's partitions not yet in an emitted batch: what the consumer
     *         has still to fetch (as of its last fetch) and what it has buffered
     */
    long backlog() {
        return lagNow;
    }

    /** On the polling thread: the consumer's lag on the started partitions, plus the buffer. */
    private long lag() {
        long lag = buffer.buffered();
        for (Integer p : buffer.started()) {
            java.util.OptionalLong l = consumer.currentLag(new TopicPartition(topic, p));
            if (l.isPresent()) {
                lag += l.getAsLong();
            }
        }
        return lag;
    }

    /** @return the partitions this instance owns at the moment */
    Set<Integer> owned() {
        return owned;
    }

    /**
     * Drops whatever is buffered of these partitions and rereads each from the given offset: the
     * fold skipped a batch, so it must be measured again from where the fold stands.
     */
    void reseek(Map<Integer, Long> offsets) {
        command(c -> buffer.reseek(offsets).forEach((p, offset) -> c.seek(new TopicPartition(topic, p), offset)));
    }

    /** Commits these offsets of the partitions this instance still owns, from the polling thread. */
    void commit(Map<Integer, Long> offsets) {
        command(c -> {
            Map<TopicPartition, OffsetAndMetadata> mine = new LinkedHashMap<>();
            offsets.forEach((p, o) -> {
                if (owned.contains(p)) {
                    mine.put(new TopicPartition(topic, p), new OffsetAndMetadata(o));
                }
            });
            if (!mine.isEmpty()) {
                // Advisory only (reads start from the fold's offsets): a failure waits for the next checkpoint.
                c.commitAsync(mine, null);
            }
        });
    }

    private void command(Consumer<KafkaConsumer<byte[], byte[]>> command) {
        commands.add(command);
        consumer.wakeup();
    }

    private void run() {
        try {
            consumer.subscribe(List.of(topic), new Rebalance());
            while (running) {
                try {
                    Consumer<KafkaConsumer<byte[], byte[]>> command;
                    while ((command = commands.poll()) != null) {
                        command.accept(consumer);
                    }
                    startWaitingPartitions();
                    while (requested.get() > 0 && buffer.due()) {
                        requested.decrementAndGet();
                        sink.next(buffer.cut());
                    }
                    applyBackpressure();
                    bufferedNow = buffer.buffered();
                    pausedNow = buffer.paused();
                    lagNow = lag();
                    long wait = buffer.pollMillis(requested.get() > 0, IDLE_POLL_MILLIS);
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(wait))) {
                        buffer.add(r.partition(), r.offset(), r.value());
                    }
                } catch (WakeupException e) {
                    // A request or a command woke a blocking call (poll, position, endOffsets): loop
                    // round to serve it; whatever was interrupted is done again.
                }
            }
            sink.complete();
        } catch (RuntimeException e) {
            sink.error(e);
        } finally {
            try {
                consumer.close();
            } catch (RuntimeException e) {
                // closing after a failure: the failure is what matters
            }
        }
    }

    private void applyBackpressure() {
        RecordBuffer.PauseChange change = buffer.backpressure();
        if (!change.pause().isEmpty()) {
            consumer.pause(partitions(change.pause()));
        }
        if (!change.resume().isEmpty()) {
            consumer.resume(partitions(change.resume()));
        }
    }

    private List<TopicPartition> partitions(Collection<Integer> numbers) {
        List<TopicPartition> out = new ArrayList<>(numbers.size());
        numbers.forEach(p -> out.add(new TopicPartition(topic, p)));
        return out;
    }

    /**
     * Starts the partitions that were given to this instance once the fold has caught up. The two
     * calls here need the brokers: when they do not answer, this is tried again after a pause.
     */
    private void startWaitingPartitions() {
        if (System.nanoTime() - retryAt < 0) {
            return;
        }
        try {
            if (buffer.needsLogEnd()) {
                buffer.logEnd(consumer.endOffsets(List.of(deltasLog)).get(deltasLog));
            }
            // One by one, so that a call cut short leaves the others waiting, still paused.
            buffer.startable(fold.get()).forEach((p, offset) -> {
                TopicPartition tp = new TopicPartition(topic, p);
                long from;
                if (offset != null) {
                    consumer.seek(tp, offset);
                    from = offset;
                } else {
                    consumer.seekToBeginning(List.of(tp));
                    from = consumer.position(tp);
                }
                buffer.start(p, from);
                consumer.resume(List.of(tp));
            });
            failures = 0;
            outage.succeeded(reading);
        } catch (RetriableException e) {
            // What did not start still waits, paused.
            failures++;
            retryAt = System.nanoTime() + RetryBackoff.pause(failures).toNanos();
            outage.failed(reading, e);
        }
    }

    private final class Rebalance implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                return;
            }
            consumer.pause(partitions);
            List<Integer> given = partitions.stream().map(TopicPartition::partition).toList();
            // The log's end is asked between polls, where a wakeup cannot cut the rebalance short.
            buffer.assigned(given);
            Set<Integer> now = new HashSet<>(owned);
            now.addAll(given);
            owned = Set.copyOf(now);
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            forget(partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            forget(partitions);
        }

        private void forget(Collection<TopicPartition> partitions) {
            List<Integer> taken = partitions.stream().map(TopicPartition::partition).toList();
            buffer.revoked(taken);
            Set<Integer> now = new HashSet<>(owned);
            now.removeAll(taken);
            owned = Set.copyOf(now);
        }
    }

    /** Stops polling: the batches flux completes, the consumer leaves its group cleanly. */
    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        if (thread.isAlive() && Thread.currentThread() != thread) {
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
