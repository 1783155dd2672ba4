package vistream.core.numeric;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** Σ log z by one logarithm of a renormalised product, against exact and compensated references. */
class LogProductTest {

    @Test
    void powersOfTwoGiveMultiplesOfLnTwoExactlyEnough() {
        LogProduct p = new LogProduct();
        for (int i = 0; i < 100_000; i++) {
            p.multiply(2.0);
        }
        // 100,000 ln 2 to 30 digits: 69314.7180559945309417232121458...
        BigDecimal exact = new BigDecimal("69314.7180559945309417232121458");
        assertEquals(exact.doubleValue(), p.log(), Math.ulp(exact.doubleValue()));
        assertEquals(0.0, new LogProduct().log(), 0.0);
    }

    @Test
    void aMillionFactorsInTheLocalStepsRangeAgreeWithACompensatedSumOfLogs() {
        SplittableRandom random = new SplittableRandom(3);
        for (double top : new double[] {1.0 + 1e-9, 2.0, 10.0, 1000.0}) {
            LogProduct p = new LogProduct();
            // The reference: Math.log of each factor, summed in BigDecimal to 34 digits.
            BigDecimal sum = BigDecimal.ZERO;
            int n = 1_000_000;
            for (int i = 0; i < n; i++) {
                double z = 1.0 + (top - 1.0) * random.nextDouble();
                p.multiply(z);
                sum = sum.add(new BigDecimal(Math.log(z)), MathContext.DECIMAL128);
            }
            double reference = sum.doubleValue();
            // The reference sums Math.log's values exactly; their roundings (a walk of a million
            // half-ulps of the terms) stay far below one ulp of the total. The product carries its
            // own roundings, so only its final logarithm rounds: one ulp (measured: equal).
            double tolerance = Math.ulp(reference);
            assertEquals(reference, p.log(), tolerance, "factors in [1, " + top + "]");
        }
    }
}
