package vistream.app.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import vistream.streaming.InvalidObservation;
import vistream.streaming.RejectedInputException;

/**
 * Parsing in place reads exactly as {@link LineParser} reads the same line as a {@link Line}: the
 * same doubles bit for bit, or the same refusal (reason and message), on random lines of every
 * kind, for one value per line, several, and chosen CSV columns.
 */
class RawLineParserTest {

    /** Fields as files hold them, right or wrong. */
    private static final String[] FIELDS = {"1", "-2.5", "+3", ".5", "7.", "1e5", "-1E-5", "12345.678901234567",
            "0.30000000000000004", "4.9e-324", "1e50", "-1e50", "1.0000000000000001e50", "1e51", "1e400", " 2 ", "\t3",
            "", " ", "abc", "NaN", "-inf", "Infinity", "1d", "0x1p3", "1.2.3", "--1", "1e", "é", "１", "\u20031",
            "1\u3000", "{\"x\": 1}", "{\"x\": [1, 2]}", "{\"x\": [1, 2, 3]}", "{bad", "\u001b[31m", "1 2", "\u00a01"};

    @Test
    void inPlaceReadsAsTheLineParserOnRandomLines() {
        SplittableRandom random = new SplittableRandom(11);
        LineParser[] parsers = {new LineParser(1), new LineParser(3), new LineParser(new int[] {2, 0}, 4),
                new LineParser(new int[] {1}, 2)};
        int read = 0;
        int refused = 0;
        for (int i = 0; i < 400_000; i++) {
            LineParser parser = parsers[i % parsers.length];
            int fields = random.nextInt(4) == 0 ? random.nextInt(6) : switch (i % parsers.length) {
                case 0 -> 1;
                case 1 -> 3;
                case 2 -> 4;
                default -> 2;
            };
            StringBuilder text = new StringBuilder();
            for (int f = 0; f < Math.max(1, fields); f++) {
                text.append(f == 0 ? "" : ",");
                if (random.nextInt(6) == 0) {
                    text.append(FIELDS[random.nextInt(FIELDS.length)]);
                } else {
                    double x = 3.0 * random.nextInt(10) + random.nextGaussian();
                    text.append(random.nextBoolean() ? Double.toString(x) : String.format(Locale.ROOT, "%.17g", x));
                }
            }
            String stripped = text.toString().strip(); // as the reader hands lines on
            if (assertSameReading(parser, stripped, i + 1)) {
                read++;
            } else {
                refused++;
            }
        }
        assertTrue(read > 200_000 && refused > 50_000, read + " read, " + refused + " refused: both kinds tried");
    }

    @Test
    void edgeLinesReadAsTheLineParserReadsThem() {
        LineParser one = new LineParser(1);
        LineParser columns = new LineParser(new int[] {2, 0}, 3);
        for (String text : new String[] {"1", "1,", ",1", ",", "1,2", "{\"x\": 2}", "{\"x\": [2]}", "1e50", "1e-400",
                "1.797e308", "1" + "0".repeat(300), "0." + "0".repeat(400) + "1", "9".repeat(70) + "e-20", "é", "1é",
                "1\u0000", "\u001c1\u001f"}) {
            assertSameReading(one, text, 1);
        }
        for (String text : new String[] {"1,2,3", " 1 , 2 , 3 ", "1,2", "1,2,3,4", "a,2,3", "1,b,3", "1,2,c", "1,,3", ",,",
                "{\"x\": [5, 6]}", "1e60,2,3", "1,1e60,3", "1,2,1e60", "1,2,NaN", "1,2,é"}) {
            assertSameReading(columns, text, 2);
        }
    }

    @Test
    void aRowOfAnotherDimensionIsAProgrammingError() {
        RawLineParser parser = new LineParser(2).inPlace();
        RawLine line = ascii("1,2", 1);
        assertThrows(IllegalArgumentException.class, () -> parser.parseInto(line, new double[3]));
        assertArrayEquals(new double[] {1, 2}, parser.parse(line));
    }

    /** Asserts that both parsers read the line alike; true if they read it, false if both refused it. */
    private static boolean assertSameReading(LineParser reference, String text, long number) {
        double[] expected = null;
        RejectedInputException expectedRefusal = null;
        try {
            expected = reference.parse(new Line("data.csv", number, text));
        } catch (RejectedInputException e) {
            expectedRefusal = e;
        }
        boolean ascii = StandardCharsets.US_ASCII.newEncoder().canEncode(text);
        RawLine line = ascii ? ascii(text, number) : new RawLine("data.csv");
        if (!ascii) {
            line.setText(text, number);
        }
        RawLineParser parser = reference.inPlace();
        double[] actual = new double[expected != null ? expected.length : dimensionOf(reference)];
        Arrays.fill(actual, -7.0);
        try {
            parser.parseInto(line, actual);
        } catch (RejectedInputException e) {
            assertTrue(expectedRefusal != null, () -> "'" + text + "' refused in place only: " + e.getMessage());
            assertEquals(expectedRefusal.reason(), e.reason(), text);
            assertEquals(expectedRefusal.getMessage(), e.getMessage(), text);
            return false;
        }
        assertTrue(expected != null, () -> "'" + text + "' read in place only");
        for (int d = 0; d < expected.length; d++) {
            assertEquals(Double.doubleToRawLongBits(expected[d]), Double.doubleToRawLongBits(actual[d]), text);
        }
        return true;
    }

    private static int dimensionOf(LineParser parser) {
        try {
            return parser.parse(new Line("x", 1, "{\"x\": []}")).length;
        } catch (RejectedInputException e) {
            // "has 0 values, expected D"
            String message = e.getMessage();
            assertEquals(InvalidObservation.Reason.WRONG_DIMENSION, e.reason());
            return Integer.parseInt(message.substring(message.lastIndexOf(' ') + 1));
        }
    }

    /** The line's ASCII bytes, placed inside a larger buffer as the reader places them. */
    private static RawLine ascii(String text, long number) {
        byte[] bytes = ("9,9\n" + text + "\n9,9").getBytes(StandardCharsets.US_ASCII);
        RawLine line = new RawLine("data.csv");
        line.setAscii(bytes, 4, 4 + text.length(), number);
        return line;
    }
}
