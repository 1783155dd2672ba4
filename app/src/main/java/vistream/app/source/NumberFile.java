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
 */
public final class NumberFile {

    private NumberFile() {
    }

    /**
     * Reads every number of a file.
     *
     * @param file the file
     * @return the numbers, in file order
     * @throws DataFileException if the file cannot be read (missing, a directory), holds a bad line,
     *                           or holds no number
     */
    public static double[] read(Path file) {
        try (InputStream in = InputFiles.open(file)) {
            return read(in, file.toString());
        } catch (IOException e) {
            throw new DataFileException("cannot read " + file + ": " + e.getMessage());
        }
    }

    /**
     * Reads every number of a stream.
     *
     * @param in   UTF-8 text
     * @param name the name to use in messages
     * @return the numbers, in order
     * @throws IOException       if reading fails
     * @throws DataFileException on a bad line or when no number is found
     */
    public static double[] read(InputStream in, String name) throws IOException {
        LineParser parser = new LineParser(1);
        ContentLines lines = new ContentLines(name, in);
        double[] values = new double[1024];
        int n = 0;
        for (Line line = lines.next(false); line != null; line = lines.next(false)) {
            double value;
            try {
                value = parser.parse(line)[0];
            } catch (RejectedInputException e) {
                throw new DataFileException(e.getMessage());
            }
            if (n == values.length) {
                values = Arrays.copyOf(values, n * 2);
            }
            values[n++] = value;
        }
        if (n == 0) {
            throw new DataFileException(name + ": no observations (the file holds no number)");
        }
        return Arrays.copyOf(values, n);
    }
}
