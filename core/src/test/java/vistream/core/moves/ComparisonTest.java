package vistream.core.moves;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import vistream.core.inference.Cavi;
import vistream.core.inference.CaviOptions;
import vistream.core.inference.CaviResult;
import vistream.core.inference.Initialisation;
import vistream.core.inference.IterationListener;
import vistream.core.mixture.KnownVarianceGaussianMixture;
import vistream.core.mixture.WeightFactor;

/** How a delete is judged: only an empty component gets the truncation's slack. */
class ComparisonTest {

    private static final CaviOptions FIT = new CaviOptions(500, 1e-12, 1);

    @Test
    void aComponentThatExplainsDataIsDeletedOnlyIfTheElboRises() {
        // Two clusters 2.5 sd apart, 300 observations each: without one of them the bound falls by
        // less than a nat per observation, far less than the component's expected count.
        double[] x = sample(new double[] {0.0, 2.5}, 300, new SplittableRandom(11));
        KnownVarianceGaussianMixture model = new KnownVarianceGaussianMixture(2, 10.0, 1.0, new WeightFactor.Dirichlet(1.0));
        CaviResult fit = Cavi.fit(model, x, new Initialisation.GivenMeans(new double[] {0.0, 2.5}, 1.0), FIT,
                IterationListener.NONE);
        Comparison comparison = new Comparison(model, x, fit, MoveOptions.defaults(4));
        Verdict delete = comparison.judge(Candidates.delete(model, fit.posterior(), 1));
        double count = model.counts(fit.posterior())[1];
        assertTrue(delete.gain() < 0 && delete.gain() > -count,
                "the loss (" + delete.gain() + ") is within the slack an empty component would get (" + count + ")");
        assertFalse(delete.accepted(), "a component holding " + count + " observations is not deleted at a loss");
    }

    @Test
    void anEmptyTrailingStickIsDeletedThoughTheBoundDoesNotAskForIt() {
        double[] x = sample(new double[] {0.0, 8.0}, 300, new SplittableRandom(12));
        KnownVarianceGaussianMixture model = new KnownVarianceGaussianMixture(3, 10.0, 1.0,
                new WeightFactor.StickBreaking(1.0));
        CaviResult fit = Cavi.fit(model, x, new Initialisation.GivenMeans(new double[] {0.0, 8.0, 40.0}, 1.0), FIT,
                IterationListener.NONE);
        double[] counts = model.counts(fit.posterior());
        assertTrue(counts[2] < 1e-3 * x.length, "the third stick is empty: " + counts[2]);
        Verdict delete = new Comparison(model, x, fit, MoveOptions.defaults(4))
                .judge(Candidates.delete(model, fit.posterior(), 2));
        assertTrue(delete.accepted(), "the empty stick goes, gain " + delete.gain());
    }

    private static double[] sample(double[] centres, int perCluster, SplittableRandom random) {
        double[] out = new double[centres.length * perCluster];
        for (int i = 0; i < out.length; i++) {
            out[i] = centres[i % centres.length] + random.nextGaussian();
        }
        return out;
    }
}
