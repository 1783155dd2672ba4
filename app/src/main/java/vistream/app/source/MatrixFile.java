package vistream.app.source;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import vistream.core.numeric.Checks;

/**
 * Reads multivariate observations from a CSV file: numbers separated by commas, one observation
 * per line, with the layout rules of {@link ContentLines} (a first non-numeric line is a header of
 * column names). {@code --columns} picks columns by index counted from 1, as {@code cut} does (a
 * whole number is always an index), or by header name; a column chosen twice is refused; without
 * it every column is used. Any bad line is an error naming the file,
 * the line and the content.
 *
 * <p>Every line must have as many fields as the file has columns: as many as the header names, or
 * without a header as many as more than half of the first {@value #WIDTH_VOTERS} rows of numbers
 * have (read from at most the first {@value #MAX_LOOKAHEAD} lines). One bad line, even the first,
 * cannot set the width; when no width has a majority the file is refused rather than guessed at.
 */
public final class MatrixFile {

    /** How many of the first rows of numbers decide the width of a file without a header. */
    static final int WIDTH_VOTERS = 100;

    /** How many content lines are read ahead at most to find those rows. */
    static final int MAX_LOOKAHEAD = 10_000;

    /**
     * Observations as a row-major matrix.
     *
     * @param values    n × dimension values
     * @param dimension values per observation
     * @param columns   the chosen columns' names (or their indices when there is no header)
     * @param indices   the chosen columns' positions, from 0
     * @param width     how many fields every line has
     */
    public record Matrix(double[] values, int dimension, List<String> columns, int[] indices, int width) {
    }

    private MatrixFile() {
    }

    /**
     * Reads the chosen columns of a file.
     *
     * @param file    the CSV file
     * @param columns names or 1-based indices, or null for every column
     * @return the observations
     * @throws DataFileException for an unreadable file, an unknown column, a bad line or no data
     */
    public static Matrix read(Path file, List<String> columns) {
        return read(file, columns, Integer.MAX_VALUE, false);
    }

    /**
     * Reads the chosen columns of at most the first {@code maxRows} observations of a file, e.g. to
     * set a stream's prior from its first batch.
     *
     * @param file     the CSV file
     * @param columns  names or 1-based indices, or null for every column
     * @param maxRows  the most observations to read
     * @param skipBad  whether bad lines are passed over (a stream reports them itself) instead of
     *                 ending the read with an error
     * @return the observations
     * @throws DataFileException for an unreadable file, an unknown column, a width that cannot be
     *                           told, a bad line (unless skipped) or no data
     */
    public static Matrix read(Path file, List<String> columns, int maxRows, boolean skipBad) {
        String name = file.toString();
        try (InputStream in = InputFiles.open(file)) {
            ContentLines lines = new ContentLines(name, in);
            // Read ahead to the first rows of numbers: without a header, they decide the width.
            List<Line> ahead = new ArrayList<>();
            Map<Integer, Integer> votes = new TreeMap<>();
            int voters = 0;
            for (Line line; voters < WIDTH_VOTERS && ahead.size() < MAX_LOOKAHEAD
                    && (line = lines.next(false)) != null; ) {
                ahead.add(line);
                if (isRowOfNumbers(line.text())) {
                    votes.merge(line.text().split(",", -1).length, 1, Integer::sum);
                    voters++;
                }
            }
            if (ahead.isEmpty()) {
                throw new DataFileException(name + ": no observations (the file holds no number)");
            }
            List<String> header = lines.header() == null ? null
                    : Arrays.stream(lines.header().split(",", -1)).map(String::strip).toList();
            int width = header != null ? header.size()
                    : voters == 0 ? ahead.get(0).text().split(",", -1).length // no row of numbers to go by
                    : majority(votes, voters, name);
            int[] chosen = choose(columns, header, width, name);
            List<String> names = new ArrayList<>();
            for (int c : chosen) {
                names.add(header == null ? Integer.toString(c + 1) : header.get(c));
            }
            List<double[]> rows = new ArrayList<>();
            Iterator<Line> buffered = ahead.iterator();
            while (rows.size() < maxRows) {
                Line line = buffered.hasNext() ? buffered.next() : lines.next(false);
                if (line == null) {
                    break;
                }
                try {
                    rows.add(row(line.text().split(",", -1), width, chosen, name, line));
                } catch (DataFileException e) {
                    if (!skipBad) {
                        throw e;
                    }
                }
            }
            if (rows.isEmpty()) {
                throw new DataFileException(name + ": no observations (the file holds no number)");
            }
            double[] values = new double[rows.size() * chosen.length];
            for (int i = 0; i < rows.size(); i++) {
                System.arraycopy(rows.get(i), 0, values, i * chosen.length, chosen.length);
            }
            return new Matrix(values, chosen.length, names, chosen, width);
        } catch (IOException e) {
            throw new DataFileException("cannot read " + name + ": " + e.getMessage());
        }
    }

