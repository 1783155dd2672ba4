package vistream.app.serve;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import vistream.core.mixture.ConjugateMixture;
import vistream.core.mixture.NaturalParameters;
import vistream.core.mixture.PosteriorPredictive;
import vistream.streaming.PosteriorSnapshot;

/**
 * What the dashboard draws of the latest snapshot besides its history: a histogram of recent
 * observations under the fitted density (one-dimensional models), or the recent observations in
 * two dimensions with each cluster's ellipse (multivariate models). Read by HTTP requests; holds
 * no state of its own.
 */
final class DashboardViews {

    private final ConjugateMixture model;
    private final RecentObservations recent;
    private final int[] plot;
    private final Supplier<PosteriorSnapshot> latest;

    /**
     * @param model  the service's model (at its starting K)
     * @param recent the recent observations, in the plotted dimensions
     * @param plot   the plotted dimensions, from 0: one for D = 1, two otherwise
     * @param latest the latest snapshot, or null before the first
     */
    DashboardViews(ConjugateMixture model, RecentObservations recent, int[] plot, Supplier<PosteriorSnapshot> latest) {
        this.model = model;
        this.recent = recent;
        this.plot = plot;
        this.latest = latest;
    }

    /** The predictive of a snapshot's posterior, at the snapshot's K (moves change it). */
    private PosteriorPredictive predictive(PosteriorSnapshot s) {
        return model.withComponents(s.clusters()).posteriorPredictive(new NaturalParameters(s.checkpoint().posterior()));
    }

    /**
     * The dashboard's histogram of recent observations (one-dimensional models) and the fitted
     * density over it: the model's own posterior predictive p(x* | x) of the latest snapshot (a
     * mixture of Gaussians N(m_k, σ² + s_k²) for the lecture's model, of Student-t densities for a
     * Gaussian–Wishart one), so that the curve is the density the prequential score uses.
     */
    Map<String, Object> histogram(int bins) {
        double[] x = recent.values();
        PosteriorSnapshot s = latest.get();
        Map<String, Object> out = new LinkedHashMap<>();
        if (x.length == 0 || s == null || plot.length != 1) {
            out.put("centres", new double[0]);
            out.put("histogram", new double[0]);
            out.put("density", new double[0]);
            return out;
        }
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double v : x) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        double width = Math.max(hi - lo, 1e-9) / bins;
        double[] centres = new double[bins];
        double[] histogram = new double[bins];
        for (double v : x) {
            histogram[Math.min(bins - 1, (int) ((v - lo) / width))]++;
        }
        double[] density = new double[bins];
        PosteriorPredictive predictive = predictive(s);
        double[] point = new double[1];
        for (int b = 0; b < bins; b++) {
            centres[b] = lo + (b + 0.5) * width;
            histogram[b] /= x.length * width;
            point[0] = centres[b];
            density[b] = Math.exp(predictive.logDensity(point, 0));
        }
        out.put("centres", centres);
        out.put("histogram", histogram);
        out.put("density", density);
        return out;
    }

    /**
     * The dashboard's view of multivariate models: recent observations in the plotted pair of
     * dimensions, and each cluster's mean and 2-standard-deviation ellipse there (from its
     * covariance's 2 × 2 block: the ellipse {m + 2 L u : |u| = 1} with L the Cholesky factor).
     */
    Map<String, Object> scatter() {
        Map<String, Object> out = new LinkedHashMap<>();
        PosteriorSnapshot s = latest.get();
        out.put("plot", List.of(plot[0] + 1, plot[plot.length - 1] + 1));
        if (plot.length != 2 || s == null) {
            out.put("points", new double[0]);
            out.put("clusters", List.of());
            return out;
        }
        out.put("points", recent.values());
        int d = s.dimension();
        double[] means = s.means();
        double[] covariances = s.covariances();
        double[] weights = s.weights();
        List<Map<String, Object>> clusters = new ArrayList<>();
        int a = plot[0];
        int b = plot[1];
        for (int k = 0; k < weights.length; k++) {
            double saa = covariances[k * d * d + a * d + a];
            double sab = covariances[k * d * d + a * d + b];
            double sbb = covariances[k * d * d + b * d + b];
            double l11 = Math.sqrt(saa);
            double l21 = sab / l11;
            double l22 = Math.sqrt(Math.max(sbb - l21 * l21, 0.0));
            double ma = means[k * d + a];
            double mb = means[k * d + b];
            double[] ellipse = new double[2 * 49];
            for (int t = 0; t < 49; t++) {
                double angle = 2 * Math.PI * t / 48;
                double u = Math.cos(angle);
                double v = Math.sin(angle);
                ellipse[2 * t] = ma + 2 * l11 * u;
                ellipse[2 * t + 1] = mb + 2 * (l21 * u + l22 * v);
            }
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("id", s.ids()[k]);
            c.put("weight", weights[k]);
            c.put("mean", new double[] {ma, mb});
            c.put("ellipse", ellipse);
            clusters.add(c);
        }
        out.put("clusters", clusters);
        return out;
    }

    /**
     * How many observations each cluster of the latest snapshot holds: the posterior's expected
     * counts Σ_i φ_ik (those the rule still remembers, so a forgetting rule keeps them bounded).
     *
     * @return {@code ids} and {@code observations}, aligned; empty before the first snapshot
     */
    Map<String, Object> clusterCounts() {
        PosteriorSnapshot s = latest.get();
        Map<String, Object> out = new LinkedHashMap<>();
        if (s == null || s.checkpoint() == null) {
            out.put("ids", new long[0]);
            out.put("observations", new double[0]);
            return out;
        }
        double[] counts = model.withComponents(s.clusters()).counts(new NaturalParameters(s.checkpoint().posterior()));
        for (int k = 0; k < counts.length; k++) {
            counts[k] = Double.isFinite(counts[k]) ? Math.max(0, counts[k]) : 0;
        }
        out.put("ids", s.ids());
        out.put("observations", counts);
        return out;
    }
}
