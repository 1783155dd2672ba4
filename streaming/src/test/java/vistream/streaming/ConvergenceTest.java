package vistream.streaming;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import vistream.core.inference.Cavi;
import vistream.core.inference.CaviOptions;
import vistream.core.inference.CaviResult;
import vistream.core.inference.Initialisation;
import vistream.core.inference.IterationListener;
import vistream.core.inference.UpdateRule;
import vistream.core.mixture.KnownVarianceGaussianMixture;

/** On a stationary stream, SVI reaches the CAVI fixed point of the same data. */
class ConvergenceTest {

    @Test
    void sviConvergesToTheCaviSolution() {
        int n = 3000;
        List<double[]> data = Synthetic.stationary(17, n, 1.0, -5, 0, 5);
        KnownVarianceGaussianMixture model = new KnownVarianceGaussianMixture(3, 10.0, 1.0);
        double[] start = {-4, 1, 4};
        CaviResult cavi = Cavi.fit(model, Synthetic.flatten(data), new Initialisation.GivenMeans(start, 1.0),
                CaviOptions.defaults(), IterationListener.NONE);

        // Twenty shuffled passes over the data, as SVI samples its minibatches from the data set.
        List<double[]> epochs = new ArrayList<>();
        Random shuffle = new Random(5);
        for (int e = 0; e < 20; e++) {
            List<double[]> pass = new ArrayList<>(data);
            Collections.shuffle(pass, shuffle);
            epochs.addAll(pass);
        }
        StreamOptions options = StreamOptions.builder().batchSize(100).updateRule(new UpdateRule.Svi(n, 0.7, 10))
                .initialMeans(start).build();
        PosteriorSnapshot last = Flux.fromIterable(epochs).transform(VariationalStream.of(model, options)).blockLast();

        double[] expectedMeans = model.means(cavi.posterior());
        double[] expectedVariances = model.variances(cavi.posterior());
        for (int k = 0; k < 3; k++) {
            // CAVI's posterior sd of each mean is about 1/√1000 = 0.032. SVI's last step is
            // ρ = (600 + 10)^(−0.7) = 0.011 and a batch of 100 estimates a mean with sd 0.17, so
            // the iterate wanders by about √(ρ/2) · 0.17 = 0.013: 0.04 is three times that.
            assertEquals(expectedMeans[k], last.means()[k], 0.04, "mean " + k);
            // s_k² = 1 / (1/σ0² + N_k/σ²) depends only on the expected count, which SVI estimates
            // with relative noise of the same order: 5 %.
            assertEquals(expectedVariances[k], last.variances()[k], 0.05 * expectedVariances[k], "variance " + k);
            assertEquals(cavi.weights()[k], last.weights()[k], 0.02, "weight " + k);
        }
    }
}
