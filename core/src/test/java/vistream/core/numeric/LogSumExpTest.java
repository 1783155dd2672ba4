package vistream.core.numeric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static vistream.core.Tolerance.assertRelativelyClose;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class LogSumExpTest {

    @Test
    void matchesTheDirectSumWhereThatIsRepresentable() {
        SplittableRandom random = new SplittableRandom(1);
        for (int trial = 0; trial < 100; trial++) {
            double[] a = new double[1 + random.nextInt(20)];
            double direct = 0;
            for (int i = 0; i < a.length; i++) {
                a[i] = 40 * random.nextDouble() - 20;
                direct += Math.exp(a[i]);
            }
            assertRelativelyClose(Math.log(direct), LogSumExp.of(a), 1e-14, "log Σ exp");
        }
    }

    @Test
    void survivesTermsThatWouldOverflowOrUnderflow() {
        assertEquals(1000 + Math.log(2), LogSumExp.of(new double[] {1000, 1000}), 1e-12);
        assertEquals(-1000 + Math.log(3), LogSumExp.of(new double[] {-1000, -1000, -1000}), 1e-12);
        assertEquals(5.0, LogSumExp.of(new double[] {5, Double.NEGATIVE_INFINITY}), 0.0);
        assertEquals(Double.NEGATIVE_INFINITY, LogSumExp.of(new double[] {Double.NEGATIVE_INFINITY}), 0.0);
    }

    @Test
    void accumulatorAgreesWithTheArrayFormAndKeepsPrecisionOverManyTerms() {
        SplittableRandom random = new SplittableRandom(2);
        double[] a = new double[1000];
        LogSumAccumulator acc = new LogSumAccumulator();
        for (int i = 0; i < a.length; i++) {
            a[i] = 600 * random.nextDouble() - 300; // rising maxima force rescaling
            acc.add(a[i]);
        }
        assertRelativelyClose(LogSumExp.of(a), acc.logSum(), 1e-14, "one pass vs two passes");

        LogSumAccumulator equal = new LogSumAccumulator();
        int n = 10_000_000;
        for (int i = 0; i < n; i++) {
            equal.add(-3.25);
        }
        // Plain summation of 10^7 ones in a double is exact too; what this checks is that the
        // compensated sum and the shift give log(n) − 3.25 to the last few ulps.
        assertEquals(Math.log(n) - 3.25, equal.logSum(), 1e-14);
        assertEquals(Double.NEGATIVE_INFINITY, new LogSumAccumulator().logSum(), 0.0);
    }

    @Test
    void normalisingInPlaceGivesProbabilitiesAndTheLogNormaliser() {
        double[] a = {1000.0, 1000.0 + Math.log(3), Double.NEGATIVE_INFINITY};
        double logZ = LogSumExp.normaliseInPlace(a);
        // 1000 + log 3 is itself rounded to an ulp of 1000 (1.1e-13), so the shares are exact only
        // to about that: 1e-12.
        assertEquals(1000.0 + Math.log(4), logZ, 1e-12);
        assertEquals(0.25, a[0], 1e-12);
        assertEquals(0.75, a[1], 1e-12);
        assertEquals(0.0, a[2], 0.0);
    }
}
