package vistream.app.source;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads a data file of one number per line, the format of {@code fit} and {@code evidence}:
 * blank lines and lines starting with {@code #} are skipped, a first non-numeric line is a header,
 * and any other line that is not a finite decimal number is an error naming the file, the line
 * number and the content.
 */
public final class NumberFile {

    private NumberFile() {
    }

    /**
     * Reads every number of a file.
     *
     * @param file the file
     * @return the numbers, in file order
     * @throws DataFileException if the file cannot be read, holds a bad line, or holds no number
     */
    public static double[] read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        } catch (NoSuchFileException e) {
            throw new DataFileException("cannot read " + file + ": no such file");
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
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
        double[] values = new double[1024];
        int n = 0;
        long lineNumber = 0;
        boolean seenContent = false;
        String line;
        while ((line = reader.readLine()) != null) {
            lineNumber++;
            String token = line.strip();
            if (token.isEmpty() || token.startsWith("#")) {
                continue;
            }
            boolean first = !seenContent;
            seenContent = true;
            if (NumberSyntax.isDecimal(token, 0, token.length())) {
                double v = Double.parseDouble(token);
                if (!Double.isFinite(v)) {
                    throw DataFileException.at(name, lineNumber, line, "is out of the range of a double");
                }
                if (n == values.length) {
                    values = Arrays.copyOf(values, n * 2);
                }
                values[n++] = v;
            } else if (NumberSyntax.isNonFiniteWord(token)) {
                throw DataFileException.at(name, lineNumber, line, "is not a finite number");
            } else if (!first) {
                throw DataFileException.at(name, lineNumber, line, "is not a number");
            }
            // else: the first line with content is not numeric, so it is a header.
        }
        if (n == 0) {
            throw new DataFileException(name + ": no observations (the file holds no number)");
        }
        return Arrays.copyOf(values, n);
    }
}
