package vistream.app.source;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigInteger;
import java.nio.ByteOrder;

/**
 * Reads a decimal number from ASCII bytes in one pass, correctly rounded: the digits are checked
 * against the format of {@link NumberSyntax#isDecimal} and gathered into a 64-bit significand as
 * they go by. What that significand and exponent decide exactly is converted here; the rest goes to
 * Jackson's parser, so every value is the one {@link Double#parseDouble} gives.
 *
 * <ul>
 * <li>Clinger's fast path (Clinger 1990): a significand below 2⁵³ and a power of ten within
 *     10^±22 are both exact doubles, so one multiplication or division rounds correctly.</li>
 * <li>Otherwise, up to 19 significant digits, the Eisel–Lemire algorithm (Lemire, "Number parsing
 *     at a gigabyte per second", Software: Practice and Experience 51(8), 2021, and Go's
 *     {@code strconv.eiselLemire64}): the significand times a 128-bit truncation of the power of
 *     ten, widened to 192 bits where the truncation could matter; it gives up, rather than guess,
 *     when the product lies too close to a halfway point or the result is subnormal or infinite.</li>
 * <li>Anything else (more than 19 significant digits, an exponent out of the table, a case given
 *     up) is copied to chars and read by Jackson's {@code NumberInput}, bit-identical to the JDK.</li>
 * </ul>
 * Not thread safe: one per parser (it owns the chars of the fallback).
 */
final class DecimalBytes {

