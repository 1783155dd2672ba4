package vistream.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import vistream.core.evidence.ExactEvidence;
import vistream.core.inference.Cavi;
import vistream.core.inference.CaviOptions;
import vistream.core.inference.CaviResult;
import vistream.core.inference.Initialisation;
import vistream.core.inference.IterationListener;
import vistream.core.mixture.KnownVarianceGaussianMixture;

/** The README's "Using the maths from Java" snippet, kept compiling and running. */
class ReadmeExampleTest {

    @Test
    void readmeSnippetRuns() {
        SplittableRandom random = new SplittableRandom(1);
        double[] data = new double[3000];
        double[] centres = {-5, 0.5, 6};
        for (int i = 0; i < data.length; i++) {
            data[i] = centres[i % 3] + (random.nextDouble() - 0.5) * 2;
        }
        double[] tinyData = {-4.1, 0.3, 5.8, 6.2, -5.0};

        // --- README snippet ---
        KnownVarianceGaussianMixture model = new KnownVarianceGaussianMixture(3, 10.0, 1.0);
        CaviResult fit = Cavi.fit(model, data, new Initialisation.KMeansPlusPlus(1, 5, 1.0),
                CaviOptions.defaults(), IterationListener.NONE);
        double[] means = model.means(fit.posterior());
        double logDensity = model.logPredictiveDensity(fit.posterior(), new double[] {0.7}, 0);
        double logEvidence = ExactEvidence.compute(tinyData, 3, 10.0, 1.0).logEvidence();
        // --- end ---

        Arrays.sort(means);
        // Uniform noise of half-width 1 around each centre, 1000 points each: means within 0.1.
        assertArrayEquals(centres, means, 0.1);
        assertTrue(logDensity < 0 && logDensity > Math.log(1.0 / 3 / Math.sqrt(2 * Math.PI)) - 1, "density near a centre");
        assertTrue(Double.isFinite(logEvidence) && logEvidence < 0);
    }
}
