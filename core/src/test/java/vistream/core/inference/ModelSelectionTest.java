package vistream.core.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import vistream.core.mixture.GaussianWishartMixture;
import vistream.core.mixture.GaussianWishartPrior;
import vistream.core.mixture.WeightPrior;

/** Choosing K by the ELBO. */
class ModelSelectionTest {

    @Test
    void picksTheNumberOfWellSeparatedClusters() {
        SplittableRandom random = new SplittableRandom(12);
        double[][] centres = {{-8, 0}, {0, 8}, {8, 0}, {0, -8}};
        for (int clusters = 2; clusters <= 4; clusters++) {
            double[] x = new double[200 * clusters * 2];
            for (int i = 0; i < 200 * clusters; i++) {
                double[] c = centres[i % clusters];
                x[2 * i] = c[0] + CaviInvariantsTest.gaussian(random);
                x[2 * i + 1] = c[1] + CaviInvariantsTest.gaussian(random);
            }
            GaussianWishartPrior prior = GaussianWishartPrior.defaults(x, 2, 1);
            ModelSelection.Selection selection = ModelSelection.byElbo(new int[] {1, 2, 3, 4, 5, 6},
                    k -> new GaussianWishartMixture(k, new GaussianWishartPrior(1.0 / k, prior.mean0(), prior.beta0(),
                            prior.inverseScale0(), prior.degreesOfFreedom0()), WeightPrior.DIRICHLET),
                    true, x, new Initialisation.KMeansPlusPlus(5, 5, 1.0), CaviOptions.defaults());
            assertEquals(clusters, selection.best().components(), "scores " + selection.candidates().stream()
                    .map(c -> c.components() + ": " + c.score()).toList());
            assertEquals(6, selection.candidates().size());
        }
        assertThrows(IllegalArgumentException.class, () -> ModelSelection.byElbo(new int[0], k -> null, true,
                new double[] {1}, new Initialisation.KMeansPlusPlus(1, 1, 1), CaviOptions.defaults()));
    }
}
