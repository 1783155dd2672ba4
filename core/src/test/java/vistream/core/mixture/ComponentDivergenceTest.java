package vistream.core.mixture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static vistream.core.Tolerance.assertRelativelyClose;

import org.junit.jupiter.api.Test;

/** KL between component factors against numerical integration of ∫ q' log(q'/q). */
class ComponentDivergenceTest {

    @Test
    void equalsTheIntegralOfTheDensityRatio() {
        KnownVarianceGaussianMixture model = new KnownVarianceGaussianMixture(2, 3, 1);
        NaturalParameters from = model.initialPosterior(new double[] {0.5, -2}, 0.4);
        NaturalParameters to = model.initialPosterior(new double[] {1.25, -2}, 0.1);
        double m0 = 0.5;
        double v0 = 0.4;
        double m1 = 1.25;
        double v1 = 0.1;
        double sum = 0;
        double h = 1e-4;
        for (double x = m1 - 12 * Math.sqrt(v1); x <= m1 + 12 * Math.sqrt(v1); x += h) {
            double logQ1 = -0.5 * Math.log(2 * Math.PI * v1) - (x - m1) * (x - m1) / (2 * v1);
            double logQ0 = -0.5 * Math.log(2 * Math.PI * v0) - (x - m0) * (x - m0) / (2 * v0);
            sum += Math.exp(logQ1) * (logQ1 - logQ0) * h;
        }
        // A Riemann sum with step 1e-4 of a smooth integrand over ±12 sd: error far below 1e-8.
        assertRelativelyClose(sum, model.componentDivergence(from, to, 0), 1e-8, "KL(q' || q)");
        // Component 1 kept its mean and only its variance shrank, 0.4 → 0.1: ½ (r − 1 − log r), r = 1/4.
        assertEquals(0.5 * (0.25 - 1 - Math.log(0.25)), model.componentDivergence(from, to, 1), 1e-15, "variance only");
        assertEquals(0.0, model.componentDivergence(from, from, 0), 0.0);
    }

    @Test
    void predictiveEqualsTheMixtureOfNormalsItIntegrates() {
        KnownVarianceGaussianMixture model = new KnownVarianceGaussianMixture(2, 3, 0.5);
        NaturalParameters q = model.initialPosterior(new double[] {-1, 2}, 0.2);
        PosteriorPredictive predictive = model.posteriorPredictive(q);
        for (double x : new double[] {-40, -1, 0.3, 2, 9}) {
            double v = 0.25 + 0.2;
            double direct = 0.5 * Math.exp(-(x + 1) * (x + 1) / (2 * v)) / Math.sqrt(2 * Math.PI * v)
                    + 0.5 * Math.exp(-(x - 2) * (x - 2) / (2 * v)) / Math.sqrt(2 * Math.PI * v);
            double expected = x == -40 ? -Math.log(2) - 0.5 * Math.log(2 * Math.PI * v) - 39 * 39 / (2 * v)
                    : Math.log(direct);
            assertRelativelyClose(expected, predictive.logDensity(new double[] {x}, 0), 1e-13, "x = " + x);
        }
    }
}
