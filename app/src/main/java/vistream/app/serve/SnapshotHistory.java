package vistream.app.serve;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

import vistream.streaming.DriftEvent;
import vistream.streaming.PosteriorSnapshot;

/**
 * The recent snapshots in compact form, for the dashboard's charts over time. Thread safe.
 */
final class SnapshotHistory {

    /**
     * One point of the charts.
     *
     * @param observations x axis: observations absorbed
     * @param elbo         ELBO per observation
     * @param predictive   prequential log predictive density
     * @param ids          each cluster's id
     * @param means        each cluster's mean (in the plotted dimension)
     * @param sd           each cluster's posterior standard deviation of the mean (same dimension)
     * @param weights      each cluster's weight
     * @param events       drift events raised since the previous point
     */
    record Point(long observations, double elbo, double predictive, long[] ids, double[] means, double[] sd,
            double[] weights, List<DriftEvent> events) {

        static Point of(PosteriorSnapshot s, int dimension) {
            int k = s.clusters();
            int d = s.dimension();
            double[] means = new double[k];
            double[] sd = new double[k];
            double[] m = s.means();
            double[] v = s.variances();
            for (int j = 0; j < k; j++) {
                means[j] = m[j * d + dimension];
                sd[j] = Math.sqrt(v[j * d + dimension]);
            }
            return new Point(s.observations(), s.elbo(), s.predictiveLogDensity(), s.ids(), means, sd, s.weights(),
                    s.driftEvents());
        }
    }

    private final int capacity;
    private final int dimension;
    private final ArrayDeque<Point> points = new ArrayDeque<>();

    SnapshotHistory(int capacity, int dimension) {
        this.capacity = Math.max(1, capacity);
        this.dimension = dimension;
    }

    synchronized void add(PosteriorSnapshot snapshot) {
        if (points.size() == capacity) {
            points.removeFirst();
        }
        points.addLast(Point.of(snapshot, dimension));
    }

    synchronized List<Point> points() {
        return new ArrayList<>(points);
    }
}
