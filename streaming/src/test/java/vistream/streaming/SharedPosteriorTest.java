package vistream.streaming;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import vistream.core.drift.PageHinkley;
import vistream.core.inference.UpdateRule;
import vistream.core.mixture.KnownVarianceGaussianMixture;

/** The fold of batch deltas that several instances share. */
class SharedPosteriorTest {

    private static final KnownVarianceGaussianMixture MODEL = new KnownVarianceGaussianMixture(3, 10.0, 1.0);

    private static StreamOptions options(UpdateRule rule) {
        return StreamOptions.builder().batchSize(500).maxBatchDelay(Duration.ofMinutes(1)).updateRule(rule).seed(3)
                .build();
    }

    /** A stream whose middle cluster jumps, so that the change detector raises alarms. */
    private static List<double[]> data() {
        return Synthetic.stream(17, 12_000, 1.0, i -> i < 6_000 ? new double[] {-4, 0, 5} : new double[] {-4, 0, 12});
    }

    @Test
    void oneInstanceFoldingEachDeltaBeforeMeasuringTheNextIsTheStreamBitForBit() {
        List<double[]> data = data();
        StreamOptions options = options(new UpdateRule.Svi(12_000, 0.7, 1));
        List<PosteriorSnapshot> stream = Flux.fromIterable(data).transform(VariationalStream.of(MODEL, options))
                .collectList().block();

        SharedPosterior fold = SharedPosterior.start(MODEL, options);
        List<PosteriorSnapshot> folded = new ArrayList<>();
        for (int from = 0; from < data.size(); from += 500) {
            fold = fold.fold(fold.measure(Synthetic.flatten(data.subList(from, from + 500)), 500, 0, 0));
            folded.add(fold.emitted());
        }
        assertEquals(stream.size(), folded.size());
        boolean alarmed = false;
        for (int s = 0; s < stream.size(); s++) {
            PosteriorSnapshot a = stream.get(s);
            PosteriorSnapshot b = folded.get(s);
            assertArrayEquals(a.checkpoint().posterior(), b.checkpoint().posterior(), 0.0);
            assertArrayEquals(a.weights(), b.weights(), 0.0);
            assertEquals(a.elbo(), b.elbo(), 0.0);
            assertEquals(a.predictiveLogDensity(), b.predictiveLogDensity(), 0.0);
            assertEquals(a.checkpoint().detector(), b.checkpoint().detector());
            assertEquals(a.driftEvents().stream().map(DriftEvent::observations).toList(),
                    b.driftEvents().stream().map(DriftEvent::observations).toList());
            alarmed |= !a.driftEvents().isEmpty();
        }
        assertTrue(alarmed, "the jump must raise an alarm, or the detector's carrying is not tested");
        assertEquals(12_000, fold.observations());
        assertEquals(24, fold.deltas());
    }

    @Test
    void streamingVbFoldsDeltasMeasuredUnderOnePosteriorInAnyOrderAlike() {
        // λ = η + Σ_b t(S_b): a sum, so the order of the fold changes only the rounding.
        List<double[]> data = data().subList(0, 4_000);
        SharedPosterior seeded = SharedPosterior.start(MODEL, options(new UpdateRule.StreamingVb()));
        seeded = seeded.fold(seeded.measure(Synthetic.flatten(data.subList(0, 500)), 500, 0, 0));
        List<BatchDelta> deltas = new ArrayList<>();
        for (int from = 500; from < data.size(); from += 500) {
            deltas.add(seeded.measure(Synthetic.flatten(data.subList(from, from + 500)), 500, 0, 0));
        }
        SharedPosterior forward = seeded;
        SharedPosterior backward = seeded;
        for (int i = 0; i < deltas.size(); i++) {
            forward = forward.fold(deltas.get(i));
            backward = backward.fold(deltas.get(deltas.size() - 1 - i));
        }
        double[] a = forward.posterior();
        double[] b = backward.posterior();
        for (int j = 0; j < a.length; j++) {
            // Seven additions of terms up to ~1e4: a few ulps of the total.
            assertEquals(a[j], b[j], 1e-12 * Math.max(1.0, Math.abs(a[j])), "λ[" + j + "]");
        }
    }

    @Test
    void aFoldResumedFromAnEmittedSnapshotContinuesExactly() {
        List<double[]> data = data();
        StreamOptions options = options(new UpdateRule.PopulationVb(5_000, 0.6, 1));
        SharedPosterior whole = SharedPosterior.start(MODEL, options);
        SharedPosterior resumed = null;
        for (int from = 0, b = 0; from < data.size(); from += 500, b++) {
            BatchDelta delta = whole.measure(Synthetic.flatten(data.subList(from, from + 500)), 500, b % 3, 0);
            whole = whole.fold(delta);
            if (b == 9) {
                PosteriorSnapshot cut = SnapshotJson.read(SnapshotJson.write(whole.emitted()));
                resumed = SharedPosterior.resume(MODEL, options, cut, whole.deltas());
            } else if (resumed != null) {
                resumed = resumed.fold(delta);
            }
        }
        assertArrayEquals(whole.posterior(), resumed.posterior(), 0.0);
        assertEquals(whole.snapshot().elbo(), resumed.snapshot().elbo(), 0.0);
        assertEquals(whole.rejected(), resumed.rejected());
        assertEquals(whole.deltas(), resumed.deltas());
    }

    @Test
    void aDeltaOfInvalidInputOnlyCountsIt() {
        SharedPosterior fold = SharedPosterior.start(MODEL, options(new UpdateRule.StreamingVb()));
        BatchDelta empty = new BatchDelta(0, 4, new double[3], new double[6], 0.0, 0.0, PageHinkley.State.EMPTY,
                List.of(), 0, true, new long[] {1, 2, 3}, new double[0], new double[0]);
        fold = fold.fold(empty);
        assertFalse(fold.hasPosterior());
        assertEquals(4, fold.rejected());
        assertNull(fold.snapshot());
        fold = fold.fold(fold.measure(Synthetic.flatten(data().subList(0, 500)), 500, 1, 0));
        assertEquals(5, fold.snapshot().rejected());
        assertEquals(500, fold.snapshot().observations());
    }

    @Test
    void aDeltaOfAnotherModelOrWithBadValuesIsRefusedByName() {
        SharedPosterior fold = SharedPosterior.start(MODEL, options(new UpdateRule.StreamingVb()));
        BatchDelta other = new BatchDelta(10, 0, new double[4], new double[8], 0.0, 0.0, PageHinkley.State.EMPTY,
                List.of(), 0, true, new long[] {1, 2, 3, 4}, new double[0], new double[0]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> fold.fold(other));
        assertTrue(e.getMessage().contains("does not fit this model of 3 clusters"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new BatchDelta(1, 0, new double[] {Double.NaN},
                new double[0], 0, 0, PageHinkley.State.EMPTY, List.of(), 0, false, new long[] {1}, new double[0],
                new double[0]));
        IllegalArgumentException otherComponents = assertThrows(IllegalArgumentException.class,
                () -> fold.fold(new BatchDelta(10, 0, new double[3], new double[6], 0.0, 0.0, PageHinkley.State.EMPTY,
                        List.of(), 0, true, new long[] {1, 2, 4}, new double[0], new double[0])));
        assertTrue(otherComponents.getMessage().contains("measured under components [1, 2, 4]"),
                otherComponents.getMessage());
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> fold.measure(new double[] {1.0, Double.NaN}, 2, 0, 0));
        assertTrue(nan.getMessage().contains("observation 2"), nan.getMessage());
    }
}
