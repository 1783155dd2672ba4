package vistream.core.graph;

/**
 * Factor sizes and work counts as saturating longs. A product of cardinalities that wrapped round
 * would look small, and a greedy elimination order would then pick the worst variable first; a
 * size that saturates at {@link Long#MAX_VALUE} stays the largest.
 */
final class Sizes {

    private Sizes() {
    }

    /** @return a × b, or {@link Long#MAX_VALUE} when it does not fit (both non-negative) */
    static long times(long a, long b) {
        long high = Math.multiplyHigh(a, b);
        long low = a * b;
        return high != 0 || low < 0 ? Long.MAX_VALUE : low;
    }

    /** @return a + b, or {@link Long#MAX_VALUE} when it does not fit (both non-negative) */
    static long plus(long a, long b) {
        long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }
}
