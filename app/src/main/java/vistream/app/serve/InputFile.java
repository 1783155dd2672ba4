package vistream.app.serve;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Which file an input path named when a checkpoint was taken: its file key (device and inode where
 * the file system has them) and a hash of its first bytes. A log rotated by rename-and-create has
 * a new inode; one rotated by copy-truncate keeps its inode but not its first bytes; either way the
 * checkpoint's line number no longer describes it.
 *
 * @param key        the file system's key of the file, or null where there is none
 * @param headLength how many of its first bytes were hashed (at most {@value #HEAD})
 * @param head       SHA-256 of those bytes, hex
 */
record InputFile(String key, long headLength, String head) {

    /** Bytes hashed from the start of the file: enough to tell two logs apart, cheap to read. */
    static final int HEAD = 4096;

    /**
     * Reads the identity of a file.
     *
     * @param file the input file
     * @return its identity
     * @throws IOException if it cannot be read
     */
    static InputFile of(Path file) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        Object key = attributes.fileKey();
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(HEAD);
        }
        return new InputFile(key == null ? null : key.toString(), head.length, sha256(head, head.length));
    }

    /**
     * Tells whether {@code file} is still the file this identity was taken of, grown or not.
     *
     * @param file the path, as it is now
     * @return null if it is the same file, else what changed
     * @throws IOException if it cannot be read
     */
    String changeIn(Path file) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        Object now = attributes.fileKey();
        if (key != null && now != null && !key.equals(now.toString())) {
            return "it is another file (was " + key + ", now " + now + ")";
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes((int) headLength);
        }
        if (bytes.length < headLength) {
            return "it is shorter than the " + headLength + " bytes it began with";
        }
        if (!Objects.equals(head, sha256(bytes, bytes.length))) {
            return "its first " + headLength + " bytes changed";
        }
        return null;
    }

    private static String sha256(byte[] bytes, int length) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(bytes, 0, length);
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /**
     * Counts the lines of a file, as the file source numbers them (a last line without its newline
     * counts), stopping once {@code enough} are seen.
     *
     * @param file   the file
     * @param enough where to stop counting
     * @return the lines, at most {@code enough}
     * @throws IOException if it cannot be read
     */
    static long lines(Path file, long enough) throws IOException {
        long lines = 0;
        boolean open = false;
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n = in.read(buffer); n >= 0 && lines < enough; n = in.read(buffer)) {
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        lines++;
                        open = false;
                    } else {
                        open = true;
                    }
                }
            }
        }
        return Math.min(enough, open ? lines + 1 : lines);
    }
}
