package vistream.app.source;

import vistream.streaming.InvalidObservation;
import vistream.streaming.ObservationParser;
import vistream.streaming.RejectedInputException;

/**
 * Parses a line of numbers separated by commas ({@code 1.5} or {@code 1.5,-2,3e4}) into one
 * observation of a fixed dimension, refusing with the file, line number and content anything else.
 */
public final class LineParser implements ObservationParser<Line> {

    private final int dimension;

    /**
     * Creates a parser.
     *
     * @param dimension the number of values each line must hold
     */
    public LineParser(int dimension) {
        this.dimension = dimension;
    }

    @Override
    public double[] parse(Line line) {
        String text = line.text();
        int fields = 1;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == ',') {
                fields++;
            }
        }
        if (fields != dimension) {
            throw new RejectedInputException(InvalidObservation.Reason.WRONG_DIMENSION, DataFileException.at(
                    line.source(), line.number(), text, "has " + fields + " values, expected " + dimension).getMessage());
        }
        double[] values = new double[fields];
        int start = 0;
        for (int f = 0; f < fields; f++) {
            int end = text.indexOf(',', start);
            if (end < 0) {
                end = text.length();
            }
            String token = text.substring(start, end).strip();
            if (!NumberSyntax.isDecimal(token, 0, token.length())) {
                boolean nonFinite = NumberSyntax.isNonFiniteWord(token);
                throw new RejectedInputException(
                        nonFinite ? InvalidObservation.Reason.NOT_FINITE : InvalidObservation.Reason.MALFORMED,
                        DataFileException.at(line.source(), line.number(), text,
                                nonFinite ? "is not a finite number" : "is not a number").getMessage());
            }
            values[f] = Double.parseDouble(token);
            if (!Double.isFinite(values[f])) {
                throw new RejectedInputException(InvalidObservation.Reason.NOT_FINITE,
                        DataFileException.at(line.source(), line.number(), text, "is out of the range of a double")
                                .getMessage());
            }
            start = end + 1;
        }
        return values;
    }

    /**
     * Tells whether a line reads as numbers, used to recognise a header line.
     *
     * @param text a line's text
     * @return true if every comma-separated field is a decimal number
     */
    static boolean isNumeric(String text) {
        int start = 0;
        while (true) {
            int end = text.indexOf(',', start);
            String token = text.substring(start, end < 0 ? text.length() : end).strip();
            if (!NumberSyntax.isDecimal(token, 0, token.length()) && !NumberSyntax.isNonFiniteWord(token)) {
                return false;
            }
            if (end < 0) {
                return true;
            }
            start = end + 1;
        }
    }
}
