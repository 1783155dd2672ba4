package vistream.streaming;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import vistream.core.inference.UpdateRule;
import vistream.core.mixture.KnownVarianceGaussianMixture;
import vistream.core.mixture.NaturalParameters;
import vistream.core.mixture.SufficientStatistics;

/** The streaming updates reduce to the batch updates they generalise. */
class EquivalenceTest {

    private final List<double[]> data = Synthetic.stationary(3, 1200, 1.0, -4, 0.5, 5);

    @Test
    void streamingVbEqualsTheBatchUpdateWhenResponsibilitiesAreHeldEqual() {
        // With K = 1 every responsibility is 1 whatever the posterior, so the local step is exact
        // and identical for every cut: Broderick et al.'s sum of batch statistics must equal the
        // batch posterior η + t(S) of all the data, for every batch size.
        KnownVarianceGaussianMixture model = new KnownVarianceGaussianMixture(1, 3.0, 1.0);
        SufficientStatistics all = model.newStatistics();
        double[] x = Synthetic.flatten(data);
        model.localStep(model.prior()).accumulate(x, 0, x.length, all);
        double[] batch = model.globalStep(all, 1.0).values();
        for (int size : new int[] {1, 7, 100, 1200}) {
            StreamOptions options = StreamOptions.builder().batchSize(size).updateRule(new UpdateRule.StreamingVb())
                    .initialMeans(0.0).build();
            PosteriorSnapshot last = Flux.fromIterable(data).transform(VariationalStream.of(model, options)).blockLast();
            assertArrayEquals(batch, last.checkpoint().posterior(), 1e-12 * Math.abs(batch[1]), "batch size " + size);
            assertEquals(1200, last.observations());
        }
    }

    @Test
    void sviWithStepOneAndDataSizeEqualToTheBatchIsOneCaviGlobalStep() {
        KnownVarianceGaussianMixture model = new KnownVarianceGaussianMixture(3, 5.0, 1.0);
        double[] start = {-3, 0, 3};
        NaturalParameters initial = model.initialPosterior(start, 1.0);
        double[] x = Synthetic.flatten(data.subList(0, 200));
        SufficientStatistics s = model.newStatistics();
        model.localStep(initial).accumulate(x, 0, 200, s);
        double[] cavi = model.globalStep(s, 1.0).values();

        StreamOptions options = StreamOptions.builder().batchSize(200).updateRule(new UpdateRule.Svi(200, 0.9, 0))
                .initialMeans(start).build();
        PosteriorSnapshot first = Flux.fromIterable(data.subList(0, 200)).transform(VariationalStream.of(model, options))
                .blockFirst();
        assertEquals(1.0, first.stepSize(), 0.0, "ρ_1 = (1 + τ)^(−κ) = 1 with τ = 0");
        assertArrayEquals(cavi, first.checkpoint().posterior(), 1e-12);
    }
}
