package vistream.streaming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import vistream.core.inference.Cavi;
import vistream.core.inference.CaviOptions;
import vistream.core.inference.CaviResult;
import vistream.core.inference.IterationListener;
import vistream.core.inference.UpdateRule;
import vistream.core.mixture.GaussianWishartMixture;
import vistream.core.mixture.GaussianWishartPrior;
import vistream.core.mixture.NaturalParameters;

/** The streaming operators drive the Gaussian–Wishart mixture unchanged. */
class MultivariateStreamTest {

    private static final double[][] CENTRES = {{-6, 0}, {0, 6}, {6, 0}};

    private static List<double[]> stream(long seed, int n, double drift) {
        return stream(seed, n, drift, 0.0);
    }

    /** Three clusters sliding right by {@code drift}; their y sd grows from 0.5 by {@code spreadGrowth}. */
    private static List<double[]> stream(long seed, int n, double drift, double spreadGrowth) {
        SplittableRandom random = new SplittableRandom(seed);
        List<double[]> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            double[] c = CENTRES[i % 3];
            double shift = drift * i / n;
            double ySd = 0.5 + spreadGrowth * i / n;
            out.add(new double[] {c[0] + shift + Synthetic.gaussian(random), c[1] + ySd * Synthetic.gaussian(random)});
        }
        return out;
    }

    private static double[] flatten(List<double[]> rows) {
        double[] x = new double[rows.size() * 2];
        for (int i = 0; i < rows.size(); i++) {
            x[2 * i] = rows.get(i)[0];
            x[2 * i + 1] = rows.get(i)[1];
        }
        return x;
    }

    @Test
    void sviConvergesToTheCaviSolutionOnAStationaryStream() {
        List<double[]> data = stream(1, 3000, 0);
        double[] x = flatten(data);
        GaussianWishartMixture model = new GaussianWishartMixture(3, GaussianWishartPrior.defaults(x, 2, 3));
        double[] start = {-5, 0, 0, 5, 5, 0};
        CaviResult cavi = Cavi.fit(model, x, model.initialPosterior(x, start, 1.0), CaviOptions.defaults(),
                IterationListener.NONE);
        List<double[]> epochs = new ArrayList<>();
        Random shuffle = new Random(2);
        for (int e = 0; e < 15; e++) {
            List<double[]> pass = new ArrayList<>(data);
            Collections.shuffle(pass, shuffle);
            epochs.addAll(pass);
        }
        StreamOptions options = StreamOptions.builder().batchSize(100).updateRule(new UpdateRule.Svi(3000, 0.7, 10))
                .initialMeans(start).build();
        PosteriorSnapshot last = Flux.fromIterable(epochs).transform(VariationalStream.of(model, options)).blockLast();
        double[] expected = model.means(cavi.posterior());
        double[] got = last.means();
        for (int i = 0; i < expected.length; i++) {
            // 1000 points a cluster with unit (or half) spread: CAVI's means are fixed to about
            // 0.03; SVI's last steps (ρ ≈ 0.012) wander by about 0.015. 0.06 is twice their sum.
            assertEquals(expected[i], got[i], 0.06, "mean value " + i);
        }
        double[] covariances = model.covariances(new NaturalParameters(last.checkpoint().posterior()));
        double[] cav = model.covariances(cavi.posterior());
        for (int i = 0; i < cav.length; i++) {
            assertEquals(cav[i], covariances[i], 0.1 * Math.max(1, Math.abs(cav[i])), "covariance value " + i);
        }
    }

    @Test
    void populationVbTracksMovingMeansInTwoDimensions() {
        List<double[]> data = stream(3, 30_000, 4.0, 1.0); // every cluster slides 4 right; its y sd grows 0.5 → 1.5
        double[] firstBatch = flatten(data.subList(0, 1000));
        GaussianWishartMixture model = new GaussianWishartMixture(3, GaussianWishartPrior.defaults(firstBatch, 2, 3));
        StreamOptions options = StreamOptions.builder().batchSize(200).updateRule(new UpdateRule.PopulationVb(3000, 0.55, 1))
                .initialMeans(-6, 0, 0, 6, 6, 0).build();
        List<PosteriorSnapshot> snapshots = Flux.fromIterable(data).transform(VariationalStream.of(model, options))
                .collectList().block();
        double speed = 4.0 / data.size(); // per observation
        double worst = 0;
        for (PosteriorSnapshot s : snapshots) {
            if (s.observations() < 5000) {
                continue;
            }
            // λ_t = (1 − ρ_t) λ_{t−1} + ρ_t λ̂_t weighs batch t − j by about ρ(1 − ρ)^j, so the
            // posterior mean trails the moving truth by (1 − ρ)/ρ batches of 200 observations.
            double rho = s.stepSize();
            double lag = speed * 200 * (1 - rho) / rho;
            double truthShift = 4.0 * s.observations() / data.size();
            for (int c = 0; c < 3; c++) {
                double behind = CENTRES[c][0] + truthShift - s.means()[2 * c];
                worst = Math.max(worst, Math.abs(behind - lag));
                worst = Math.max(worst, Math.abs(s.means()[2 * c + 1] - CENTRES[c][1]));
            }
        }
        // Around the predicted lag (0.1 to 0.4 here) what remains is noise: the population of 3000
        // gives each cluster's mean an sd of about 1/√1000 ≈ 0.03, and the geometric lag is an
        // approximation while ρ still falls. 0.15 is five of those sds.
        assertTrue(worst < 0.15, "worst deviation from the predicted lag " + worst);

        // The y variance grows from 0.25 to 2.25 (sd 0.5 → 1.5). The last snapshot's estimate lags by
        // the same (1 − ρ)/ρ batches as the means; around that lagged truth, a variance estimated from
        // about 1000 effective observations has a relative sd of √(2/1000) ≈ 4.5 %: allow 15 %.
        PosteriorSnapshot last = snapshots.get(snapshots.size() - 1);
        double lagObservations = 200 * (1 - last.stepSize()) / last.stepSize();
        double ySd = 0.5 + 1.0 * (last.observations() - lagObservations) / data.size();
        for (int c = 0; c < 3; c++) {
            double yVariance = last.covariances()[c * 4 + 3];
            assertEquals(ySd * ySd, yVariance, 0.15 * ySd * ySd, "cluster " + c + " y variance");
        }
    }
}
