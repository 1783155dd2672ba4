package vistream.core.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import vistream.core.evidence.ExactEvidence;
import vistream.core.mixture.KnownVarianceGaussianMixture;

/** Properties CAVI must have on any data: a monotone ELBO that stays below log p(x). */
class CaviInvariantsTest {

    /**
     * Each CAVI update maximises the ELBO in its own coordinates, so the trace cannot go down;
     * what remains is rounding in sums of O(n) terms, far below 1e-12 relative for n ≤ 500.
     */
    private static final double MONOTONE_TOLERANCE = 1e-12;

    @Test
    void elboNeverDecreasesOverRandomDataAndStarts() {
        SplittableRandom random = new SplittableRandom(20261126L);
        for (int trial = 0; trial < 300; trial++) {
            int k = 1 + random.nextInt(6);
            int n = 1 + random.nextInt(500);
            double sigma0 = 0.1 + 20 * random.nextDouble();
            double sigma = 0.05 + 4 * random.nextDouble();
            double[] data = mixtureSample(random, n, 1 + random.nextInt(4), 10 * random.nextDouble(), sigma);
            double[] means = new double[k];
            for (int j = 0; j < k; j++) {
                means[j] = 30 * random.nextDouble() - 15;
            }
            double variance = Math.exp(6 * random.nextDouble() - 3);
            Initialisation init = random.nextBoolean() ? new Initialisation.GivenMeans(means, variance)
                    : new Initialisation.KMeansPlusPlus(random.nextLong(), 1, variance);
            CaviResult fit = Cavi.fit(new KnownVarianceGaussianMixture(k, sigma0, sigma), data, init,
                    new CaviOptions(60, 0.0), IterationListener.NONE);
            double[] elbo = fit.elbo();
            for (int t = 1; t < elbo.length; t++) {
                double drop = elbo[t - 1] - elbo[t];
                assertTrue(drop <= MONOTONE_TOLERANCE * Math.abs(elbo[t]),
                        "trial " + trial + ": ELBO fell from " + elbo[t - 1] + " to " + elbo[t] + " at iteration " + (t + 1));
            }
        }
    }

    /** Both sides are sums of a few dozen rounded terms: a few ulps apart where the gap is zero. */
    private static final double ROUNDING = 1e-13;

    @Test
    void elboStaysBelowTheExactLogEvidence() {
        SplittableRandom random = new SplittableRandom(42);
        for (int trial = 0; trial < 60; trial++) {
            int k = 1 + random.nextInt(3);
            int n = 1 + random.nextInt(k == 3 ? 9 : 12);
            double sigma0 = 0.3 + 6 * random.nextDouble();
            double sigma = 0.3 + 2 * random.nextDouble();
            double[] data = mixtureSample(random, n, k, 4, sigma);
            double logEvidence = ExactEvidence.compute(data, k, sigma0, sigma).logEvidence();
            for (int start = 0; start < 5; start++) {
                CaviResult fit = Cavi.fit(new KnownVarianceGaussianMixture(k, sigma0, sigma), data,
                        new Initialisation.KMeansPlusPlus(random.nextLong(), 1, 1.0), new CaviOptions(200, 0.0),
                        IterationListener.NONE);
                for (double e : fit.elbo()) {
                    assertTrue(e <= logEvidence + ROUNDING * Math.abs(logEvidence),
                            "trial " + trial + ": ELBO " + e + " above log p(x) " + logEvidence);
                }
                if (k == 1) {
                    // One component: q(μ) = N(m, s²) is the exact posterior, so the gap closes.
                    assertEquals(logEvidence, fit.finalElbo(), 1e-12 * Math.abs(logEvidence), "K = 1 has no gap");
                }
            }
        }
    }

    @Test
    void convergenceStopsOnTheRelativeChangeAfterAtLeastTwoIterations() {
        double[] data = mixtureSample(new SplittableRandom(3), 400, 3, 8, 1.0);
        CaviOptions options = new CaviOptions(1000, 1e-8);
        CaviResult fit = Cavi.fit(new KnownVarianceGaussianMixture(3, 10, 1), data,
                new Initialisation.KMeansPlusPlus(1, 1, 1.0), options, IterationListener.NONE);
        double[] elbo = fit.elbo();
        int t = elbo.length;
        assertTrue(fit.converged());
        assertTrue(t >= 2 && t < 1000, "iterations " + t);
        assertTrue(Math.abs(elbo[t - 1] - elbo[t - 2]) < 1e-8 * Math.abs(elbo[t - 1]), "last change below tolerance");
        for (int i = 1; i < t - 1; i++) {
            assertTrue(Math.abs(elbo[i] - elbo[i - 1]) >= 1e-8 * Math.abs(elbo[i]), "stopped at the first small change");
        }
    }

    /** n points from {@code clusters} Gaussians whose means are spread over ±spread. */
    static double[] mixtureSample(SplittableRandom random, int n, int clusters, double spread, double sd) {
        double[] centres = new double[clusters];
        for (int j = 0; j < clusters; j++) {
            centres[j] = spread * (2 * random.nextDouble() - 1);
        }
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = centres[random.nextInt(clusters)] + sd * gaussian(random);
        }
        return x;
    }

    static double gaussian(SplittableRandom random) {
        // Box–Muller; SplittableRandom has no nextGaussian in Java 17.
        double u = 1.0 - random.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2.0 * Math.PI * random.nextDouble());
    }
}
