package vistream.app.source;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import vistream.core.numeric.Checks;
import vistream.streaming.InvalidObservation;
import vistream.streaming.ObservationParser;
import vistream.streaming.RejectedInputException;

/**
 * Parses one line into an observation of a fixed dimension: numbers separated by commas
 * ({@code 1.5} or {@code 1.5,-2,3e4}), or a JSON object {@code {"x": 1.5}} or
 * {@code {"x": [1.5, -2]}}. Anything else is refused with the source, line number and content
 * (its control characters escaped). A value beyond ±{@value Checks#MAX_MAGNITUDE} is refused as out
 * of range: its square, summed over a stream and divided by a variance, could overflow.
 */
public final class LineParser implements ObservationParser<Line> {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What is wrong with a value beyond ±{@value Checks#MAX_MAGNITUDE}, finite or not. */
    static final String OUT_OF_RANGE = "is out of range (beyond ±" + Checks.MAX_MAGNITUDE_TEXT + ")";

    private final int dimension;
    private final int[] columns;
    private final int width;

    /**
     * Creates a parser of lines that hold exactly one observation.
     *
     * @param dimension the number of values each line must hold
     */
    public LineParser(int dimension) {
        this.dimension = dimension;
        this.columns = null;
        this.width = dimension;
    }

    /**
     * Creates a parser that takes some fields of each CSV line.
     *
     * @param columns the fields to take, from 0, in order
     * @param width   how many fields every line must have
     */
    public LineParser(int[] columns, int width) {
        this.dimension = columns.length;
        this.columns = columns.clone();
        this.width = width;
    }

    /**
     * Returns a parser of lines read in place ({@link TextSource#rawLines}) that reads exactly as
     * this one does, allocating nothing for a line of numbers. Not thread safe: one per stream.
     *
     * @return the parser
     */
    public RawLineParser inPlace() {
        return new RawLineParser(this, dimension, columns == null ? null : columns.clone(), width);
    }

    @Override
    public double[] parse(Line line) {
        String text = line.text();
        if (text.startsWith("{")) {
            return parseJson(line);
        }
        if (columns != null) {
            String[] fields = text.split(",", -1);
            if (fields.length != width) {
                throw reject(line, InvalidObservation.Reason.WRONG_DIMENSION,
                        "has " + fields.length + " fields, expected " + width);
            }
            StringBuilder chosen = new StringBuilder();
            for (int i = 0; i < columns.length; i++) {
                chosen.append(i == 0 ? "" : ",").append(fields[columns[i]]);
            }
            return parseFields(new Line(line.source(), line.number(), chosen.toString()), line);
        }
        return parseFields(line, line);
    }

    /** Parses comma-separated numbers; messages quote {@code original}. */
    private double[] parseFields(Line line, Line original) {
        String text = line.text();
        int fields = 1;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == ',') {
                fields++;
            }
        }
        if (fields != dimension) {
            throw new RejectedInputException(InvalidObservation.Reason.WRONG_DIMENSION, DataFileException.at(
                    original.source(), original.number(), original.text(), "has " + fields + " values, expected " + dimension)
                    .getMessage());
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
                        DataFileException.at(original.source(), original.number(), original.text(),
                                nonFinite ? "is not a finite number" : "is not a number").getMessage());
            }
            values[f] = NumberSyntax.value(token);
            if (!Checks.inRange(values[f])) {
                throw reject(original, InvalidObservation.Reason.OUT_OF_RANGE, OUT_OF_RANGE);
            }
            start = end + 1;
        }
        return values;
    }

    private double[] parseJson(Line line) {
        JsonNode x;
        try {
            x = JSON.readTree(line.text()).get("x");
        } catch (JsonProcessingException e) {
            throw reject(line, InvalidObservation.Reason.MALFORMED, "is not valid JSON (" + e.getOriginalMessage() + ")");
        }
        if (x == null) {
            throw reject(line, InvalidObservation.Reason.MALFORMED, "has no field \"x\"");
        }
        JsonNode[] values = x.isArray() ? toArray(x) : new JsonNode[] {x};
        if (values.length != dimension) {
            throw reject(line, InvalidObservation.Reason.WRONG_DIMENSION,
                    "has " + values.length + " values, expected " + dimension);
        }
        double[] out = new double[dimension];
        for (int i = 0; i < dimension; i++) {
            if (values[i].isTextual() && NumberSyntax.isNonFiniteWord(values[i].asText())) {
                throw reject(line, InvalidObservation.Reason.NOT_FINITE, "is not a finite number");
            }
            if (!values[i].isNumber()) {
                throw reject(line, InvalidObservation.Reason.MALFORMED, "has a value that is not a number");
            }
            out[i] = values[i].doubleValue();
            if (!Checks.inRange(out[i])) {
                throw reject(line, InvalidObservation.Reason.OUT_OF_RANGE, OUT_OF_RANGE);
            }
        }
        return out;
    }

    private static JsonNode[] toArray(JsonNode array) {
        JsonNode[] out = new JsonNode[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i);
        }
        return out;
    }

    private static RejectedInputException reject(Line line, InvalidObservation.Reason reason, String problem) {
        return new RejectedInputException(reason,
                DataFileException.at(line.source(), line.number(), line.text(), problem).getMessage());
    }

    /**
     * Tells whether a line reads as numbers, used to recognise a header line.
     *
     * @param text a line's text
     * @return true if every comma-separated field is a decimal number
     */
    static boolean isNumeric(String text) {
        if (text.startsWith("{")) {
            return true; // a JSON observation is content, never a header
        }
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
