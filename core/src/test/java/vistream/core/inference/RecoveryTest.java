package vistream.core.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import vistream.core.ReferenceData;
import vistream.core.mixture.KnownVarianceGaussianMixture;

/** On well-separated clusters the fitted means land on the true means. */
class RecoveryTest {

    @Test
    void recoversTheTrueMeansOfSyntheticClusters() {
        double[] truth = {-20.0, -7.5, 0.0, 6.0, 15.0};
        SplittableRandom random = new SplittableRandom(11);
        int perCluster = 2000;
        double[] data = new double[truth.length * perCluster];
        for (int i = 0; i < data.length; i++) {
            data[i] = truth[i % truth.length] + CaviInvariantsTest.gaussian(random);
        }
        KnownVarianceGaussianMixture model = new KnownVarianceGaussianMixture(truth.length, 30, 1);
        CaviResult fit = Cavi.fit(model, data, new Initialisation.KMeansPlusPlus(5, 10, 1.0), CaviOptions.defaults(),
                IterationListener.NONE);
        double[] means = model.means(fit.posterior());
        Arrays.sort(means);
        // Each mean is estimated from 2000 points with σ = 1: standard error 0.022; 0.12 is over
        // five standard errors, so a correct fit fails this with negligible probability.
        for (int k = 0; k < truth.length; k++) {
            assertEquals(truth[k], means[k], 0.12, "cluster " + k);
        }
        for (double w : fit.weights()) {
            assertEquals(0.2, w, 1e-3, "weights of equal clusters");
        }
    }

    @Test
    void recoversTheReferenceMixtureFromSeededStarts() {
        double[] data = ReferenceData.data("k4_n600.csv");
        double[] truth = {-9.0, -2.5, 3.0, 11.0};
        KnownVarianceGaussianMixture model = new KnownVarianceGaussianMixture(4, 8, 1.5);
        CaviResult fit = Cavi.fit(model, data, new Initialisation.KMeansPlusPlus(2026, 5, 1.0), CaviOptions.defaults(),
                IterationListener.NONE);
        double[] means = model.means(fit.posterior());
        Arrays.sort(means);
        // 150 points per cluster, σ = 1.5: standard error 0.12; 0.5 is four of them.
        for (int k = 0; k < truth.length; k++) {
            assertEquals(truth[k], means[k], 0.5, "cluster " + k);
        }
    }

    @Test
    void restartsKeepTheHighestElboAndTheSameSeedGivesTheSameFit() {
        double[] data = ReferenceData.data("k4_n600.csv");
        KnownVarianceGaussianMixture model = new KnownVarianceGaussianMixture(4, 8, 1.5);
        CaviOptions options = new CaviOptions(300, 1e-12);
        CaviResult best = Cavi.fit(model, data, new Initialisation.KMeansPlusPlus(99, 8, 1.0), options,
                IterationListener.NONE);
        double[] finals = new double[8];
        Cavi.fit(model, data, new Initialisation.KMeansPlusPlus(99, 8, 1.0), options,
                (restart, iteration, elbo, change) -> finals[restart] = elbo);
        double max = Arrays.stream(finals).max().orElseThrow();
        assertEquals(max, best.finalElbo(), 0.0);
        assertEquals(finals[best.restart()], best.finalElbo(), 0.0);
        assertEquals(best, Cavi.fit(model, data, new Initialisation.KMeansPlusPlus(99, 8, 1.0), options,
                IterationListener.NONE));
    }
}
