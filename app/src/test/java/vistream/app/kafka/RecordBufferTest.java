package vistream.app.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import vistream.app.source.LineParser;
import vistream.core.inference.UpdateRule;
import vistream.core.mixture.KnownVarianceGaussianMixture;
import vistream.streaming.InvalidObservation;
import vistream.streaming.SharedPosterior;
import vistream.streaming.StreamOptions;

/** The poller's decisions without a broker: batches by size and by age on a fake clock, pauses, starts, seeks. */
class RecordBufferTest {

    private static final KnownVarianceGaussianMixture MODEL = new KnownVarianceGaussianMixture(2, 10.0, 1.0);
    private static final StreamOptions OPTIONS = StreamOptions.builder().updateRule(new UpdateRule.StreamingVb())
            .build();

    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    private RecordBuffer buffer(int batchSize) {
        return new RecordBuffer("t", new LineParser(1), 1, batchSize, Duration.ofMillis(100), now::get);
    }

    private void advanceMillis(long millis) {
        now.addAndGet(millis * 1_000_000L);
    }

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static FoldState fold(long position, Map<Integer, Long> offsets) {
        return new FoldState(null, SharedPosterior.start(MODEL, OPTIONS), offsets, position, null);
    }

    @Test
    void aBatchIsCutWhenFullOrWhenItsOldestRecordHasWaitedTheDelay() {
        RecordBuffer b = buffer(3);
        b.start(0, 10);
        b.add(0, 10, text("1.5"));
        advanceMillis(40);
        b.add(0, 11, text("2.5\n"));
        assertFalse(b.due());
        advanceMillis(59);
        assertFalse(b.due(), "the oldest has waited 99 ms of 100");
        assertEquals(1, b.pollMillis(true, 200), "the next poll waits until the batch is due");
        assertEquals(200, b.pollMillis(false, 200), "nobody asks: no hurry");
        advanceMillis(1);
        assertTrue(b.due());
        RecordBatch late = b.cut();
        assertEquals(2, late.size());
        assertEquals(1.5, late.rows()[0], 0.0);
        assertEquals(2.5, late.rows()[1], 0.0);
        assertEquals(List.of(new DeltaRecord.Range(0, 10, 12)), late.ranges());

        for (long offset = 12; offset < 16; offset++) {
            b.add(0, offset, text(Long.toString(offset)));
        }
        assertTrue(b.due(), "a full batch is due at once");
        RecordBatch full = b.cut();
        assertEquals(3, full.size());
        assertEquals(List.of(new DeltaRecord.Range(0, 12, 15)), full.ranges());
        assertEquals(1, b.buffered());
        assertFalse(b.due());
    }

    @Test
    void invalidRecordsAreDeadLettersInTheirPlaceAndABatchOfOnlyThemIsCutAfterTheDelay() {
        RecordBuffer b = buffer(3);
        b.start(2, 0);
        b.add(2, 0, text("abc"));
        b.add(2, 1, text("NaN"));
        b.add(2, 2, null);
        b.add(2, 3, new byte[] {(byte) 0xff, (byte) 0xfe});
        b.add(2, 4, text("1,2"));
        assertFalse(b.due(), "no valid record: nothing is full");
        advanceMillis(100);
        RecordBatch batch = b.cut();
        assertEquals(0, batch.size());
        assertEquals(List.of(new DeltaRecord.Range(2, 0, 5)), batch.ranges());
        assertEquals(List.of(InvalidObservation.Reason.MALFORMED, InvalidObservation.Reason.NOT_FINITE,
                InvalidObservation.Reason.MALFORMED, InvalidObservation.Reason.MALFORMED,
                InvalidObservation.Reason.WRONG_DIMENSION),
                batch.rejected().stream().map(RecordBatch.DeadLetter::reason).toList());
        assertEquals("abc", batch.rejected().get(0).content());
        assertTrue(batch.rejected().get(2).message().startsWith("t-2:2: "), batch.rejected().get(2).message());
        assertTrue(batch.rejected().get(3).message().contains("not UTF-8"), batch.rejected().get(3).message());

        // Mixed in, they ride along with the valid ones up to the batch's last valid record.
        b.add(2, 5, text("1"));
        b.add(2, 6, text("oops"));
        b.add(2, 7, text("2"));
        b.add(2, 8, text("3"));
        b.add(2, 9, text("oops"));
        RecordBatch mixed = b.cut();
        assertEquals(3, mixed.size());
        assertEquals(1, mixed.rejected().size());
        assertEquals(List.of(new DeltaRecord.Range(2, 5, 9)), mixed.ranges());
    }

