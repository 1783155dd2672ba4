package vistream.core.numeric;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * e<sup>x</sup> by Tang's table-driven method (P. T. P. Tang, "Table-driven implementation of the
 * exponential function in IEEE floating-point arithmetic", ACM TOMS 15(2), 1989), in plain Java
 * arithmetic and so bit-for-bit the same on every JVM and CPU.
 *
 * <p>Why not {@link Math#exp}: the local step of every model spends most of its time in K
 * exponentials per observation, and HotSpot's intrinsic takes about 7 ns each on the reference
 * machine. Here the argument is reduced as x = (k·256 + j)·ln2/256 + r with |r| ≤ ln2/512, so
 * e<sup>x</sup> = 2<sup>k</sup> · 2<sup>j/256</sup> · e<sup>r</sup>: an exponent add, one load
 * from a 2 KiB table and a degree-5 polynomial, which C2 compiles to straight-line code that
 * pipelines across components.
 *
 * <p>Accuracy. The truncation error of the polynomial is below r⁶/720 &lt; 1e-20 relative; each
 * table entry's own rounding error is kept and added back before the final sum; the reduction uses a two-part ln 2 (Cody–Waite) exact for every
 * |k·256 + j| &lt; 2<sup>21</sup>. The result is within one unit in the last place of e<sup>x</sup>
 * (the bound {@code Math.exp} promises; 0.75 ulp measured), as {@code FastExpTest} checks against
 * a 50-digit reference. Special values follow {@code Math.exp}: NaN gives NaN, −∞ gives 0, +∞ and overflow
 * give +∞, and e<sup>0</sup> = 1 exactly.
 */
public final class FastExp {

    private static final int TABLE_BITS = 8;
    private static final int TABLE_SIZE = 1 << TABLE_BITS;
    /** 256 / ln 2. */
    private static final double INVERSE_STEP = TABLE_SIZE / 0.6931471805599453;
    /** 1.5 · 2⁵²: adding it rounds a double of magnitude below 2⁵¹ to an integer held in its low bits. */
    private static final double ROUNDING_SHIFT = 0x1.8p52;
    /** ln 2 / 256 in two parts: the high part has 32 significant bits, so k · HIGH is exact. */
    private static final double STEP_HIGH = 6.93147180369123816490e-01 / TABLE_SIZE;
    private static final double STEP_LOW = 1.90821492927058770002e-10 / TABLE_SIZE;
    /** Beyond these the fast path's exponent arithmetic would leave the normal range. */
    private static final double FAST_LIMIT = 708.0;
    /** e^x overflows above this (ln of the largest double, rounded up). */
    private static final double OVERFLOW = 709.782712893384;
    /** e^x rounds to zero below this (ln of half the smallest subnormal). */
    private static final double UNDERFLOW = -745.1332191019412;

    /**
     * Bits of 2^(j/256), correctly rounded, minus j · 2⁴⁴, so that adding k · 2⁴⁴ (k the reduced
     * multiple, whose low 8 bits are j) gives the bits of 2^(k/256) directly.
     */
    private static final long[] SCALE_BITS = new long[TABLE_SIZE];
    /** (2^(j/256) − its double) / that double: the rounding error of each table entry, added back in the polynomial. */
    private static final double[] SCALE_TAIL = new double[TABLE_SIZE];

    static {
        fillTables();
    }

    private FastExp() {
    }

    /**
     * Returns e<sup>x</sup> to within one ulp.
     *
     * @param x the exponent
     * @return e<sup>x</sup>
     */
    public static double exp(double x) {
        if (Math.abs(x) < FAST_LIMIT) {
            return scaled(x, 0);
        }
        return edge(x);
    }

    /** e^x = 2^(shift) · e^(x − shift·ln2), the core of the method for a reduced range. */
    private static double scaled(double x, int binaryShift) {
        double shifted = x * INVERSE_STEP + ROUNDING_SHIFT;
        long k = Double.doubleToRawLongBits(shifted);
        double kd = shifted - ROUNDING_SHIFT;
        double r = (x - kd * STEP_HIGH) - kd * STEP_LOW;
        // e^r − 1 by its Taylor series to r⁵ (|r| ≤ 0.00136, next term < 1e-20).
        double r2 = r * r;
        int j = (int) (k & (TABLE_SIZE - 1));
        // The table's rounding error joins e^r − 1 before the one rounding of the final sum.
        double p = SCALE_TAIL[j] + (r + r2 * (0.5 + r * (1.0 / 6 + r * (1.0 / 24 + r * (1.0 / 120)))));
        double scale = Double.longBitsToDouble(SCALE_BITS[j]
                + ((k + ((long) binaryShift << TABLE_BITS)) << (52 - TABLE_BITS)));
        return scale + scale * p;
    }

    private static double edge(double x) {
        if (x != x) {
            return x;
        }
        if (x > OVERFLOW) {
            return Double.POSITIVE_INFINITY;
        }
        if (x < UNDERFLOW) {
            return 0.0;
        }
        if (x > 0) {
            // 2^(k/256) may itself overflow for k/256 = 1024: build half of it and double.
            return scaled(x, -1) * 2.0;
        }
        // Subnormal results: build the normal number 2^1000 times larger, then scale down once.
        return scaled(x, 1000) * 0x1p-1000;
    }

    private static void fillTables() {
        MathContext mc = new MathContext(60);
        // 2^(1/2^m) for m = 1..8 by repeated square roots, then products over the bits of j.
        BigDecimal[] roots = new BigDecimal[TABLE_BITS];
        BigDecimal root = BigDecimal.valueOf(2);
        for (int m = 0; m < TABLE_BITS; m++) {
            root = root.sqrt(mc);
            roots[m] = root; // 2^(1/2^(m+1))
        }
        for (int j = 0; j < TABLE_SIZE; j++) {
            BigDecimal v = BigDecimal.ONE;
            for (int bit = 0; bit < TABLE_BITS; bit++) {
                // Bit (7 − m) of j contributes 2^(2^(7−m)/256) = 2^(1/2^(m+1)).
                if ((j & (1 << (TABLE_BITS - 1 - bit))) != 0) {
                    v = v.multiply(roots[bit], mc);
                }
            }
            double rounded = v.doubleValue();
            SCALE_BITS[j] = Double.doubleToRawLongBits(rounded) - ((long) j << (52 - TABLE_BITS));
            SCALE_TAIL[j] = v.subtract(new BigDecimal(rounded), mc).divide(new BigDecimal(rounded), mc).doubleValue();
        }
    }
}
