package vistream.app.kafka;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
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
import org.apache.kafka.common.errors.WakeupException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import vistream.app.source.Line;
import vistream.app.source.LineParser;
import vistream.streaming.InvalidObservation;
import vistream.streaming.RejectedInputException;

/**
 * The bridge from a Kafka consumer to a {@link Flux} of minibatches. One dedicated thread owns the
 * consumer: it polls, parses, cuts batches by size and by time, emits them only as downstream
 * requests, and runs the commands of other threads (seeks, commits) between polls.
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
 */
final class RecordPoller implements AutoCloseable {

    private static final long IDLE_POLL_MILLIS = 200;

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String topic;
    private final TopicPartition deltasLog;
    private final LineParser parser;
    private final int dimension;
    private final int batchSize;
    private final long maxDelayNanos;
    private final Supplier<FoldState> fold;
    /** Strict UTF-8, used on the polling thread only (decode resets it each time). */
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private final Thread thread;
    private final Queue<Consumer<KafkaConsumer<byte[], byte[]>>> commands = new ConcurrentLinkedQueue<>();
    private final AtomicLong requested = new AtomicLong();
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    /** Per owned partition that has started, the offset the next batch covers it from. */
    private final Map<Integer, Long> next = new HashMap<>();
    /** Partitions given to this instance that wait for the fold to catch up before they start. */
    private final Set<Integer> waiting = new HashSet<>();
    /** The deltas log's end when the waiting partitions were given, or {@link #UNKNOWN} until asked. */
    private long waitingFor = UNKNOWN;
    private static final long UNKNOWN = -1;
    private final Set<Integer> paused = new HashSet<>();
    private int pendingValid;
    private volatile boolean running = true;
    private volatile Set<Integer> owned = Set.of();
    /** Records buffered and partitions paused, as of the last round of the loop (for tests and metrics). */
    private volatile int bufferedNow;
    private volatile int pausedNow;
    private volatile long lagNow;
    private FluxSink<RecordBatch> sink;

    private static final class Pending {
        final int partition;
        final long offset;
        final double[] x;
        final RecordBatch.DeadLetter dead;
        final long arrival;

        Pending(int partition, long offset, double[] x, RecordBatch.DeadLetter dead, long arrival) {
            this.partition = partition;
            this.offset = offset;
            this.x = x;
            this.dead = dead;
            this.arrival = arrival;
        }
    }

    RecordPoller(Map<String, Object> consumerConfig, String topic, String deltasTopic, LineParser parser, int dimension,
            int batchSize, Duration maxDelay, Supplier<FoldState> fold) {
        this.consumer = new KafkaConsumer<>(consumerConfig);
        this.topic = topic;
        this.deltasLog = new TopicPartition(deltasTopic, 0);
        this.parser = parser;
        this.dimension = dimension;
        this.batchSize = batchSize;
        this.maxDelayNanos = maxDelay.toNanos();
        this.fold = fold;
        this.thread = new Thread(this::run, "vistream-poll-" + topic);
        thread.setDaemon(true);
    }

    /**
     * The minibatches, for one subscriber; subscribing starts the polling thread. The flux
     * completes when the poller is closed, and fails if the consumer does.
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
        long lag = pending.size();
        for (Integer p : next.keySet()) {
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
        command(c -> {
            for (Map.Entry<Integer, Long> e : offsets.entrySet()) {
                if (next.containsKey(e.getKey())) {
                    drop(e.getKey());
                    c.seek(new TopicPartition(topic, e.getKey()), e.getValue());
                    next.put(e.getKey(), e.getValue());
                }
            }
        });
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
                    emitDueBatches();
                    applyBackpressure();
                    bufferedNow = pending.size();
                    pausedNow = paused.size();
                    lagNow = lag();
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(pollMillis()))) {
                        add(r);
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

    /** How long the next poll may wait: until the oldest buffered record's batch is due, at most. */
    private long pollMillis() {
        if (pending.isEmpty() || requested.get() == 0) {
            return IDLE_POLL_MILLIS;
        }
        long due = pending.peekFirst().arrival + maxDelayNanos - System.nanoTime();
        return Math.max(0, Math.min(IDLE_POLL_MILLIS, (due + 999_999) / 1_000_000));
    }

    private void add(ConsumerRecord<byte[], byte[]> r) {
        if (!next.containsKey(r.partition())) {
            return; // fetched before the partition was taken away or sought
        }
        long now = System.nanoTime();
        try {
            double[] x = parser.parse(new Line(topic + "-" + r.partition(), r.offset(), text(r)));
            InvalidObservation invalid = InvalidObservation.check(r.offset(), x, dimension);
            if (invalid != null) {
                pending.add(new Pending(r.partition(), r.offset(), null, new RecordBatch.DeadLetter(r.partition(),
                        r.offset(), invalid.reason(), topic + "-" + r.partition() + ":" + r.offset() + ": "
                        + invalid.message(), invalid.content()), now));
                return;
            }
            pending.add(new Pending(r.partition(), r.offset(), x, null, now));
            pendingValid++;
        } catch (RejectedInputException e) {
            String content = r.value() == null ? "" : new String(r.value(), StandardCharsets.UTF_8);
            pending.add(new Pending(r.partition(), r.offset(), null,
                    new RecordBatch.DeadLetter(r.partition(), r.offset(), e.reason(), e.getMessage(), content), now));
        }
    }

