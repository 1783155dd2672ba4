package vistream.streaming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import vistream.core.inference.UpdateRule;
import vistream.core.mixture.KnownVarianceGaussianMixture;
import vistream.core.mixture.NaturalParameters;

/** The per-cluster drift measures, recomputed from the snapshots' own posteriors. */
class DriftMeasuresTest {

    @Test
    void consecutiveAndWindowMeasuresMatchTheirDefinitions() {
        KnownVarianceGaussianMixture model = new KnownVarianceGaussianMixture(3, 10.0, 1.0);
        List<double[]> data = Synthetic.stream(41, 6000, 1.0, i -> new double[] {-5 + i / 2000.0, 0, 5});
        int window = 4;
        StreamOptions options = StreamOptions.builder().batchSize(250).updateRule(new UpdateRule.ConstantStep(0.2, 1000))
                .initialMeans(-5, 0, 5).drift(new DriftOptions(window, 0.25, 50, 100)).build();
        List<PosteriorSnapshot> snapshots = Flux.fromIterable(data).transform(VariationalStream.of(model, options))
                .collectList().block();
        assertEquals(24, snapshots.size());

        NaturalParameters windowStart = posterior(snapshots.get(0));
        for (int i = 1; i < snapshots.size(); i++) {
            NaturalParameters before = posterior(snapshots.get(i - 1));
            NaturalParameters now = posterior(snapshots.get(i));
            // The window tumbles every `window` snapshots: snapshot 0 starts it, and after each
            // window-th snapshot the next window starts from that snapshot's posterior.
            if (i % window == 0) {
                windowStart = posterior(snapshots.get(i - 1));
            }
            for (int k = 0; k < 3; k++) {
                ClusterDrift d = snapshots.get(i).drift().get(k);
                assertEquals(k + 1, d.id());
                assertEquals(Math.abs(model.means(now)[k] - model.means(before)[k]), d.displacement(), 1e-12,
                        "displacement of " + k + " at snapshot " + (i + 1));
                assertEquals(model.componentDivergence(before, now, k), d.divergence(), 1e-12);
                assertEquals(Math.abs(model.means(now)[k] - model.means(windowStart)[k]), d.windowDisplacement(), 1e-12,
                        "window displacement of " + k + " at snapshot " + (i + 1));
                assertEquals(model.componentDivergence(windowStart, now, k), d.windowDivergence(), 1e-12);
            }
        }
        // Cluster 0's truth moves from −4.875 (first snapshot) to −2: 2.875. A constant step of
        // 0.2 remembers about five batches, so the estimate lags by well under 1.
        double net = snapshots.get(23).means()[0] - snapshots.get(0).means()[0];
        double travelled = snapshots.stream().mapToDouble(s -> s.drift().get(0).displacement()).sum();
        assertTrue(net > 1.5, "net movement " + net);
        assertTrue(travelled >= net - 1e-12, "the path is at least the net movement");
    }

    private static NaturalParameters posterior(PosteriorSnapshot s) {
        return new NaturalParameters(s.checkpoint().posterior());
    }
}
