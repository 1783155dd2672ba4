package vistream.core.inference;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import static vistream.core.Rejections.assertMessage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import vistream.core.mixture.KnownVarianceGaussianMixture;

/** Every kind of bad input to a fit gives an exception that names it. */
class CaviBadInputTest {

    private final KnownVarianceGaussianMixture model = new KnownVarianceGaussianMixture(2, 1, 1);
    private final Initialisation seeded = new Initialisation.KMeansPlusPlus(1, 1, 1.0);

    @Test
    void emptyData() {
        assertMessage("no observations", () -> fit(new double[0], seeded));
    }

    @Test
    void notFiniteData() {
        assertMessage("observation 1 holds NaN", () -> fit(new double[] {0, Double.NaN}, seeded));
        assertMessage("observation 2 holds Infinity", () -> fit(new double[] {0, 1, Double.POSITIVE_INFINITY}, seeded));
        assertMessage("observation 0 holds -Infinity", () -> fit(new double[] {Double.NEGATIVE_INFINITY}, seeded));
    }

    @Test
    void dataWhoseSquaresCouldOverflow() {
        assertMessage("observation 1 holds 1.0E160; every value must be within ±1e50",
                () -> fit(new double[] {0, 1e160, 2e160}, seeded));
    }

    @Test
    void initialMeansOfTheWrongLength() {
        assertMessage("expected 2 initial means (one per component), got 3",
                () -> fit(new double[] {1, 2}, new Initialisation.GivenMeans(new double[] {1, 2, 3}, 1)));
    }

    @Test
    void absurdSettings() {
        assertMessage("initial mean[0] is NaN", () -> new Initialisation.GivenMeans(new double[] {Double.NaN}, 1));
        assertMessage("initial variance must be a finite number greater than 0, got -2.0",
                () -> new Initialisation.GivenMeans(new double[] {1}, -2));
        assertMessage("restarts must be at least 1, got 0", () -> new Initialisation.KMeansPlusPlus(1, 0, 1));
        assertMessage("max iterations must be at least 1, got 0", () -> new CaviOptions(0, 0));
        assertMessage("tolerance must be a finite number at least 0, got -1.0", () -> new CaviOptions(10, -1));
        assertMessage("tolerance must be a finite number at least 0, got NaN", () -> new CaviOptions(10, Double.NaN));
    }

    private CaviResult fit(double[] data, Initialisation init) {
        return Cavi.fit(model, data, init, CaviOptions.defaults(), IterationListener.NONE);
    }

}
