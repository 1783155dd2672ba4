package vistream.app.serve;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
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
     * @param time         when the snapshot's last batch was absorbed, epoch milliseconds of the service's clock
     * @param elbo         ELBO per observation
     * @param predictive   prequential log predictive density
     * @param ids          each cluster's id
     * @param means        each cluster's mean (in the plotted dimension)
     * @param sd           each cluster's posterior standard deviation of the mean (same dimension)
     * @param spread       each cluster's own standard deviation, of its observations (same dimension)
     * @param weights      each cluster's weight
     * @param events       drift events raised since the previous point
     */
    record Point(long observations, long time, double elbo, double predictive, long[] ids, double[] means,
            double[] sd, double[] spread, double[] weights, List<DriftEvent> events) {

        static Point of(PosteriorSnapshot s, int dimension) {
            int k = s.clusters();
            int d = s.dimension();
            double[] means = new double[k];
            double[] sd = new double[k];
            double[] spread = new double[k];
            double[] m = s.means();
            double[] v = s.variances();
            double[] c = s.covariances();
            for (int j = 0; j < k; j++) {
                means[j] = m[j * d + dimension];
                sd[j] = Math.sqrt(v[j * d + dimension]);
                spread[j] = Math.sqrt(c[j * d * d + dimension * d + dimension]);
            }
            return new Point(s.observations(), s.time(), s.elbo(), s.predictiveLogDensity(), s.ids(), means, sd, spread,
                    s.weights(), s.driftEvents());
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

    /**
     * Observations absorbed a second over the last {@code windowMillis} before {@code now}: those
     * absorbed since the newest point at or before the window's start, over the window (over the
     * time since the oldest point if the history is younger). A stream that stopped reads 0 once its
     * last update has left the window, and the age of a checkpoint the service resumed from is no pause.
     *
     * @param now          epoch milliseconds, on the clock of the snapshots' {@code time}
     * @param windowMillis the window
     * @return the rate, 0 without two points to compare
     */
    synchronized double observationsPerSecond(long now, long windowMillis) {
        if (points.isEmpty()) {
            return 0.0;
        }
        Point start = null;
        for (Iterator<Point> newestFirst = points.descendingIterator(); newestFirst.hasNext();) {
            start = newestFirst.next();
            if (start.time() <= now - windowMillis) {
                break;
            }
        }
        long span = now - Math.max(start.time(), now - windowMillis);
        return span <= 0 ? 0.0 : (points.getLast().observations() - start.observations()) * 1000.0 / span;
    }
}
