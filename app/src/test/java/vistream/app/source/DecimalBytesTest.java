package vistream.app.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * {@link DecimalBytes} accepts exactly what {@link NumberSyntax#isDecimal} accepts and reads it as
 * {@link Double#parseDouble} does, bit for bit: the JDK's own parser is the reference for every
 * string, about 2.5 million of them (edges of the format and of the double range, random doubles
 * at 17 and 20 digits, every power of ten with 1 to 19 digits, halfway cases and their neighbours,
 * random text number or not), and Eisel–Lemire alone is checked on 300,000 more.
 */
class DecimalBytesTest {

    /** Characters that make a number's text wrong in the ways files are wrong. */
    private static final String NOISE = "0123456789+-.eEdDfFxXpP _,\t:iInN";

    private final DecimalBytes decimal = new DecimalBytes();

    @Test
    void bytesReadAsTheJdkReadsTheEdgesOfTheFormat() {
        String[] edges = {"0", "-0", "+0", "0.", ".0", "-.0", "+.0e0", "00000000000000000000000000001", "1.", ".1", "+.1",
                "-1.e5", "1E5", "1e+5", "1e-5", "1E-0005", "4.9e-324", "4.9E-324", "2.4703282292062327e-324",
                "2.4703282292062328e-324", "2.47032822920623272e-324", "5e-324", "3e-324", "7e-324",
                "2.2250738585072011e-308", "2.2250738585072012e-308", "2.2250738585072014e-308", "2.225073858507201e-308",
                "1.7976931348623157e308", "1.7976931348623158e308", "1.7976931348623158079e308", "1.7976931348623159e308",
                "1e308", "1e309", "-1e400", "1e-400", "1e-99999999999", "1e99999999999", "0e99999999999",
                "0.000000000000000000000000000000000000000000000000000000000000000000000000000000000001e80",
                "9007199254740992", "9007199254740993", "9007199254740994", "9007199254740995",
                "9007199254740993.0000000000000000000000000000001", "9223372036854775807", "9223372036854775808",
                "18446744073709551615", "18446744073709551616", "123456789012345678901234567890",
                "0.1000000000000000055511151231257827", "0.1000000000000000055511151231257828", "0.30000000000000004",
                "1.00000000000000011102230246251565404236316680908203125",
                "1.00000000000000011102230246251565404236316680908203124", "1.00000000000000011102230246251565404236316680908203126",
                "2.00000000000000044408920985006261616945266723632812", "8.41e21", "3.0540412E5", "1e23", "8.589973e9",
                "12345678901234567e-3", "1234567890123456789e-25", "1e50", "1.0000000000000001e50", "-1e50", "99999999999999999999e30",
                // rejected: the JDK takes some of these, the format does not
                "", "+", "-", ".", "+.", "-.e5", "e5", "1e", "1e+", "1e-", "1.2.3", "--1", "+-1", "1-", "1+", "1d", "1D", "1f",
                "1F", "0x1p3", "0X1P3", "NaN", "nan", "Infinity", "-Infinity", "inf", " 1", "1 ", "1 2", "1,5", "1_000", "١",
                "1e5.5", "1.5e", ".e1", "e", "E"};
        for (String edge : edges) {
            assertBytesRead(edge);
            assertBytesRead("-" + edge);
        }
        StringBuilder many = new StringBuilder("0.");
        many.append("0".repeat(400)).append("1".repeat(700)).append("e350");
        assertBytesRead(many.toString());
        assertBytesRead("1".repeat(1000));
        assertBytesRead("9".repeat(400) + "e-400");
    }

    @Test
    void bytesReadAsTheJdkReadsMillionsOfRandomNumbers() {
        SplittableRandom random = new SplittableRandom(2026);
        for (int i = 0; i < 100_000; i++) {
            double x = Double.longBitsToDouble(random.nextLong());
            if (Double.isFinite(x)) {
                assertBytesRead(Double.toString(x));
                assertBytesRead(String.format(Locale.ROOT, "%.16e", x)); // 17 significant digits
                assertBytesRead(String.format(Locale.ROOT, "%.19e", x)); // 20: past the fast path's 19
            }
            double y = 3.0 * random.nextInt(10) + random.nextGaussian(); // what data files hold
            assertBytesRead(String.format(Locale.ROOT, "%.17g", y));
            assertBytesRead(Float.toString((float) y));
        }
    }

    @Test
    void bytesReadAsTheJdkReadsEveryPowerOfTenWithUpToNineteenDigits() {
        // Where Eisel-Lemire works: a significand of 1 to 19 digits (up to 2^64) times any power of
        // ten of its table, and past it on both sides, where the result is 0, subnormal or infinite.
        SplittableRandom random = new SplittableRandom(3);
        for (int power = -380; power <= 380; power++) {
            for (int i = 0; i < 600; i++) {
                String significand = digits(random, 1 + random.nextInt(19));
                assertBytesRead(significand + "e" + power);
                assertBytesRead("-" + significand.charAt(0) + "." + significand.substring(1) + "E" + power);
            }
            assertBytesRead("18446744073709551615e" + power); // 2^64 - 1: 20 digits
            assertBytesRead("9999999999999999999e" + power);
            assertBytesRead("9007199254740993e" + power);
        }
    }

    @Test
    void eiselLemireIsExactWhereItAnswersAndAnswersAlmostAlways() {
        // The algorithm on its own, without the fallback that would hide a wrong answer: each
        // answer it gives is the JDK's, and it gives one for all but a sliver of inputs.
        SplittableRandom random = new SplittableRandom(21);
        int answered = 0;
        int tried = 0;
        for (int i = 0; i < 300_000; i++) {
            long significand = random.nextLong() >>> random.nextInt(64);
            int power = -300 + random.nextInt(600);
            if (significand == 0) {
                continue;
            }
            tried++;
            long bits = DecimalBytes.eiselLemire(significand, power);
            double expected = Double.parseDouble(Long.toUnsignedString(significand) + "e" + power);
            if (bits >= 0) {
                answered++;
                assertEquals(Double.doubleToRawLongBits(expected), bits, significand + "e" + power);
            }
        }
        assertTrue(answered > 0.99 * tried, answered + " of " + tried + " answered");
    }

    @Test
    void bytesReadAsTheJdkReadsHalfwayCasesAndTheirNeighbours() {
        // Exactly between two doubles the JDK rounds to even; a digit more either way decides. These
        // are where a parser that is almost right goes wrong.
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < 25_000; i++) {
            double x = Math.abs(Double.longBitsToDouble(random.nextLong()));
            if (!Double.isFinite(x) || x == Double.MAX_VALUE) {
                continue;
            }
            BigDecimal low = new BigDecimal(x);
            BigDecimal midpoint = low.add(new BigDecimal(Math.nextUp(x))).divide(BigDecimal.valueOf(2));
            String exact = midpoint.toString();
            assertBytesRead(exact);
            assertBytesRead(exact + "1"); // above the midpoint when the text has a fraction or exponent
            BigDecimal below = midpoint.subtract(midpoint.ulp());
            assertBytesRead(below.toString());
            assertBytesRead(midpoint.round(new java.math.MathContext(17)).toString());
            assertBytesRead(midpoint.round(new java.math.MathContext(18)).toString());
        }
    }

    @Test
    void bytesReadAsTheJdkReadsRandomTextNumberOrNot() {
        SplittableRandom random = new SplittableRandom(99);
        int accepted = 0;
        int refused = 0;
        for (int i = 0; i < 1_000_000; i++) {
            StringBuilder text = new StringBuilder();
            if (random.nextInt(3) > 0) {
                text.append(random.nextBoolean() ? "" : random.nextBoolean() ? "+" : "-");
                text.append(digits(random, random.nextInt(4) == 0 ? random.nextInt(30) : random.nextInt(8)));
                if (random.nextBoolean()) {
                    text.append('.').append(digits(random, random.nextInt(25)));
                }
                if (random.nextInt(3) == 0) {
                    text.append(random.nextBoolean() ? 'e' : 'E');
                    text.append(random.nextBoolean() ? "" : random.nextBoolean() ? "+" : "-");
                    text.append(digits(random, random.nextInt(5)));
                }
            }
            int noise = random.nextInt(4) == 0 ? 1 + random.nextInt(3) : 0;
            for (int n = 0; n < noise; n++) {
                text.insert(random.nextInt(text.length() + 1), NOISE.charAt(random.nextInt(NOISE.length())));
            }
            String s = text.toString();
            if (NumberSyntax.isDecimal(s, 0, s.length())) {
                accepted++;
            } else {
                refused++;
            }
            assertBytesRead(s);
        }
        assertTrue(accepted > 300_000 && refused > 100_000, accepted + " accepted, " + refused + " refused: both kinds tried");
    }

    private static String digits(SplittableRandom random, int n) {
        StringBuilder out = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            out.append((char) ('0' + random.nextInt(10)));
        }
        return out.toString();
    }

    /**
     * The bytes, placed inside a larger array, give NaN where the format refuses the text and
     * otherwise the JDK's double, bit for bit.
     */
    private void assertBytesRead(String token) {
        byte[] inside = ("7," + token + ",7").getBytes(StandardCharsets.ISO_8859_1);
        double read = decimal.valueOrNaN(inside, 2, inside.length - 2);
        if (!NumberSyntax.isDecimal(token, 0, token.length())) {
            assertTrue(Double.isNaN(read), () -> "'" + token + "' is refused, not read as " + read);
            return;
        }
        assertEquals(Double.doubleToRawLongBits(Double.parseDouble(token)), Double.doubleToRawLongBits(read), token);
    }
}
