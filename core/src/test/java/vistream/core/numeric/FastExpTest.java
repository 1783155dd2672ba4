package vistream.core.numeric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * {@link FastExp} against e^x computed to 50 digits with BigDecimal (ln 2 from its series
 * Σ 1/(k 2^k), e^r from its Taylor series), so the reference shares nothing with the method.
 */
class FastExpTest {

    private static final MathContext MC = new MathContext(50);
    private static final BigDecimal LN2 = ln2();

    @Test
    void isWithinOneUlpOfTheTrueValueAcrossTheWholeRange() {
        SplittableRandom random = new SplittableRandom(7);
        double worst = 0.0;
        for (int i = 0; i < 40_000; i++) {
            double x = switch (i % 4) {
                case 0 -> -745.0 + 1455.0 * random.nextDouble();  // every exponent
                case 1 -> -40.0 * random.nextDouble();            // the local step's shifted logits
                case 2 -> 1e-3 * (random.nextDouble() - 0.5);     // near zero
                default -> random.nextBoolean() ? -745.0 + 45.0 * random.nextDouble() : 700.0 + 9.7 * random.nextDouble();
            };
            worst = Math.max(worst, ulpError(x));
        }
        // Measured: 0.75 ulp. The bound is the one Math.exp promises.
        assertTrue(worst < 1.0, "worst error " + worst + " ulp");
    }

    @Test
    void tableBoundariesAndTheEdgesOfTheRange() {
        double worst = 0.0;
        double step = Math.log(2) / 256;
        for (int j = -3000; j <= 3000; j++) {
            worst = Math.max(worst, ulpError(j * step));
            worst = Math.max(worst, ulpError(j * step + step / 2));
        }
        for (double x : new double[] {-745.13, -744.0, -720.5, -708.01, -707.99, 707.99, 708.01, 709.0, 709.78}) {
            worst = Math.max(worst, ulpError(x));
        }
        assertTrue(worst < 1.0, "worst error " + worst + " ulp");
    }

    @Test
    void specialValuesFollowMathExp() {
        assertEquals(1.0, FastExp.exp(0.0), 0.0);
        assertEquals(1.0, FastExp.exp(-0.0), 0.0);
        assertTrue(Double.isNaN(FastExp.exp(Double.NaN)));
        assertEquals(0.0, FastExp.exp(Double.NEGATIVE_INFINITY), 0.0);
        assertEquals(Double.POSITIVE_INFINITY, FastExp.exp(Double.POSITIVE_INFINITY), 0.0);
        assertEquals(Double.POSITIVE_INFINITY, FastExp.exp(709.8), 0.0);
        assertEquals(0.0, FastExp.exp(-745.2), 0.0);
        assertEquals(Double.MIN_VALUE, FastExp.exp(-745.1), 0.0);
        assertEquals(Math.E, FastExp.exp(1.0), Math.ulp(Math.E));
    }

    /** |FastExp.exp(x) − e^x| in units of the last place of e^x. */
    private static double ulpError(double x) {
        BigDecimal exact = exact(x);
        double rounded = exact.doubleValue();
        double ulp = Math.ulp(rounded);
        if (rounded == 0.0) {
            ulp = Double.MIN_VALUE;
        }
        BigDecimal diff = new BigDecimal(FastExp.exp(x)).subtract(exact).abs();
        return diff.divide(new BigDecimal(ulp), MC).doubleValue();
    }

    /** e^x = 2^n e^r with r = x − n ln 2, |r| ≤ ln 2 / 2. */
    private static BigDecimal exact(double x) {
        BigDecimal bx = new BigDecimal(x);
        long n = Math.round(x / Math.log(2));
        BigDecimal r = bx.subtract(LN2.multiply(BigDecimal.valueOf(n), MC), MC);
        BigDecimal term = BigDecimal.ONE;
        BigDecimal sum = BigDecimal.ONE;
        for (int i = 1; i < 60; i++) {
            term = term.multiply(r, MC).divide(BigDecimal.valueOf(i), MC);
            sum = sum.add(term, MC);
        }
        BigDecimal power = BigDecimal.valueOf(2).pow((int) Math.abs(n), MC);
        return n >= 0 ? sum.multiply(power, MC) : sum.divide(power, MC);
    }

    private static BigDecimal ln2() {
        // ln 2 = Σ_{k≥1} 1 / (k 2^k); 200 terms leave a remainder below 2^-200.
        MathContext wide = new MathContext(70);
        BigDecimal sum = BigDecimal.ZERO;
        BigDecimal power = BigDecimal.ONE;
        for (int k = 1; k <= 200; k++) {
            power = power.multiply(BigDecimal.valueOf(2));
            sum = sum.add(BigDecimal.ONE.divide(power.multiply(BigDecimal.valueOf(k)), wide), wide);
        }
        return sum.setScale(65, RoundingMode.HALF_EVEN);
    }
}
