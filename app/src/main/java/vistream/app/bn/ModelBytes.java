package vistream.app.bn;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import vistream.app.config.UserError;
import vistream.app.source.InputFiles;

/**
 * The bytes of a model file, gzipped or not. On reading, gzip is recognised by its magic bytes
 * rather than by the name, so {@code alarm.bif} that is really compressed, or {@code model.json.gz}
 * that was unpacked in place, is read all the same; on writing, a name ending in {@code .gz} is
 * compressed.
 */
public final class ModelBytes {

    private static final int GZIP_MAGIC_1 = 0x1f;
    /** The most bytes a file may hold, or inflate to: a quarter of the heap, within one array. */
    private static final long LIMIT = Math.min(Integer.MAX_VALUE - 9, Runtime.getRuntime().maxMemory() / 4);
    private static final int GZIP_MAGIC_2 = 0x8b;

    private ModelBytes() {
    }

    /**
     * Reads a file, decompressing it if it is gzip.
     *
     * @param file the file
     * @return its content, decompressed
     * @throws UserError naming the file if it cannot be read or decompressed
     */
    public static byte[] read(Path file) {
        InputFiles.requireReadable(file);
        byte[] bytes;
        try {
            if (Files.size(file) > LIMIT) {
                throw new UserError(file + ": is larger than " + LIMIT + " bytes, the most read at once here "
                        + "(a quarter of the heap; -Xmx gives more)");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new UserError("cannot read " + file + ": no such file");
        } catch (IOException e) {
            throw new UserError("cannot read " + file + ": " + e.getMessage());
        }
        if (bytes.length < 2 || (bytes[0] & 0xff) != GZIP_MAGIC_1 || (bytes[1] & 0xff) != GZIP_MAGIC_2) {
            return bytes;
        }
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            // A small file may inflate to gigabytes: read one byte past the limit to know.
            byte[] inflated = in.readNBytes((int) LIMIT + 1);
            if (inflated.length > LIMIT) {
                throw new UserError(file + ": decompresses to more than " + LIMIT + " bytes, the most read at once "
                        + "here (a quarter of the heap; -Xmx gives more)");
            }
            return inflated;
        } catch (IOException e) {
            throw new UserError(file + ": is gzip-compressed but cannot be decompressed: " + e.getMessage());
        }
    }

    /**
     * Decodes a file's content as UTF-8 (a byte order mark before it is dropped), strictly: a
     * byte that is not UTF-8 is named by its line rather than turned into a replacement character
     * that would then be read as part of a name.
     *
     * @param source the file, to name in a message
     * @param bytes  its content
     * @return the text
     * @throws UserError naming the file and line of the first byte that is not UTF-8
     */
    public static String utf8(String source, byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            int line = 1;
            for (int i = 0; i < in.position(); i++) {
                line += bytes[i] == '\n' ? 1 : 0;
            }
            throw new UserError(source + ":" + line + ": the file is not UTF-8 text (byte 0x"
                    + String.format(Locale.ROOT, "%02x", bytes[in.position()] & 0xff) + ")");
        }
        decoder.flush(out);
        String text = out.flip().toString();
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    /**
     * Writes a file, gzipped if its name ends in {@code .gz}.
     *
     * @param file    where to write
     * @param content what to write
     * @throws IOException if writing fails
     */
    public static void write(Path file, byte[] content) throws IOException {
        if (!ModelFormat.isGzipName(file)) {
            Files.write(file, content);
            return;
        }
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(content);
        }
    }

    /** @return whether the name, ignoring case, ends in {@code suffix} */
    static boolean endsWith(Path file, String suffix) {
        Path name = file.getFileName();
        return name != null && name.toString().toLowerCase(Locale.ROOT).endsWith(suffix);
    }
}
