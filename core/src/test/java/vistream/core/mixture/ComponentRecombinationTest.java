package vistream.core.mixture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static vistream.core.Rejections.assertMessage;
import static vistream.core.Tolerance.assertRelativelyClose;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * {@link ConjugateMixture#recombine} and {@link ConjugateMixture#concatenate} against their
 * definition: the posterior whose statistics are recombined equals the global step of the
 * recombined statistics, for every model and weight prior.
 */
class ComponentRecombinationTest {

    /**
     * Both sides add the same few numbers in another order (η + Σ s(λ − η) against η + t(Σ s S));
     * natural parameters of order 10⁴ then agree to a few ulps of the largest term.
     */
    private static final double ROUNDING = 1e-12;

    private final SplittableRandom random = new SplittableRandom(3);

    @Test
    void recombiningPosteriorsIsTheGlobalStepOfRecombinedStatistics() {
        for (ConjugateMixture model : models()) {
            int k = model.components();
            SufficientStatistics s = statistics(model);
            NaturalParameters lambda = model.globalStep(s, 1.0);
            // Component 0 takes 1 and 2, 1 keeps 0.3 of itself, a new prior component, then 3.
            double[][] shares = new double[4][k];
            shares[0][1] = 1.0;
            shares[0][2] = 1.0;
            shares[1][0] = 0.3;
            shares[3][3] = 1.0;
            ConjugateMixture target = model.withComponents(4);
            assertClose(target.globalStep(recombined(model, s, shares), 1.0), model.recombine(lambda, shares),
                    model + ": recombine");
        }
    }

    @Test
    void concatenatingPosteriorsIsTheGlobalStepOfBothStatistics() {
        for (ConjugateMixture model : models()) {
            SufficientStatistics a = statistics(model);
            ConjugateMixture two = model.withComponents(2);
            SufficientStatistics b = statistics(two);
            NaturalParameters joined = model.concatenate(model.globalStep(a, 1.0), two.globalStep(b, 1.0), 2);
            ConjugateMixture target = model.withComponents(model.components() + 2);
            SufficientStatistics both = target.newStatistics();
            int m = model.momentsLength() / model.components();
            double[] counts = new double[target.components()];
            double[] moments = new double[target.momentsLength()];
            for (int c = 0; c < model.components(); c++) {
                counts[c] = a.count(c);
                for (int j = 0; j < m; j++) {
                    moments[c * m + j] = a.moment(c * m + j);
                }
            }
            for (int c = 0; c < 2; c++) {
                counts[model.components() + c] = b.count(c);
                for (int j = 0; j < m; j++) {
                    moments[(model.components() + c) * m + j] = b.moment(c * m + j);
                }
            }
            both.add(counts, moments, 0.0, a.observations() + b.observations());
            assertClose(target.globalStep(both, 1.0), joined, model + ": concatenate");
            assertRelativelyClose(model.means(model.globalStep(a, 1.0)), java.util.Arrays.copyOf(target.means(joined),
                    model.components() * model.dimension()), ROUNDING, model + ": the first components' means");
        }
    }

    @Test
    void theIdentityKeepsThePosterior() {
        for (ConjugateMixture model : models()) {
            NaturalParameters lambda = model.globalStep(statistics(model), 1.0);
            double[][] identity = new double[model.components()][model.components()];
            for (int c = 0; c < identity.length; c++) {
                identity[c][c] = 1.0;
            }
            assertClose(lambda, model.recombine(lambda, identity), model + ": identity");
        }
    }

    @Test
    void badSharesAreRefused() {
        ConjugateMixture model = new KnownVarianceGaussianMixture(2, 1.0, 1.0, new WeightFactor.Dirichlet(1.0));
        NaturalParameters lambda = model.prior();
        assertMessage("share row 0 has 3 entries, not K = 2",
                () -> model.recombine(lambda, new double[][] {{1, 0, 0}}));
        assertMessage("the recombined statistics give component 0 a negative count",
                () -> model.recombine(model.globalStep(counted(model, 1, 3), 1.0), new double[][] {{1, -1}}));
        assertMessage("share of component 1 in component 0 must be finite",
                () -> model.recombine(lambda, new double[][] {{1, Double.NaN}}));
        assertMessage("expected 3 natural parameters for K = 1, got 6",
                () -> model.concatenate(lambda, lambda, 1));
    }

    @Test
    void recombinedWeightsCountTheRecombinedObservations() {
        // Stick-breaking weights depend on the order of every later count: rebuilt from the counts,
        // not copied per component.
        KnownVarianceGaussianMixture model = new KnownVarianceGaussianMixture(3, 5.0, 1.0, new WeightFactor.StickBreaking(1.0));
        SufficientStatistics s = model.newStatistics();
        s.add(new double[] {10, 20, 30}, new double[6], 0.0, 60);
        NaturalParameters merged = model.recombine(model.globalStep(s, 1.0), new double[][] {{1, 0, 1}, {0, 1, 0}});
        // γ_1 = (1 + 40, α0 + 20), γ_2 = (1 + 20, α0).
        assertEquals(List.of(41.0, 21.0, 21.0, 1.0), List.of(merged.get(0), merged.get(1), merged.get(2), merged.get(3)));
    }

    /** Statistics of a model with these counts per component, moments 0. */
    private static SufficientStatistics counted(ConjugateMixture model, double... counts) {
        SufficientStatistics s = model.newStatistics();
        s.add(counts, new double[model.momentsLength()], 0.0, 0);
        return s;
    }

    private List<ConjugateMixture> models() {
        List<ConjugateMixture> out = new ArrayList<>();
        for (WeightFactor w : new WeightFactor[] {new WeightFactor.Uniform(), new WeightFactor.Dirichlet(0.2),
            new WeightFactor.StickBreaking(1.3)}) {
            out.add(new KnownVarianceGaussianMixture(4, 3.0, 0.5, w));
        }
        double[] cov = {2.0, 0.3, 0.3, 1.0};
        GaussianWishartPrior prior = new GaussianWishartPrior(0.25, new double[] {1.0, -1.0}, 0.5, cov, 3.0);
        for (CovarianceType type : CovarianceType.values()) {
            out.add(new GaussianWishartMixture(4, prior, WeightPrior.DIRICHLET, type));
            out.add(new GaussianWishartMixture(4, prior, WeightPrior.DIRICHLET_PROCESS, type));
        }
        return out;
    }

    /** Statistics of random data under random responsibilities. */
    private SufficientStatistics statistics(ConjugateMixture model) {
        int n = 200;
        int d = model.dimension();
        double[] x = new double[n * d];
        for (int i = 0; i < x.length; i++) {
            x[i] = 3 * random.nextGaussian();
        }
        NaturalParameters start = model.initialPosterior(randomMeans(model), 1.0);
        SufficientStatistics s = model.newStatistics();
        model.localStep(start).accumulate(x, 0, n, s);
        return s;
    }

    private double[] randomMeans(ConjugateMixture model) {
        double[] m = new double[model.components() * model.dimension()];
        for (int i = 0; i < m.length; i++) {
            m[i] = 4 * random.nextGaussian();
        }
        return m;
    }

    /** Σ_j shares[c][j] S_j per component, by the statistics' own per-component layout. */
    private static SufficientStatistics recombined(ConjugateMixture model, SufficientStatistics s, double[][] shares) {
        int k = model.components();
        int m = model.momentsLength() / k;
        double[] counts = new double[shares.length];
        double[] moments = new double[shares.length * m];
        for (int c = 0; c < shares.length; c++) {
            for (int j = 0; j < k; j++) {
                counts[c] += shares[c][j] * s.count(j);
                for (int v = 0; v < m; v++) {
                    moments[c * m + v] += shares[c][j] * s.moment(j * m + v);
                }
            }
        }
        SufficientStatistics out = model.withComponents(shares.length).newStatistics();
        out.add(counts, moments, 0.0, s.observations());
        return out;
    }

    private static void assertClose(NaturalParameters expected, NaturalParameters actual, String what) {
        assertEquals(expected.size(), actual.size(), what + ": size");
        double scale = 0.0;
        for (int i = 0; i < expected.size(); i++) {
            scale = Math.max(scale, Math.abs(expected.get(i)));
        }
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i), actual.get(i), ROUNDING * scale, what + " [" + i + "]");
        }
    }
}
