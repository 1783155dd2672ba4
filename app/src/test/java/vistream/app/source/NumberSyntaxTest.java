package vistream.app.source;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** The fast parser gives exactly the double {@link Double#parseDouble} gives. */
class NumberSyntaxTest {

    @Test
    void valuesAreBitForBitThoseOfTheJdkParser() {
        SplittableRandom random = new SplittableRandom(17);
        for (int i = 0; i < 200_000; i++) {
            double x = Double.longBitsToDouble(random.nextLong());
            if (!Double.isFinite(x)) {
                continue;
            }
            for (String token : new String[] {Double.toString(x), String.format(Locale.ROOT, "%.17g", x),
                    String.format(Locale.ROOT, "%.6f", random.nextGaussian() * 1e3), Long.toString(random.nextLong())}) {
                assertSame(token);
            }
        }
        for (String token : new String[] {"0", "-0", "-0.0", ".5", "2.", "+1.5e-3", "4.9e-324", "2.4703282292062327e-324",
                "1.7976931348623157e308", "1.7976931348623159e308", "1e400", "-1e400", "1e-400",
                "9007199254740993", "0.1000000000000000055511151231257827"}) {
            assertSame(token);
        }
    }

    private static void assertSame(String token) {
        assertEquals(Double.doubleToRawLongBits(Double.parseDouble(token)), Double.doubleToRawLongBits(NumberSyntax.value(token)),
                token);
    }
}
