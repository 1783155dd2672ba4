package vistream.streaming;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import vistream.core.mixture.KnownVarianceGaussianMixture;
import vistream.core.mixture.NaturalParameters;

/** Per-observation scoring under the posterior current when each observation passes. */
class ScoringTest {

    @Test
    void scoresEachObservationUnderTheLatestPosteriorWithoutWaitingForItsBatch() {
        KnownVarianceGaussianMixture model = new KnownVarianceGaussianMixture(2, 10.0, 1.0);
        List<double[]> data = Synthetic.stationary(4, 250, 1.0, -4, 4);
        VariationalStream stream = VariationalStream.of(model,
                StreamOptions.builder().batchSize(100).initialMeans(-1, 1).build());
        Flux<double[]> shared = Flux.fromIterable(data).publish().autoConnect(2);
        Flux<ScoredObservation> scored = shared.transform(stream.scoring());
        Flux<PosteriorSnapshot> snapshots = shared.transform(stream);
        List<Record> both = Flux.<Record>merge(scored, snapshots).collectList().block();
        List<ScoredObservation> scores = both.stream().filter(ScoredObservation.class::isInstance)
                .map(ScoredObservation.class::cast).toList();
        List<PosteriorSnapshot> snaps = both.stream().filter(PosteriorSnapshot.class::isInstance)
                .map(PosteriorSnapshot.class::cast).toList();
        assertEquals(250, scores.size(), "every observation is scored");
        assertEquals(3, snaps.size());

        // Observation 0 comes before any update: it is scored under the prior.
        double[] x0 = data.get(0);
        assertEquals(model.logPredictiveDensity(model.prior(), x0, 0), scores.get(0).logPredictiveDensity(), 0.0);
        // Observations 100..199 come after the first update and before the second.
        NaturalParameters afterFirst = new NaturalParameters(snaps.get(0).checkpoint().posterior());
        for (int i = 100; i < 199; i++) {
            ScoredObservation s = scores.get(i);
            assertEquals(i, s.index());
            assertEquals(model.logPredictiveDensity(afterFirst, data.get(i), 0), s.logPredictiveDensity(), 0.0);
            double[] phi = new double[2];
            model.localStep(afterFirst).responsibilities(data.get(i), 0, phi);
            assertArrayEquals(phi, s.responsibilities(), 0.0);
        }
        // A point between the clusters is less likely than one on a cluster: an anomaly score.
        ScoredObservation far = scores.stream().min((a, b) -> Double.compare(a.logPredictiveDensity(),
                b.logPredictiveDensity())).orElseThrow();
        assertTrue(Math.abs(Math.abs(far.values()[0]) - 4) > 1.5 || far.index() < 100, far.toString());
    }
}
