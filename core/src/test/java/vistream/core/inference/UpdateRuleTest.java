package vistream.core.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static vistream.core.Tolerance.assertRelativelyClose;
import static vistream.core.Rejections.assertMessage;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import vistream.core.mixture.KnownVarianceGaussianMixture;
import vistream.core.mixture.LocalStep;
import vistream.core.mixture.NaturalParameters;
import vistream.core.mixture.SufficientStatistics;

/** The update rules against the batch updates they must reduce to. */
class UpdateRuleTest {

    private final KnownVarianceGaussianMixture model = new KnownVarianceGaussianMixture(3, 5.0, 1.0);
    private final double[] data = CaviInvariantsTest.mixtureSample(new SplittableRandom(8), 600, 3, 6, 1.0);

    @Test
    void sviWithStepOneAndDataSizeEqualToTheBatchIsOneCaviGlobalStep() {
        NaturalParameters start = model.initialPosterior(new double[] {-3, 0, 3}, 1.0);
        SufficientStatistics s = model.newStatistics();
        model.localStep(start).accumulate(data, 0, 200, s);
        // ρ_1 = (1 + 0)^(−κ) = 1 for any κ.
        UpdateRule.Step step = new UpdateRule.Svi(200, 0.7, 0).step(1, 200);
        assertEquals(1.0, step.stepSize(), 0.0);
        NaturalParameters svi = step.apply(start, model.prior(), model.naturalStatistics(s));
        assertRelativelyClose(model.globalStep(s, 1.0).values(), svi.values(), 1e-15, "λ");
    }

    @Test
    void streamingVbWithResponsibilitiesHeldFixedEqualsTheBatchUpdateWhateverTheCuts() {
        // With one local step held for the whole stream, φ_i does not depend on the batching, so
        // η + Σ_b t(S_b) must equal η + t(S) of all the data (Broderick et al. 2013, eq. 3).
        LocalStep fixed = model.localStep(model.initialPosterior(new double[] {-3, 0, 3}, 1.0));
        SufficientStatistics all = model.newStatistics();
        fixed.accumulate(data, 0, data.length, all);
        NaturalParameters batch = model.globalStep(all, 1.0);
        for (int[] cuts : new int[][] {{600}, {1, 599}, {100, 200, 300}, {7, 13, 250, 330}}) {
            NaturalParameters posterior = model.prior();
            UpdateRule svb = new UpdateRule.StreamingVb();
            int from = 0;
            long t = 0;
            for (int size : cuts) {
                SufficientStatistics s = model.newStatistics();
                fixed.accumulate(data, from, from + size, s);
                posterior = svb.step(++t, size).apply(posterior, model.prior(), model.naturalStatistics(s));
                from += size;
            }
            assertRelativelyClose(batch.values(), posterior.values(), 1e-12, "cuts " + java.util.Arrays.toString(cuts));
        }
    }

    @Test
    void stepSizesFollowTheirSchedules() {
        UpdateRule.Svi svi = new UpdateRule.Svi(1e4, 0.6, 10);
        for (long t = 1; t < 50; t++) {
            UpdateRule.Step step = svi.step(t, 100);
            assertEquals(Math.pow(t + 10, -0.6), step.stepSize(), 0.0);
            assertEquals(1 - step.stepSize(), step.keep(), 0.0);
            assertEquals(step.stepSize() * 100, step.add(), 1e-12, "ρ N / |B|");
        }
        UpdateRule.Step pvb = new UpdateRule.PopulationVb(500, 1.0, 0).step(4, 50);
        assertEquals(0.25, pvb.stepSize(), 0.0);
        assertEquals(0.25 * 500 / 50, pvb.add(), 1e-15);
        UpdateRule.Step constant = new UpdateRule.ConstantStep(0.1, 2000).step(1000, 100);
        assertEquals(0.1, constant.stepSize(), 0.0);
        assertEquals(0.9, constant.keep(), 0.0);
        assertEquals(2.0, constant.add(), 1e-15);
        double[] counts = constant.apply(new double[] {10, 20}, new double[] {1, 3});
        assertRelativelyClose(new double[] {0.9 * 10 + 2 * 1, 0.9 * 20 + 2 * 3}, counts, 1e-15, "counts");
    }

    @Test
    void rejectsAbsurdSettings() {
        assertMessage("kappa must be in (0.5, 1], got 0.5", () -> new UpdateRule.Svi(100, 0.5, 1));
        assertMessage("kappa must be in (0.5, 1], got 1.5", () -> new UpdateRule.PopulationVb(100, 1.5, 1));
        assertMessage("delay tau", () -> new UpdateRule.Svi(100, 0.7, -1));
        assertMessage("data-set size N", () -> new UpdateRule.Svi(0, 0.7, 1));
        assertMessage("population size alpha", () -> new UpdateRule.PopulationVb(Double.NaN, 0.7, 1));
        assertMessage("rho must be in (0, 1], got 0.0", () -> new UpdateRule.ConstantStep(0, 10));
        assertMessage("rho must be in (0, 1], got 1.1", () -> new UpdateRule.ConstantStep(1.1, 10));
    }
}
