package vistream.core.graph;

import java.util.Locale;

/**
 * Thrown before any allocation when exact inference would need a factor, or factors alive at
 * once, beyond the memory it is allowed: the size is estimated from the elimination order, so the
 * answer is this message rather than an {@link OutOfMemoryError}.
 */
public final class InferenceTooLargeException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final long needed;
    private final long allowed;

    /**
     * Creates the exception.
     *
     * @param needed  the entries the query needs (saturating at {@link Long#MAX_VALUE})
     * @param allowed the entries allowed
     */
    public InferenceTooLargeException(long needed, long allowed) {
        super(String.format(Locale.ROOT, "this query is too large for exact inference: it needs %s factor entries "
                        + "(%s) held at once, and at most %s (%s) are allowed; add evidence, ask about fewer "
                        + "variables together, or give the JVM more memory (-Xmx)",
                count(needed), bytes(needed), count(allowed), bytes(allowed)));
        this.needed = needed;
        this.allowed = allowed;
    }

    /** @return the entries the query needs, saturating at {@link Long#MAX_VALUE} */
    public long needed() {
        return needed;
    }

    /** @return the entries allowed */
    public long allowed() {
        return allowed;
    }

    private static String count(long n) {
        return n == Long.MAX_VALUE ? "more than 9.2e18" : n < 100_000 ? Long.toString(n)
                : String.format(Locale.ROOT, "%.3g", (double) n);
    }

    private static String bytes(long entries) {
        double b = entries == Long.MAX_VALUE ? Double.POSITIVE_INFINITY : entries * 8.0;
        if (!Double.isFinite(b)) {
            return "beyond any memory";
        }
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        int u = 0;
        while (b >= 1024 && u < units.length - 1) {
            b /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.3g %s", b, units[u]);
    }
}
