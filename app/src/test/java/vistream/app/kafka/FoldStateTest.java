package vistream.app.kafka;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import vistream.core.inference.UpdateRule;
import vistream.core.mixture.KnownVarianceGaussianMixture;
import vistream.streaming.BatchDelta;
import vistream.streaming.StreamOptions;

/** The fold's fencing: which deltas continue it, and what a skipped one leaves unchanged. */
class FoldStateTest {

    private static final KnownVarianceGaussianMixture MODEL = new KnownVarianceGaussianMixture(2, 10.0, 1.0);
    private static final StreamOptions OPTIONS = StreamOptions.builder().batchSize(100)
            .maxBatchDelay(Duration.ofSeconds(1)).updateRule(new UpdateRule.StreamingVb()).seed(2).build();

    private static final String SETTINGS = GroupSettings.fingerprint(MODEL, OPTIONS);

    private static double[] batch(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] x = new double[100];
        for (int i = 0; i < x.length; i++) {
            x[i] = (i % 2 == 0 ? -3 : 3) + r.nextDouble() - 0.5;
        }
        return x;
    }

    private static DeltaRecord record(FoldState under, String instance, long seq, long seed, DeltaRecord.Range... ranges) {
        BatchDelta delta = under.posterior().measure(batch(seed), 100, 0, 0);
        return new DeltaRecord(instance, SETTINGS, seq, List.of(ranges), delta);
    }

    @Test
    void aDeltaThatContinuesEveryPartitionItCoversIsFoldedAndMovesTheOffsets() {
        FoldState empty = FoldState.empty(MODEL, OPTIONS);
        FoldState one = empty.fold(record(empty, "a", 0, 1, new DeltaRecord.Range(0, 0, 60),
                new DeltaRecord.Range(3, 10, 50)), 0);
        assertEquals(Map.of(0, 60L, 3, 50L), one.offsets());
        assertEquals(1, one.position());
        assertEquals(100, one.posterior().observations());
        assertNotNull(one.checkpoint());
        assertEquals(Map.of(0, 60L, 3, 50L), one.checkpoint().offsets());
        assertEquals(1, one.checkpoint().position());

        // A partition the fold has not seen yet may start anywhere.
        FoldState two = one.fold(record(one, "b", 0, 2, new DeltaRecord.Range(0, 60, 100),
                new DeltaRecord.Range(5, 7, 9)), 1);
        assertEquals(Map.of(0, 100L, 3, 50L, 5, 9L), two.offsets());
        assertEquals(200, two.posterior().observations());
    }

    @Test
    void aDeltaThatOverlapsWhatTheFoldHoldsIsSkippedWhole() {
        FoldState empty = FoldState.empty(MODEL, OPTIONS);
        FoldState one = empty.fold(record(empty, "a", 0, 1, new DeltaRecord.Range(0, 0, 60)), 0);
        // Instance b took partition 0 over from a stale position, and also read partition 1.
        DeltaRecord stale = record(empty.fold(record(empty, "x", 0, 1, new DeltaRecord.Range(0, 0, 60)), 0), "b", 0, 3,
                new DeltaRecord.Range(0, 40, 80), new DeltaRecord.Range(1, 0, 20));
        assertFalse(one.continues(stale));
        FoldState skipped = one.fold(stale, 1);
        assertSame(one.posterior(), skipped.posterior());
        assertEquals(one.offsets(), skipped.offsets());
        assertEquals(2, skipped.position());
        // A gap is no continuation either: the records in between would be lost.
        assertFalse(one.continues(record(one, "b", 1, 4, new DeltaRecord.Range(0, 70, 90))));
    }

    @Test
    void onlyTheFirstDeltaMeasuredWithoutAPosteriorIsFolded() {
        // Each first batch starts its local step from a fit of its own, whose cluster labels need
        // not match another's: the second is measured again under the posterior the first made.
        FoldState empty = FoldState.empty(MODEL, OPTIONS);
        DeltaRecord first = record(empty, "a", 0, 1, new DeltaRecord.Range(0, 0, 50));
        DeltaRecord second = record(empty, "b", 0, 2, new DeltaRecord.Range(1, 0, 50));
        assertTrue(first.delta().fromPrior());
        FoldState one = empty.fold(first, 0);
        assertFalse(one.continues(second));
        assertTrue(one.continues(record(one, "b", 1, 2, new DeltaRecord.Range(1, 0, 50))));
    }

    @Test
    void aDeltaMeasuredWithOtherSettingsIsSkipped() {
        FoldState empty = FoldState.empty(MODEL, OPTIONS);
        FoldState one = empty.fold(record(empty, "a", 0, 1, new DeltaRecord.Range(0, 0, 50)), 0);
        assertEquals(SETTINGS, one.settings());
        DeltaRecord r = record(one, "b", 0, 2, new DeltaRecord.Range(1, 0, 50));
        StreamOptions forgetting = StreamOptions.builder().batchSize(100).updateRule(new UpdateRule.PopulationVb(1e4, 0.7, 1))
                .build();
        String other = GroupSettings.fingerprint(MODEL, forgetting);
        assertFalse(other.equals(SETTINGS));
        assertFalse(SETTINGS.equals(GroupSettings.fingerprint(new KnownVarianceGaussianMixture(2, 10.0, 1.5), OPTIONS)));
        assertFalse(one.continues(new DeltaRecord("b", other, 0, r.ranges(), r.delta())));
        assertTrue(one.continues(r));
        // Batching and seeds do not change how deltas fold.
        assertEquals(SETTINGS, GroupSettings.fingerprint(MODEL, StreamOptions.builder().batchSize(7).seed(99)
                .maxBatchDelay(Duration.ofSeconds(1)).updateRule(new UpdateRule.StreamingVb()).build()));
    }

    @Test
    void aResumedFoldContinuesLikeTheOriginal() {
        FoldState fold = FoldState.empty(MODEL, OPTIONS);
        FoldState resumed = null;
        for (int b = 0; b < 6; b++) {
            DeltaRecord r = record(fold, "a", b, b, new DeltaRecord.Range(b % 2, (b / 2) * 100L, (b / 2 + 1) * 100L));
            fold = fold.fold(r, b);
            if (b == 2) {
                StateRecord state = KafkaJson.read(KafkaJson.write(fold.checkpoint()), StateRecord.class);
                resumed = FoldState.of(MODEL, OPTIONS, state);
            } else if (resumed != null) {
                resumed = resumed.fold(r, b);
            }
        }
        assertArrayEquals(fold.posterior().posterior(), resumed.posterior().posterior(), 0.0);
        assertEquals(fold.offsets(), resumed.offsets());
        assertEquals(fold.position(), resumed.position());
    }

    @Test
    void aDeltaRecordRoundTripsThroughJsonBitForBitAndBadOnesAreNamed() {
        FoldState empty = FoldState.empty(MODEL, OPTIONS);
        DeltaRecord r = record(empty, "a", 7, 1, new DeltaRecord.Range(2, 5, 105));
        assertEquals(r, KafkaJson.read(KafkaJson.write(r), DeltaRecord.class));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KafkaJson.read("{\"instance\":\"a\"}".getBytes(), DeltaRecord.class));
        assertTrue(e.getMessage().startsWith("not a valid DeltaRecord"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new DeltaRecord("a", SETTINGS, 0,
                List.of(new DeltaRecord.Range(0, 5, 5)), r.delta()));
        assertNull(empty.checkpoint());
    }
}
