package vistream.app.serve;

/**
 * The last observations seen, in a ring, for the dashboard's histogram. Thread safe: the stream
 * adds, HTTP requests read.
 */
final class RecentObservations {

    private final double[] ring;
    private long added;

    RecentObservations(int capacity) {
        this.ring = new double[Math.max(1, capacity)];
    }

    synchronized void add(double x) {
        ring[(int) (added++ % ring.length)] = x;
    }

    synchronized double[] values() {
        int n = (int) Math.min(added, ring.length);
        double[] out = new double[n];
        System.arraycopy(ring, 0, out, 0, n);
        return out;
    }
}