    /** The record's value as one line of UTF-8 text, without a line ending. */
    private String text(ConsumerRecord<byte[], byte[]> r) {
        String where = topic + "-" + r.partition() + ":" + r.offset() + ": ";
        if (r.value() == null || r.value().length == 0) {
            throw new RejectedInputException(InvalidObservation.Reason.MALFORMED, where + "the record has no value");
        }
        String s;
        try {
            s = utf8.decode(ByteBuffer.wrap(r.value())).toString();
        } catch (CharacterCodingException e) {
            throw new RejectedInputException(InvalidObservation.Reason.MALFORMED, where + "the record is not UTF-8 text");
        }
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == '\n' || s.charAt(end - 1) == '\r')) {
            end--;
        }
        return s.substring(0, end).strip();
    }

    private void emitDueBatches() {
        while (requested.get() > 0 && !pending.isEmpty()
                && (pendingValid >= batchSize || System.nanoTime() - pending.peekFirst().arrival >= maxDelayNanos)) {
            requested.decrementAndGet();
            sink.next(cut());
        }
    }

    /** Takes the oldest records up to and including the {@code batchSize}-th valid one. */
    private RecordBatch cut() {
        int size = Math.min(batchSize, pendingValid);
        double[] rows = new double[size * dimension];
        List<RecordBatch.DeadLetter> rejected = new ArrayList<>(0);
        Map<Integer, long[]> ranges = new LinkedHashMap<>();
        int taken = 0;
        // Up to the size-th valid record; when only invalid ones waited past the delay, all of them.
        while (!pending.isEmpty() && (size == 0 || taken < size)) {
            Pending p = pending.pollFirst();
            long[] range = ranges.computeIfAbsent(p.partition, k -> new long[] {next.get(k), 0});
            range[1] = p.offset + 1;
            next.put(p.partition, p.offset + 1);
            if (p.x != null) {
                System.arraycopy(p.x, 0, rows, taken * dimension, dimension);
                taken++;
                pendingValid--;
            } else {
                rejected.add(p.dead);
            }
        }
        List<DeltaRecord.Range> covered = new ArrayList<>(ranges.size());
        ranges.forEach((partition, r) -> covered.add(new DeltaRecord.Range(partition, r[0], r[1])));
        return new RecordBatch(rows, size, rejected, covered);
    }

    /** Pauses the owned partitions while two batches' worth waits, resumes them below one. */
    private void applyBackpressure() {
        boolean full = pendingValid >= 2 * batchSize || pending.size() >= 4 * batchSize;
        Set<TopicPartition> change = new HashSet<>();
        for (Integer p : next.keySet()) {
            if (full && paused.add(p) || !full && pendingValid < batchSize && paused.remove(p)) {
                change.add(new TopicPartition(topic, p));
            }
        }
        if (change.isEmpty()) {
            return;
        }
        if (full) {
            consumer.pause(change);
        } else {
            consumer.resume(change);
        }
    }

    /** Starts the partitions that were given to this instance once the fold has caught up. */
    private void startWaitingPartitions() {
        if (waiting.isEmpty()) {
            return;
        }
        if (waitingFor == UNKNOWN) {
            waitingFor = consumer.endOffsets(List.of(deltasLog)).get(deltasLog);
        }
        if (fold.get().position() < waitingFor) {
            return;
        }
        FoldState at = fold.get();
        waitingFor = UNKNOWN;
        List<TopicPartition> start = new ArrayList<>();
        for (Integer p : waiting) {
            TopicPartition tp = new TopicPartition(topic, p);
            Long offset = at.offsets().get(p);
            if (offset != null) {
                consumer.seek(tp, offset);
            } else {
                consumer.seekToBeginning(List.of(tp));
                offset = consumer.position(tp);
            }
            next.put(p, offset);
            start.add(tp);
        }
        waiting.clear();
        consumer.resume(start);
    }

    /** Forgets what is buffered of a partition. */
    private void drop(int partition) {
        Iterator<Pending> it = pending.iterator();
        while (it.hasNext()) {
            Pending p = it.next();
            if (p.partition == partition) {
                it.remove();
                if (p.x != null) {
                    pendingValid--;
                }
            }
        }
    }

    private final class Rebalance implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                return;
            }
            consumer.pause(partitions);
            for (TopicPartition tp : partitions) {
                waiting.add(tp.partition());
            }
            Set<Integer> now = new HashSet<>(owned);
            partitions.forEach(tp -> now.add(tp.partition()));
            owned = Set.copyOf(now);
            // Asked between polls, where a wakeup cannot cut the rebalance short.
            waitingFor = UNKNOWN;
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
            Set<Integer> now = new HashSet<>(owned);
            for (TopicPartition tp : partitions) {
                drop(tp.partition());
                next.remove(tp.partition());
                waiting.remove(tp.partition());
                paused.remove(tp.partition());
                now.remove(tp.partition());
            }
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
