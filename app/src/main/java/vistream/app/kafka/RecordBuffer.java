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
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongSupplier;

import vistream.app.source.Line;
import vistream.app.source.LineParser;
import vistream.streaming.InvalidObservation;
import vistream.streaming.RejectedInputException;

/**
 * What {@link RecordPoller} decides between polls, without a consumer: which partitions have
 * started and from which offset their next batch covers them, which wait for the fold, the records
 * read and not yet in a batch, when a batch is due and where it is cut, and which partitions
 * backpressure pauses. The poller does the consumer's part of each decision (seek, pause, resume).
 * Time comes from the clock given, so it can be tested with a fake one.
 *
 * <p>Not thread safe: the polling thread owns it.
 */
final class RecordBuffer {

    /** A record read and not yet in a batch: an observation, or a dead letter. */
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

    /** Partitions to pause or to resume after a change of what is buffered; one of the two is empty. */
    record PauseChange(Set<Integer> pause, Set<Integer> resume) {
    }

    private final String topic;
    private final LineParser parser;
    private final int dimension;
    private final int batchSize;
    private final long maxDelayNanos;
    private final LongSupplier nanoTime;
    /** Strict UTF-8 (decode resets it each time). */
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    /** Per partition that has started, the offset the next batch covers it from. */
    private final Map<Integer, Long> next = new HashMap<>();
    /** Partitions given to this instance that wait for the fold to catch up before they start. */
    private final Set<Integer> waiting = new HashSet<>();
    /** The deltas log's end when the waiting partitions were given, or {@link #UNKNOWN} until told. */
    private long waitingFor = UNKNOWN;
    private static final long UNKNOWN = -1;
    private final Set<Integer> paused = new HashSet<>();
    private int pendingValid;

    /**
     * @param topic     the observations topic, to name records in messages
     * @param parser    parses a record's value
     * @param dimension D of every observation
     * @param batchSize valid observations in a full batch
     * @param maxDelay  how long the oldest record waits before a batch is cut short
     * @param nanoTime  the clock, in nanoseconds ({@code System::nanoTime})
     */
    RecordBuffer(String topic, LineParser parser, int dimension, int batchSize, Duration maxDelay,
            LongSupplier nanoTime) {
        this.topic = topic;
        this.parser = parser;
        this.dimension = dimension;
        this.batchSize = batchSize;
        this.maxDelayNanos = maxDelay.toNanos();
        this.nanoTime = nanoTime;
    }

    // ---- Partitions given and taken away

    /** Partitions given to this instance: they wait, paused, until the fold has caught up. */
    void assigned(Collection<Integer> partitions) {
        waiting.addAll(partitions);
        // The log's end is asked again: what the fold must reach is the log as of this assignment.
        waitingFor = UNKNOWN;
    }

    /** Partitions taken away: what is buffered of them is dropped at once, and they are forgotten. */
    void revoked(Collection<Integer> partitions) {
        for (Integer p : partitions) {
            drop(p);
            next.remove(p);
            waiting.remove(p);
            paused.remove(p);
        }
    }

    /** @return whether partitions wait and the deltas log's end they wait for is not known yet */
    boolean needsLogEnd() {
        return !waiting.isEmpty() && waitingFor == UNKNOWN;
    }

    /** The deltas log's end as of now: the waiting partitions start once the fold has reached it. */
    void logEnd(long end) {
        if (!waiting.isEmpty()) {
            waitingFor = end;
        }
    }

    /**
     * Returns the waiting partitions that may start now, once the fold has reached the log's end:
     * each with the offset the fold expects next there, or null where the fold has none (the
     * partition then starts at its beginning). Each waits until {@link #start} is called for it.
     *
     * @param fold the fold as it stands
     * @return per partition its first offset or null; empty while the fold is behind
     */
    Map<Integer, Long> startable(FoldState fold) {
        if (waiting.isEmpty() || waitingFor == UNKNOWN || fold.position() < waitingFor) {
            return Map.of();
        }
        Map<Integer, Long> start = new TreeMap<>();
        for (Integer p : waiting) {
            start.put(p, fold.offsets().get(p));
        }
        return start;
    }

    /** The partition starts: it no longer waits, and its records are taken from {@code offset} on. */
    void start(int partition, long offset) {
        if (waiting.remove(partition) && waiting.isEmpty()) {
            waitingFor = UNKNOWN;
        }
        next.put(partition, offset);
    }

    /** @return the partitions started, whose records are buffered */
    Set<Integer> started() {
        return Set.copyOf(next.keySet());
    }

