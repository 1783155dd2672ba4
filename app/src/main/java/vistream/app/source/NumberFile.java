package vistream.app.source;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Arrays;

import vistream.streaming.RejectedInputException;

/**
 * Reads a whole data file of one number per line, the format of {@code fit} and {@code evidence}
 * (the layout rules of {@link ContentLines}, the number rules of {@link LineParser}); the first bad
 * line is an error naming the file, the line number and the content.
 *
 * <p>A file is read twice: once to count its content lines, then into an array of that size. The
 * numbers are then held once, where growing an array by doubling and trimming it at the end held
 * up to three times as much at its peak (10⁷ numbers, 80 MB, needed more than 300 MB of heap).
 * Both passes read in place, without an object per line.
 */
public final class NumberFile {

    /** The most elements the JVM gives an array of doubles. */
    private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

    private NumberFile() {
    }

    /**
     * Reads every number of a file.
     *
     * @param file the file
     * @return the numbers, in file order
     * @throws DataFileException if the file cannot be read (missing, a directory), holds a bad line,
     *                           holds no number, or more than an array can hold
     */
    public static double[] read(Path file) {
        String name = file.toString();
        try {
            long count;
            try (InputStream in = InputFiles.open(file)) {
                count = countContentLines(in, name);
            }
            if (count > MAX_ARRAY) {
                throw new DataFileException(name + ": " + count + " lines of numbers, more than the " + MAX_ARRAY
                        + " one fit can hold");
            }
            try (InputStream in = InputFiles.open(file)) {
                return read(in, name, (int) count);
            }
        } catch (IOException e) {
            throw new DataFileException("cannot read " + name + ": " + e.getMessage());
        }
    }

    /**
     * Reads every number of a stream, which cannot be read twice: its array grows as it fills.
     *
     * @param in   UTF-8 text
     * @param name the name to use in messages
     * @return the numbers, in order
     * @throws IOException       if reading fails
     * @throws DataFileException on a bad line or when no number is found
     */
    public static double[] read(InputStream in, String name) throws IOException {
        return read(in, name, 1024);
    }

    private static long countContentLines(InputStream in, String name) {
        ContentLines lines = new ContentLines(name, in);
        long count = 0;
        while (lines.nextRaw(false) != null) {
            count++;
        }
        return count;
    }

    /** Reads the numbers into an array of {@code expected}, grown only if the input holds more (a file appended since it was counted). */
    private static double[] read(InputStream in, String name, int expected) {
        RawLineParser parser = new LineParser(1).inPlace();
        ContentLines lines = new ContentLines(name, in);
        double[] values = new double[expected];
        double[] row = new double[1];
        int n = 0;
        for (RawLine line = lines.nextRaw(false); line != null; line = lines.nextRaw(false)) {
            try {
                parser.parseInto(line, row);
            } catch (RejectedInputException e) {
                throw new DataFileException(e.getMessage());
            }
            if (n == values.length) {
                if (n == MAX_ARRAY) {
                    throw new DataFileException(name + ": more than the " + MAX_ARRAY + " numbers one fit can hold");
                }
                values = Arrays.copyOf(values, (int) Math.min(MAX_ARRAY, Math.max(1024, 2L * n)));
            }
            values[n++] = row[0];
        }
        if (n == 0) {
            throw new DataFileException(name + ": no observations (the file holds no number)");
        }
        return n == values.length ? values : Arrays.copyOf(values, n);
    }
}
