package vistream.core;

import static org.junit.jupiter.api.Assertions.fail;

/** Named relative-tolerance comparisons for tests. */
public final class Tolerance {

    /** The reference cases are printed in full; README: "compare with a relative tolerance of 1e-9". */
    public static final double REFERENCE = 1e-9;

    private Tolerance() {
    }

    public static void assertRelativelyClose(double expected, double actual, double tolerance, String what) {
        double scale = Math.max(Math.abs(expected), Math.abs(actual));
        if (!(Math.abs(expected - actual) <= tolerance * scale)) {
            fail(what + ": expected " + expected + " but got " + actual + " (relative error "
                    + Math.abs(expected - actual) / scale + " > " + tolerance + ")");
        }
    }

    public static void assertRelativelyClose(double[] expected, double[] actual, double tolerance, String what) {
        if (expected.length != actual.length) {
            fail(what + ": expected " + expected.length + " values but got " + actual.length);
        }
        for (int i = 0; i < expected.length; i++) {
            assertRelativelyClose(expected[i], actual[i], tolerance, what + "[" + i + "]");
        }
    }
}
