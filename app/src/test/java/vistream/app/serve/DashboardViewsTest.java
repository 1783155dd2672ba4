package vistream.app.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import vistream.core.mixture.CovarianceType;
import vistream.core.mixture.GaussianWishartMixture;
import vistream.core.mixture.GaussianWishartPrior;
import vistream.core.mixture.NaturalParameters;
import vistream.core.mixture.PosteriorPredictive;
import vistream.core.mixture.WeightPrior;
import vistream.streaming.PosteriorSnapshot;
import vistream.streaming.StreamOptions;
import vistream.streaming.VariationalStream;

/** The dashboard's fitted density is the model's own posterior predictive, not a Gaussian redrawn in app code. */
class DashboardViewsTest {

    @Test
    void aOneDimensionalGaussianWishartHistogramDrawsItsStudentTPredictive() {
        SplittableRandom random = new SplittableRandom(3);
        int n = 60;
        double[] data = new double[n];
        for (int i = 0; i < n; i++) {
            double u = 1.0 - random.nextDouble();
            data[i] = (i % 2 == 0 ? -4 : 4) + Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
        }
        // Few observations: the posterior over each variance is wide, so its Student-t predictive has heavy tails.
        GaussianWishartMixture model = new GaussianWishartMixture(2, GaussianWishartPrior.defaults(data, 1, 2),
                WeightPrior.DIRICHLET, CovarianceType.SPHERICAL);
        PosteriorSnapshot snapshot = Flux.range(0, n).map(i -> new double[] {data[i]})
                .transform(VariationalStream.of(model, StreamOptions.builder().batchSize(20).build())).blockLast();
        RecentObservations recent = new RecentObservations(100, 1);
        for (double x : data) {
            recent.add(new double[] {x}, new int[] {0});
        }
        Map<String, Object> view = new DashboardViews(model, recent, new int[] {0}, () -> snapshot).histogram(30);
        double[] centres = (double[]) view.get("centres");
        double[] density = (double[]) view.get("density");

        PosteriorPredictive predictive = model.withComponents(snapshot.clusters())
                .posteriorPredictive(new NaturalParameters(snapshot.checkpoint().posterior()));
        double largestGap = 0;
        for (int b = 0; b < centres.length; b++) {
            double expected = Math.exp(predictive.logDensity(new double[] {centres[b]}, 0));
            assertEquals(expected, density[b], 1e-15 + 1e-12 * expected, "bin " + b);
            largestGap = Math.max(largestGap, Math.abs(density[b] - gaussians(snapshot, centres[b])) / expected);
        }
        assertTrue(largestGap > 0.01, "a Gaussian with the same moments would draw another curve: " + largestGap);
    }

    /** What the dashboard drew before: Σ w_k N(x | m_k, c_k + s_k²). */
    private static double gaussians(PosteriorSnapshot s, double x) {
        double sum = 0;
        for (int k = 0; k < s.weights().length; k++) {
            double v = s.covariances()[k] + s.variances()[k];
            double d = x - s.means()[k];
            sum += s.weights()[k] * Math.exp(-d * d / (2 * v)) / Math.sqrt(2 * Math.PI * v);
        }
        return sum;
    }
}