    /** Eight bytes as one little-endian long: the first digit in the lowest byte. */
    private static final VarHandle WORDS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** Powers of ten with a 128-bit table entry: 10^-348 … 10^347 (Go's range). */
    private static final int MIN_EXPONENT = -348;
    private static final int MAX_EXPONENT = 347;
    /** The high and low 64 bits of each power's significand, normalised to [2¹²⁷, 2¹²⁸) and rounded down. */
    private static final long[] HIGH = new long[MAX_EXPONENT - MIN_EXPONENT + 1];
    private static final long[] LOW = new long[MAX_EXPONENT - MIN_EXPONENT + 1];
    /** 10⁰ … 10²², each an exact double. */
    private static final double[] EXACT_POWERS = new double[23];
    /** Digits past which a significand may no longer fit 64 bits unsigned: 19 always fit. */
    private static final int MAX_DIGITS = 19;
    /** An exponent beyond which no 19-digit significand reaches a double's range either way. */
    private static final int EXPONENT_CAP = 100_000;

    static {
        // Computed rather than pasted: floor(10^e · 2^k) with k chosen to leave 128 bits.
        BigInteger two128 = BigInteger.ONE.shiftLeft(128);
        for (int e = MIN_EXPONENT; e <= MAX_EXPONENT; e++) {
            BigInteger m;
            if (e >= 0) {
                BigInteger p = BigInteger.TEN.pow(e);
                int excess = p.bitLength() - 128;
                m = excess > 0 ? p.shiftRight(excess) : p.shiftLeft(-excess);
            } else {
                BigInteger d = BigInteger.TEN.pow(-e);
                m = BigInteger.ONE.shiftLeft(127 + d.bitLength()).divide(d);
                while (m.compareTo(two128) >= 0) {
                    m = m.shiftRight(1); // floor of a floor by a power of two is the floor
                }
            }
            HIGH[e - MIN_EXPONENT] = m.shiftRight(64).longValue();
            LOW[e - MIN_EXPONENT] = m.longValue();
        }
        double p = 1;
        for (int i = 0; i < EXACT_POWERS.length; i++) {
            EXACT_POWERS[i] = p;
            p *= 10;
        }
    }

    /** The chars of a number the fallback reads; grows for a longer number. */
    private char[] chars = new char[32];

    /**
     * Reads the decimal number of ASCII bytes {@code [from, to)}, with the syntax of
     * {@link NumberSyntax#isDecimal} and the value of {@link Double#parseDouble}, bit for bit.
     *
     * @param ascii the bytes, each below 0x80
     * @param from  first byte, inclusive
     * @param to    last byte, exclusive
     * @return the value, correctly rounded (±∞ if out of range), or NaN if the bytes are not a
     *         decimal number (which never reads as NaN)
     */
    double valueOrNaN(byte[] ascii, int from, int to) {
        int i = from;
        boolean negative = false;
        if (i < to && (ascii[i] == '+' || ascii[i] == '-')) {
            negative = ascii[i] == '-';
            i++;
        }
        long significand = 0;
        int significant = 0; // digits from the first that is not zero; past MAX_DIGITS only counted
        int digits = 0;
        while (i < to) {
            int d = ascii[i] - '0';
            if (d < 0 || d > 9) {
                break;
            }
            if (significant < MAX_DIGITS) {
                significand = 10 * significand + d;
                significant += significand == 0 ? 0 : 1;
            } else {
                significant++;
            }
            digits++;
            i++;
        }
        int fraction = 0; // digits of the fraction taken into the significand
        if (i < to && ascii[i] == '.') {
            i++;
            while (i < to) {
                // Eight digits at a time while they fit the significand: a 17-digit value's
                // fraction is mostly such runs, and one digit at a time is a chain of dependent
                // multiplications. Leading zeros go one at a time (they do not count).
                if (significant > 0 && significant <= MAX_DIGITS - 8 && i + 8 <= to) {
                    long word = (long) WORDS.get(ascii, i);
                    if (eightDigits(word)) {
                        significand = 100_000_000 * significand + valueOfEightDigits(word);
                        significant += 8;
                        fraction += 8;
                        digits += 8;
                        i += 8;
                        continue;
                    }
                }
                int d = ascii[i] - '0';
                if (d < 0 || d > 9) {
                    break;
                }
                if (significant < MAX_DIGITS) {
                    significand = 10 * significand + d;
                    significant += significand == 0 ? 0 : 1;
                    fraction++;
                } else {
                    significant++;
                }
                digits++;
                i++;
            }
        }
        if (digits == 0) {
            return Double.NaN;
        }
        long exponent = 0;
        if (i < to && (ascii[i] == 'e' || ascii[i] == 'E')) {
            i++;
            boolean negativeExponent = false;
            if (i < to && (ascii[i] == '+' || ascii[i] == '-')) {
                negativeExponent = ascii[i] == '-';
                i++;
            }
            int exponentDigits = 0;
            while (i < to) {
                int d = ascii[i] - '0';
                if (d < 0 || d > 9) {
                    break;
                }
                if (exponent < EXPONENT_CAP) {
                    exponent = 10 * exponent + d;
                }
                exponentDigits++;
                i++;
            }
            if (exponentDigits == 0) {
                return Double.NaN;
            }
            if (negativeExponent) {
                exponent = -exponent;
            }
        }
        if (i != to) {
            return Double.NaN;
        }
        if (significant <= MAX_DIGITS && Math.abs(exponent) < EXPONENT_CAP) {
            long power = exponent - fraction;
            if (significand == 0) {
                return negative ? -0.0 : 0.0;
            }
            // Unsigned: 19 digits may pass 2^63, which a signed comparison would take for negative.
            if (Long.compareUnsigned(significand, 1L << 53) <= 0 && power >= -22 && power <= 22) {
                double value = power >= 0 ? significand * EXACT_POWERS[(int) power]
                        : significand / EXACT_POWERS[(int) -power];
                return negative ? -value : value;
            }
            if (power >= MIN_EXPONENT && power <= MAX_EXPONENT) {
                long bits = eiselLemire(significand, (int) power);
                if (bits >= 0) {
                    return Double.longBitsToDouble(negative ? bits | Long.MIN_VALUE : bits);
                }
            }
        }
        return slowValue(ascii, from, to);
    }

    /**
     * The bits of the double nearest to {@code significand · 10^power} (positive, non-zero), or −1
     * where the algorithm cannot decide: Go's {@code eiselLemire64}, line for line, in unsigned
     * 64-bit arithmetic. The power must be within the table.
     */
    static long eiselLemire(long significand, int power) {
        int leadingZeros = Long.numberOfLeadingZeros(significand);
        long man = significand << leadingZeros;
        long exponent2 = ((217706L * power) >> 16) + 64 + 1023 - leadingZeros;
        int at = power - MIN_EXPONENT;
        long xHigh = unsignedMultiplyHigh(man, HIGH[at]);
        long xLow = man * HIGH[at];
        if ((xHigh & 0x1FF) == 0x1FF && Long.compareUnsigned(xLow + man, man) < 0) {
            // The truncated power's error could carry into the bits that decide: widen to 192 bits.
            long yHigh = unsignedMultiplyHigh(man, LOW[at]);
            long yLow = man * LOW[at];
            long mergedHigh = xHigh;
            long mergedLow = xLow + yHigh;
            if (Long.compareUnsigned(mergedLow, xLow) < 0) {
                mergedHigh++;
            }
            if ((mergedHigh & 0x1FF) == 0x1FF && mergedLow + 1 == 0 && Long.compareUnsigned(yLow + man, man) < 0) {
                return -1;
            }
            xHigh = mergedHigh;
            xLow = mergedLow;
        }
        long top = xHigh >>> 63;
        long mantissa = xHigh >>> (top + 9);
        exponent2 -= 1 ^ top;
        if (xLow == 0 && (xHigh & 0x1FF) == 0 && (mantissa & 3) == 1) {
            return -1; // exactly halfway in 54 bits: the digits dropped decide, which this does not see
        }
        mantissa += mantissa & 1;
        mantissa >>>= 1;
        if ((mantissa >>> 53) > 0) {
            mantissa >>>= 1;
            exponent2++;
        }
        if (Long.compareUnsigned(exponent2 - 1, 0x7FF - 1) >= 0) {
            return -1; // subnormal or infinite
        }
        return exponent2 << 52 | mantissa & 0x000FFFFFFFFFFFFFL;
    }

    /** Whether each of the eight bytes is an ASCII digit (Lemire's {@code is_made_of_eight_digits_fast}). */
    private static boolean eightDigits(long word) {
        return (((word + 0x4646464646464646L) | (word - 0x3030303030303030L)) & 0x8080808080808080L) == 0;
    }

    /**
     * The value of eight ASCII digits, the first in the lowest byte (Lemire's
     * {@code parse_eight_digits_unrolled}): pairs, then quadruples, then the whole, by three
     * multiplications.
     */
    private static long valueOfEightDigits(long word) {
        long v = word - 0x3030303030303030L;
        v = v * 10 + (v >>> 8);
        v = ((v & 0x000000FF000000FFL) * (100 + (1_000_000L << 32))
                + ((v >>> 16) & 0x000000FF000000FFL) * (1 + (10_000L << 32))) >>> 32;
        return v & 0xFFFFFFFFL;
    }

    /** The high 64 bits of the unsigned 128-bit product (Java 17 has only the signed one). */
    private static long unsignedMultiplyHigh(long a, long b) {
        return Math.multiplyHigh(a, b) + ((a >> 63) & b) + ((b >> 63) & a);
    }

    /** A number the fast paths leave, through Jackson's parser. */
    private double slowValue(byte[] ascii, int from, int to) {
        int n = to - from;
        if (chars.length < n) {
            chars = new char[n];
        }
        for (int k = 0; k < n; k++) {
            chars[k] = (char) ascii[from + k];
        }
        return com.fasterxml.jackson.core.io.NumberInput.parseDouble(chars, 0, n, true);
    }
}
