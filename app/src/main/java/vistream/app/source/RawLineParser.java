package vistream.app.source;

import vistream.core.numeric.Checks;
import vistream.streaming.InPlaceObservationParser;
import vistream.streaming.RejectedInputException;

/**
 * Parses lines read in place ({@link RawLine}) as its {@link LineParser} parses them, straight
 * from their bytes into the caller's array: the same values bit for bit, the same refusals with
 * the same reasons and messages. Made by {@link LineParser#inPlace()}.
 *
 * <p>Its fast path reads only what it is sure of: an ASCII line whose every field (or chosen
 * column) is a decimal number in range, in the expected count. Anything else (a JSON line, text
 * that is not ASCII, any field it would refuse) goes to the {@link LineParser} as a {@link Line},
 * which refuses it with today's message or reads it, so the two cannot disagree on what is wrong.
 * Not thread safe: one per stream.
 */
public final class RawLineParser implements InPlaceObservationParser<RawLine> {

    private final LineParser reference;
    private final int dimension;
    /** The fields to take, from 0, in order; null to take every field. */
    private final int[] columns;
    /** How many fields every line must have. */
    private final int width;
    /** Where each field of a CSV line starts (and the last ends), for the chosen columns. */
    private final int[] fieldStarts;
    private final DecimalBytes decimal = new DecimalBytes();

    RawLineParser(LineParser reference, int dimension, int[] columns, int width) {
        this.reference = reference;
        this.dimension = dimension;
        this.columns = columns;
        this.width = width;
        this.fieldStarts = columns == null ? null : new int[width + 1];
    }

    @Override
    public double[] parse(RawLine line) {
        double[] x = new double[dimension];
        parseInto(line, x);
        return x;
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException if {@code into} does not have this parser's dimension
     */
    @Override
    public void parseInto(RawLine line, double[] into) {
        if (into.length != dimension) {
            throw new IllegalArgumentException("observations have " + dimension + " values, not " + into.length);
        }
        // A line that starts with '{' is JSON even when the chosen columns would read as numbers.
        if (line.ascii() && line.from() < line.to() && line.bytes()[line.from()] != '{'
                && (columns == null ? readFields(line, into) : readColumns(line, into))) {
            return;
        }
        double[] x = reference.parse(line.toLine()); // refuses with today's message, or reads what the fast path left
        System.arraycopy(x, 0, into, 0, dimension);
    }

    /** Reads every comma-separated field into {@code into}; false if the line is not {@code dimension} numbers in range. */
    private boolean readFields(RawLine line, double[] into) {
        if (dimension == 1) {
            // The line is stripped already, and a comma in it makes it no number: read it whole.
            double value = decimal.valueOrNaN(line.bytes(), line.from(), line.to());
            into[0] = value;
            return Checks.inRange(value);
        }
        byte[] bytes = line.bytes();
        int to = line.to();
        int start = line.from();
        int field = 0;
        for (int i = start; ; i++) {
            if (i == to || bytes[i] == ',') {
                if (field == dimension) {
                    return false;
                }
                double value = value(bytes, start, i);
                if (!Checks.inRange(value)) { // NaN (not a number) is not in range either
                    return false;
                }
                into[field++] = value;
                if (i == to) {
                    return field == dimension;
                }
                start = i + 1;
            }
        }
    }

    /** Reads the chosen columns of a CSV line of {@code width} fields; false if it is anything else. */
    private boolean readColumns(RawLine line, double[] into) {
        byte[] bytes = line.bytes();
        int to = line.to();
        int fields = 0;
        fieldStarts[fields++] = line.from();
        for (int i = line.from(); i < to; i++) {
            if (bytes[i] == ',') {
                if (fields == width) {
                    return false;
                }
                fieldStarts[fields++] = i + 1;
            }
        }
        if (fields != width) {
            return false;
        }
        for (int c = 0; c < columns.length; c++) {
            int field = columns[c];
            int end = field + 1 < width ? fieldStarts[field + 1] - 1 : to;
            double value = value(bytes, fieldStarts[field], end);
            if (!Checks.inRange(value)) {
                return false;
            }
            into[c] = value;
        }
        return true;
    }

    /** The number in {@code [from, to)} with the whitespace around it stripped, or NaN if it is not one. */
    private double value(byte[] bytes, int from, int to) {
        while (from < to && ContentLines.isWhitespace(bytes[from])) {
            from++;
        }
        while (to > from && ContentLines.isWhitespace(bytes[to - 1])) {
            to--;
        }
        return decimal.valueOrNaN(bytes, from, to);
    }
}
