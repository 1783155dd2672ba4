package vistream.app.source;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Opens the files commands read, with one line naming what is wrong when a file cannot be read:
 * missing, a directory, or not readable. Without the checks, a directory opens on Linux and fails
 * only at its first read, deep inside a reader.
 */
public final class InputFiles {

    private InputFiles() {
    }

    /**
     * Checks that a file can be read, so that a command can refuse it before it starts.
     *
     * @param file the file
     * @throws DataFileException naming the file and the problem
     */
    public static void requireReadable(Path file) {
        if (Files.isDirectory(file)) {
            throw new DataFileException("cannot read " + file + ": it is a directory");
        }
        if (!Files.exists(file)) {
            throw new DataFileException("cannot read " + file + ": no such file");
        }
        if (!Files.isReadable(file)) {
            throw new DataFileException("cannot read " + file + ": permission denied");
        }
    }

    /**
     * Opens a file for reading.
     *
     * @param file the file
     * @return its bytes
     * @throws DataFileException naming the file and the problem
     */
    public static InputStream open(Path file) {
        requireReadable(file);
        try {
            return Files.newInputStream(file);
        } catch (NoSuchFileException e) {
            throw new DataFileException("cannot read " + file + ": no such file"); // removed since the check
        } catch (AccessDeniedException e) {
            throw new DataFileException("cannot read " + file + ": permission denied");
        } catch (IOException e) {
            throw new DataFileException("cannot read " + file + ": " + e.getMessage());
        }
    }
}
