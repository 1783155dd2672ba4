package vistream.streaming;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import vistream.core.mixture.KnownVarianceGaussianMixture;
import vistream.core.mixture.NaturalParameters;

/** A batch's most surprising observations, against sorting every observation by its density. */
class SurprisingTest {

    @Test
    void theLowestDensitiesAreKeptInBatchOrderWithTiesToTheEarlier() {
        KnownVarianceGaussianMixture model = new KnownVarianceGaussianMixture(3, 10.0, 1.0);
        NaturalParameters posterior = model.initialPosterior(new double[] {-5, 0, 5}, 1.0);
        SplittableRandom random = new SplittableRandom(3);
        for (int trial = 0; trial < 200; trial++) {
            int n = 1 + random.nextInt(300);
            BatchWorkspace w = new BatchWorkspace(model, n, 1);
            for (int i = 0; i < n; i++) {
                // Rounded to a coarse grid so that many densities tie.
                w.add(new double[] {Math.rint(4 * (random.nextDouble() * 20 - 10)) / 4});
            }
            w.scoreAndAccumulate(model, model.posteriorPredictive(posterior), model.localStep(posterior), model.newStatistics());
            int count = 1 + random.nextInt(n + 5);
            double[] expected = bySorting(w, n, Math.min(count, n));
            assertArrayEquals(expected, w.surprising(count), "n " + n + ", count " + count);
        }
    }

    @Test
    void selectionFindsEveryRank() {
        double[] values = {3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5};
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        for (int rank = 0; rank < values.length; rank++) {
            assertEquals(sorted[rank], BatchWorkspace.select(values.clone(), values.length, rank), "rank " + rank);
        }
    }

    private static double[] bySorting(BatchWorkspace w, int n, int m) {
        int[] kept = IntStream.range(0, n).boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> w.logDensity(i)).thenComparingInt(i -> i))
                .limit(m).mapToInt(Integer::intValue).sorted().toArray();
        double[] out = new double[m];
        for (int j = 0; j < m; j++) {
            out[j] = w.data()[kept[j]];
        }
        return out;
    }
}
