package vistream.app.source;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;

/**
 * A file being followed, watched for rotation. The stream reads on from the byte it reached, so a
 * file truncated under it (copy-truncate) would have its new lines up to that byte skipped and the
 * first line after it cut; one renamed away and recreated would never be read. Either is caught at
 * the end of what is available, before it can mislead, and ends the stream with a message.
 */
final class FollowedFile {

    private final Path path;
    private final Object key;
    private long read;

    private FollowedFile(Path path, Object key) {
        this.path = path;
        this.key = key;
    }

    /**
     * Opens a file to follow.
     *
     * @param path the file
     * @return the watch and the stream it counts
     */
    static Opened open(Path path) {
        InputStream in = InputFiles.open(path);
        Object key;
        try {
            key = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
        } catch (IOException e) {
            key = null;
        }
        FollowedFile watch = new FollowedFile(path, key);
        return new Opened(watch, new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    watch.read++;
                }
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = super.read(buffer, offset, length);
                if (n > 0) {
                    watch.read += n;
                }
                return n;
            }
        });
    }

    /** A followed file's watch and its counted stream. */
    record Opened(FollowedFile watch, InputStream stream) {
    }

    /**
     * Checks that the path still names the file being read, no shorter than what was read of it.
     *
     * @throws DataFileException if it was truncated, replaced or removed
     */
    void requireUnrotated() {
        try {
            BasicFileAttributes now = Files.readAttributes(path, BasicFileAttributes.class);
            if (key != null && now.fileKey() != null && !Objects.equals(key, now.fileKey())) {
                throw rotated("replaced by another file");
            }
            if (now.size() < read) {
                throw rotated("truncated to " + now.size() + " bytes after " + read + " were read");
            }
        } catch (NoSuchFileException e) {
            throw rotated("removed");
        } catch (IOException e) {
            throw new DataFileException("cannot follow " + path + ": " + e.getMessage());
        }
    }

    private DataFileException rotated(String how) {
        return new DataFileException("input " + path + " was " + how + " while it was followed (log rotation): "
                + "restart vistream, which reads the new file from its first line");
    }
}