    @Test
    void startedPartitionsPauseAtTwoBatchesBufferedAndResumeBelowOne() {
        RecordBuffer b = buffer(2);
        b.start(0, 0);
        b.start(1, 0);
        for (int i = 0; i < 3; i++) {
            b.add(i % 2, i / 2, text("1"));
        }
        assertEquals(new RecordBuffer.PauseChange(Set.of(), Set.of()), b.backpressure());
        b.add(1, 1, text("1"));
        assertEquals(new RecordBuffer.PauseChange(Set.of(0, 1), Set.of()), b.backpressure());
        assertEquals(2, b.paused());
        assertEquals(new RecordBuffer.PauseChange(Set.of(), Set.of()), b.backpressure(), "paused once");
        b.cut();
        assertEquals(new RecordBuffer.PauseChange(Set.of(), Set.of()), b.backpressure(), "one batch still waits");
        b.cut();
        assertEquals(new RecordBuffer.PauseChange(Set.of(), Set.of(0, 1)), b.backpressure());
        assertEquals(0, b.paused());

        // Four batches' worth of records pause too, even when they are mostly invalid.
        for (int i = 0; i < 8; i++) {
            b.add(0, 2 + i, text("x"));
        }
        assertEquals(new RecordBuffer.PauseChange(Set.of(0, 1), Set.of()), b.backpressure());
    }

    @Test
    void aGivenPartitionWaitsUntilTheFoldReachesTheLogsEndThenStartsWhereTheFoldStands() {
        RecordBuffer b = buffer(10);
        b.assigned(List.of(0, 1));
        assertTrue(b.needsLogEnd());
        assertEquals(Map.of(), b.startable(fold(5, Map.of(0, 40L))), "the log's end is not known yet");
        b.logEnd(3);
        assertFalse(b.needsLogEnd());
        assertEquals(Map.of(), b.startable(fold(2, Map.of(0, 40L))), "the fold is behind the log's end");
        b.add(0, 7, text("1"));
        assertEquals(0, b.buffered(), "a record fetched before the partition starts is not taken");

        Map<Integer, Long> expected = new HashMap<>();
        expected.put(0, 40L);
        expected.put(1, null);
        Map<Integer, Long> start = b.startable(fold(3, Map.of(0, 40L)));
        assertEquals(expected, start,
                "partition 0 where the fold stands, partition 1 (new to the fold) at its beginning");
        b.start(0, 40);
        assertEquals(Set.of(1), b.startable(fold(3, Map.of(0, 40L))).keySet(),
                "started one by one: what has not started still waits");
        b.start(1, 0);
        assertFalse(b.needsLogEnd());
        assertEquals(Set.of(0, 1), b.started());
        b.add(0, 40, text("1"));
        b.add(1, 0, text("2"));
        advanceMillis(100);
        assertEquals(List.of(new DeltaRecord.Range(0, 40, 41), new DeltaRecord.Range(1, 0, 1)), b.cut().ranges());

        // A later assignment asks for the log's end again: the fold must reach the log as it is then.
        b.assigned(List.of(2));
        assertTrue(b.needsLogEnd());
    }

    @Test
    void aRevokedPartitionIsDroppedAtOnceAndASkippedBatchIsReadAgainFromTheFold() {
        RecordBuffer b = buffer(10);
        b.start(0, 0);
        b.start(1, 0);
        for (int i = 0; i < 6; i++) {
            b.add(i % 2, i / 2, text("1"));
        }
        b.revoked(List.of(1));
        assertEquals(3, b.buffered());
        assertEquals(Set.of(0), b.started());
        b.add(1, 3, text("1"));
        assertEquals(3, b.buffered(), "a revoked partition's late records are not taken");

        assertEquals(Map.of(0, 1L), b.reseek(Map.of(0, 1L, 1, 9L)), "only a started partition is sought");
        assertEquals(0, b.buffered());
        b.add(0, 1, text("1"));
        advanceMillis(100);
        assertEquals(List.of(new DeltaRecord.Range(0, 1, 2)), b.cut().ranges());
    }
}