    /** Whether every field of a line is a number (finite or not): a row whose width may count. */
    private static boolean isRowOfNumbers(String text) {
        return !text.startsWith("{") && LineParser.isNumeric(text);
    }

    /** The width of more than half the voting rows, or a refusal to guess. */
    private static int majority(Map<Integer, Integer> votes, int voters, String name) {
        for (Map.Entry<Integer, Integer> vote : votes.entrySet()) {
            if (2 * vote.getValue() > voters) {
                return vote.getKey();
            }
        }
        List<String> counts = new ArrayList<>();
        votes.forEach((width, rows) -> counts.add(rows + (rows == 1 ? " has " : " have ") + width
                + (width == 1 ? " field" : " fields")));
        throw new DataFileException(name + ": cannot tell how many columns the file has: of its first " + voters
                + " rows of numbers, " + String.join(", ", counts) + "; add a header line naming the columns");
    }

    private static double[] row(String[] fields, int width, int[] chosen, String name, Line line) {
        if (fields.length != width) {
            throw DataFileException.at(name, line.number(), line.text(), "has " + fields.length + " fields, expected " + width);
        }
        double[] row = new double[chosen.length];
        for (int i = 0; i < chosen.length; i++) {
            String token = fields[chosen[i]].strip();
            if (!NumberSyntax.isDecimal(token, 0, token.length())) {
                throw DataFileException.at(name, line.number(), line.text(), NumberSyntax.isNonFiniteWord(token)
                        ? "holds a value that is not finite"
                        : "holds '" + Printable.escape(token) + "', which is not a number");
            }
            row[i] = NumberSyntax.value(token);
            if (!Checks.inRange(row[i])) {
                throw DataFileException.at(name, line.number(), line.text(),
                        "holds a value out of range (beyond ±" + Checks.MAX_MAGNITUDE_TEXT + ")");
            }
        }
        return row;
    }

    private static int[] choose(List<String> columns, List<String> header, int width, String file) {
        if (columns == null) {
            int[] all = new int[width];
            for (int i = 0; i < width; i++) {
                all[i] = i;
            }
            return all;
        }
        int[] out = new int[columns.size()];
        for (int i = 0; i < out.length; i++) {
            String c = columns.get(i).strip();
            int at;
            // A whole number is always an index from 1, never a header name, so that a file whose
            // header holds numbers (scikit-learn's iris.csv begins "150,4,setosa,…") cannot turn
            // --columns 1,2,3,4 into column 2 twice.
            if (c.matches("[0-9]{1,9}")) {
                at = Integer.parseInt(c) - 1;
                if (at < 0 || at >= width) {
                    throw new DataFileException(file + ": column " + c + " is out of range (the file has " + width
                            + " columns)");
                }
            } else {
                at = header == null ? -1 : header.indexOf(c);
            }
            for (int j = 0; j < i; j++) {
                if (out[j] == at) {
                    throw new DataFileException(file + ": column " + (at + 1) + " is chosen twice ('"
                            + Printable.escape(columns.get(j).strip()) + "' and '" + Printable.escape(c) + "')");
                }
            }
            if (at < 0) {
                String known = header == null ? " (the file has no header)"
                        : " (columns: " + Printable.escape(String.join(", ", header)) + ")";
                throw new DataFileException(file + ": no column named '" + Printable.escape(c) + "'" + known);
            }
            out[i] = at;
        }
        return out;
    }
}