    /**
     * The fold skipped a batch: of these partitions, the started ones drop what is buffered and
     * start again from the given offsets.
     *
     * @return the partitions to seek, with their offsets
     */
    Map<Integer, Long> reseek(Map<Integer, Long> offsets) {
        Map<Integer, Long> sought = new TreeMap<>();
        offsets.forEach((partition, offset) -> {
            if (next.containsKey(partition)) {
                drop(partition);
                next.put(partition, offset);
                sought.put(partition, offset);
            }
        });
        return sought;
    }

    // ---- Records and batches

    /**
     * Buffers one record: an observation, or a dead letter if it is not one. A record of a
     * partition not started (fetched before the partition was taken away or sought) is ignored.
     *
     * @param value the record's value, or null
     */
    void add(int partition, long offset, byte[] value) {
        if (!next.containsKey(partition)) {
            return;
        }
        long now = nanoTime.getAsLong();
        String where = topic + "-" + partition + ":" + offset + ": ";
        try {
            double[] x = parser.parse(new Line(topic + "-" + partition, offset, text(value, where)));
            InvalidObservation invalid = InvalidObservation.check(offset, x, dimension);
            if (invalid != null) {
                pending.add(new Pending(partition, offset, null, new RecordBatch.DeadLetter(partition, offset,
                        invalid.reason(), where + invalid.message(), invalid.content()), now));
                return;
            }
            pending.add(new Pending(partition, offset, x, null, now));
            pendingValid++;
        } catch (RejectedInputException e) {
            String content = value == null ? "" : new String(value, StandardCharsets.UTF_8);
            pending.add(new Pending(partition, offset, null,
                    new RecordBatch.DeadLetter(partition, offset, e.reason(), e.getMessage(), content), now));
        }
    }

    /** The record's value as one line of UTF-8 text, without a line ending. */
    private String text(byte[] value, String where) {
        if (value == null || value.length == 0) {
            throw new RejectedInputException(InvalidObservation.Reason.MALFORMED, where + "the record has no value");
        }
        String s;
        try {
            s = utf8.decode(ByteBuffer.wrap(value)).toString();
        } catch (CharacterCodingException e) {
            throw new RejectedInputException(InvalidObservation.Reason.MALFORMED,
                    where + "the record is not UTF-8 text");
        }
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == '\n' || s.charAt(end - 1) == '\r')) {
            end--;
        }
        return s.substring(0, end).strip();
    }

    /** @return whether a batch is due: a full one waits, or the oldest record has waited the delay */
    boolean due() {
        return !pending.isEmpty()
                && (pendingValid >= batchSize || nanoTime.getAsLong() - pending.peekFirst().arrival >= maxDelayNanos);
    }

    /**
     * How long the next poll may wait: until the oldest record's batch is due, at most
     * {@code idleMillis}, and the whole of it when nothing is buffered or nobody asks.
     */
    long pollMillis(boolean demand, long idleMillis) {
        if (pending.isEmpty() || !demand) {
            return idleMillis;
        }
        long due = pending.peekFirst().arrival + maxDelayNanos - nanoTime.getAsLong();
        return Math.max(0, Math.min(idleMillis, (due + 999_999) / 1_000_000));
    }

    /**
     * Takes the oldest records up to and including the {@code batchSize}-th valid one (all of
     * them when only invalid ones waited past the delay), and moves each partition's next offset
     * past them.
     */
    RecordBatch cut() {
        int size = Math.min(batchSize, pendingValid);
        double[] rows = new double[size * dimension];
        List<RecordBatch.DeadLetter> rejected = new ArrayList<>(0);
        Map<Integer, long[]> ranges = new LinkedHashMap<>();
        int taken = 0;
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

    /** @return records read but not yet in a batch */
    int buffered() {
        return pending.size();
    }

    // ---- Backpressure

    /**
     * Pauses the started partitions while two batches' worth waits (or four of records, invalid
     * ones included), and resumes them once less than one batch does.
     *
     * @return what to pause or resume on the consumer now
     */
    PauseChange backpressure() {
        boolean full = pendingValid >= 2 * batchSize || pending.size() >= 4 * batchSize;
        Set<Integer> change = new HashSet<>();
        for (Integer p : next.keySet()) {
            if (full && paused.add(p) || !full && pendingValid < batchSize && paused.remove(p)) {
                change.add(p);
            }
        }
        return full ? new PauseChange(change, Set.of()) : new PauseChange(Set.of(), change);
    }

    /** @return partitions paused because downstream has not asked for what is buffered */
    int paused() {
        return paused.size();
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
}
