package vistream.streaming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import vistream.core.inference.UpdateRule;
import vistream.core.mixture.KnownVarianceGaussianMixture;

/** Forgetting rules follow moving clusters; a sudden jump raises a drift event, a calm stream none. */
class DriftTest {

    private static final int N = 60_000;
    private static final int JUMP_AT = 30_000;
    private final KnownVarianceGaussianMixture model = new KnownVarianceGaussianMixture(3, 20.0, 1.0);

    /** Cluster 0 slides from −6 to −3 and cluster 2 from 6 to 9 over the stream; cluster 1 stays at 0. */
    private static double[] movingMeans(long i) {
        double shift = 3.0 * i / N;
        return new double[] {-6 + shift, 0, 6 + shift};
    }

    @Test
    void populationVbAndConstantStepTrackMovingMeans() {
        List<double[]> data = Synthetic.stream(21, N, 1.0, DriftTest::movingMeans);
        for (UpdateRule rule : List.of(new UpdateRule.PopulationVb(3000, 0.55, 1), new UpdateRule.ConstantStep(0.05, 3000))) {
            StreamOptions options = StreamOptions.builder().batchSize(100).updateRule(rule).initialMeans(-6, 0, 6)
                    .build();
            List<PosteriorSnapshot> snapshots = Flux.fromIterable(data).transform(VariationalStream.of(model, options))
                    .collectList().block();
            double worst = 0;
            for (PosteriorSnapshot s : snapshots) {
                if (s.observations() < 5000) {
                    continue; // the first few thousand observations fill the population
                }
                double[] truth = movingMeans(s.observations());
                for (int k = 0; k < 3; k++) {
                    worst = Math.max(worst, Math.abs(s.means()[k] - truth[k]));
                }
            }
            // The means move 5e-5 per observation. The population posterior weighs roughly the last
            // α = 3000 observations (1000 per cluster, centred 1500 back), so it lags by about
            // 5e-5 × 1500 = 0.075, plus noise of sd 1/√1000 ≈ 0.03 per cluster over 1,650 checks:
            // 0.25 leaves room for the lag and four standard deviations of noise.
            assertTrue(worst < 0.25, rule + ": worst tracking error " + worst);
        }
    }

    @Test
    void aJumpOfOneClusterRaisesADriftEventSoonAndAStationaryStreamNone() {
        List<double[]> jumping = Synthetic.stream(22, N, 1.0,
                i -> i < JUMP_AT ? new double[] {-6, 0, 6} : new double[] {-6, 0, 11});
        List<double[]> stationary = Synthetic.stationary(22, N, 1.0, -6, 0, 6);
        for (UpdateRule rule : List.of(new UpdateRule.PopulationVb(3000, 0.55, 1), new UpdateRule.ConstantStep(0.05, 3000),
                new UpdateRule.StreamingVb())) {
            StreamOptions options = StreamOptions.builder().batchSize(100).updateRule(rule).initialMeans(-6, 0, 6)
                    .build();
            List<DriftEvent> calm = events(stationary, options);
            assertEquals(List.of(), calm, rule + ": no event on a stationary stream");

            List<DriftEvent> events = events(jumping, options);
            assertTrue(!events.isEmpty(), rule + ": the jump was not detected");
            DriftEvent first = events.get(0);
            // A third of the observations now sit 5 sd from the nearest cluster: each adds about
            // (5²/2)/3 ≈ 4 nats to the Page–Hinkley sum, so λ = 50 is crossed within ~15 of them.
            // 200 observations bounds the delay with room for the randomness of the draws.
            assertTrue(first.observations() > JUMP_AT && first.observations() <= JUMP_AT + 200,
                    rule + ": first event at " + first.observations());
            assertEquals(DriftEvent.PAGE_HINKLEY, first.kind());
            // The jumped cluster's new observations fall in its own region (11 is nearest to 6),
            // and they carry most of the surprise that crossed λ = 50.
            assertEquals(3, first.cluster(), rule + ": the cluster that jumped (id 3, the third)");
            assertTrue(first.size() > 25, rule + ": size " + first.size());
            assertTrue(first.statistic() > 50, rule + ": statistic " + first.statistic());
        }
    }

    @Test
    void clusterIdentityStaysStableAcrossSnapshots() {
        List<double[]> data = Synthetic.stationary(23, 20_000, 1.0, -6, 0, 6);
        StreamOptions options = StreamOptions.builder().batchSize(50).updateRule(new UpdateRule.ConstantStep(0.2, 500))
                .build(); // seeded from the first batch: the labels are whatever k-means++ chose
        List<PosteriorSnapshot> snapshots = Flux.fromIterable(data).transform(VariationalStream.of(model, options))
                .collectList().block();
        double[] settled = snapshots.get(20).means();
        for (PosteriorSnapshot s : snapshots.subList(20, snapshots.size())) {
            for (int k = 0; k < 3; k++) {
                // Clusters 6 apart with memory of ~500 observations: each mean wanders by ~0.1; a
                // label switch would move it by 6.
                assertEquals(settled[k], s.means()[k], 1.0, "cluster " + k + " at snapshot " + s.seq());
                assertTrue(s.drift().get(k).displacement() < 1.0, "no fake drift");
            }
        }
    }

    private List<DriftEvent> events(List<double[]> data, StreamOptions options) {
        return Flux.fromIterable(data).transform(VariationalStream.of(model, options))
                .flatMapIterable(PosteriorSnapshot::driftEvents).collectList().block();
    }
}
