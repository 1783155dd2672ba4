package vistream.app.serve;

/**
 * The last observations seen, in a ring, for the dashboard: one value each (the histogram) or the
 * two plotted dimensions (the scatter). Thread safe: the stream adds, HTTP requests read.
 */
final class RecentObservations {

    private final int width;
    private final double[] ring;
    private final int capacity;
    private long added;

    RecentObservations(int capacity, int width) {
        this.capacity = Math.max(1, capacity);
        this.width = width;
        this.ring = new double[this.capacity * width];
    }

    /** Adds the values of {@code x} at {@code dimensions}. */
    synchronized void add(double[] x, int[] dimensions) {
        int at = (int) (added++ % capacity) * width;
        for (int i = 0; i < width; i++) {
            ring[at + i] = x[dimensions[i]];
        }
    }

    /** @return the stored values, row-major, {@link #width()} per observation */
    synchronized double[] values() {
        int n = (int) Math.min(added, capacity);
        double[] out = new double[n * width];
        System.arraycopy(ring, 0, out, 0, out.length);
        return out;
    }

    int width() {
        return width;
    }
}
