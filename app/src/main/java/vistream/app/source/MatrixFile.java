package vistream.app.source;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads multivariate observations from a CSV file: numbers separated by commas, one observation
 * per line, with the layout rules of {@link ContentLines} (a first non-numeric line is a header of
 * column names). {@code --columns} picks columns by header name or by index counted from 1, as
 * {@code cut} does; without it every column is used. Any bad line is an error naming the file,
 * the line and the content.
 */
public final class MatrixFile {

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
     * @throws DataFileException for an unreadable file, an unknown column, a bad line (unless
     *                           skipped) or no data
     */
    public static Matrix read(Path file, List<String> columns, int maxRows, boolean skipBad) {
        String name = file.toString();
        try (InputStream in = Files.newInputStream(file)) {
            ContentLines lines = new ContentLines(name, in);
            List<double[]> rows = new ArrayList<>();
            int[] chosen = null;
            List<String> names = null;
            int width = -1;
            for (Line line = lines.next(false); line != null && rows.size() < maxRows; line = lines.next(false)) {
                String[] fields = line.text().split(",", -1);
                if (chosen == null) {
                    width = fields.length;
                    List<String> header = lines.header() == null ? null
                            : Arrays.stream(lines.header().split(",", -1)).map(String::strip).toList();
                    if (header != null && header.size() != width) {
                        throw DataFileException.at(name, line.number(), line.text(),
                                "has " + width + " fields but the header has " + header.size());
                    }
                    chosen = choose(columns, header, width, name);
                    names = new ArrayList<>();
                    for (int c : chosen) {
                        names.add(header == null ? Integer.toString(c + 1) : header.get(c));
                    }
                }
                try {
                    rows.add(row(fields, width, chosen, name, line));
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
        } catch (NoSuchFileException e) {
            throw new DataFileException("cannot read " + name + ": no such file");
        } catch (IOException e) {
            throw new DataFileException("cannot read " + name + ": " + e.getMessage());
        }
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
                        ? "holds a value that is not finite" : "holds '" + token + "', which is not a number");
            }
            row[i] = NumberSyntax.value(token);
            if (!Double.isFinite(row[i])) {
                throw DataFileException.at(name, line.number(), line.text(), "holds a value out of the range of a double");
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
            int at = header == null ? -1 : header.indexOf(c);
            if (at < 0 && c.matches("[0-9]+")) {
                at = Integer.parseInt(c) - 1;
                if (at < 0 || at >= width) {
                    throw new DataFileException(file + ": column " + c + " is out of range (the file has " + width + " columns)");
                }
            }
            if (at < 0) {
                throw new DataFileException(file + ": no column named '" + c + "'"
                        + (header == null ? " (the file has no header)" : " (columns: " + String.join(", ", header) + ")"));
            }
            out[i] = at;
        }
        return out;
    }
}
