package vistream.app.bn;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import vistream.app.config.UserError;

/**
 * The formats a network file may be in, chosen by its name with any {@code .gz} removed:
 * {@code .json} is vistream's JSON model, {@code .bif} the BIF of the bnlearn repository,
 * {@code .xml} or {@code .xmlbif} XMLBIF 0.3. The name decides, never a guess from the content,
 * so a file is read the same way on every machine; but content that plainly belongs to another
 * format (a {@code .bif} that starts with {@code <}) is refused with both named, since the parser
 * of the wrong format could only report a puzzling first token.
 */
public enum ModelFormat {

    /** vistream's JSON model ({@link JsonModel}). */
    JSON("JSON", List.of(".json")),
    /** BIF, as bnlearn, pgmpy, Weka and GeNIe exchange it ({@link BifParser}, {@link BifWriter}). */
    BIF("BIF", List.of(".bif")),
    /** XMLBIF 0.3 ({@link XmlBifReader}, {@link XmlBifWriter}). */
    XMLBIF("XMLBIF", List.of(".xml", ".xmlbif"));

    /** What {@link #of} says when no extension fits. */
    static final String ACCEPTED = ".json (vistream), .bif (BIF) or .xml/.xmlbif (XMLBIF 0.3), each optionally "
            + "followed by .gz";

    private static final String GZ = ".gz";

    private final String label;
    private final List<String> extensions;

    ModelFormat(String label, List<String> extensions) {
        this.label = label;
        this.extensions = extensions;
    }

    /** @return the format's usual name, for messages */
    public String label() {
        return label;
    }

    /**
     * Chooses the format by the file's name, ignoring case and any {@code .gz}.
     *
     * @param file the file
     * @return its format
     * @throws UserError listing the accepted extensions if none fits
     */
    public static ModelFormat of(Path file) {
        Path name = file.getFileName();
        String base = name == null ? "" : name.toString().toLowerCase(Locale.ROOT);
        if (base.endsWith(GZ)) {
            base = base.substring(0, base.length() - GZ.length());
        }
        for (ModelFormat format : values()) {
            for (String extension : format.extensions) {
                if (base.endsWith(extension) && base.length() > extension.length()) {
                    return format;
                }
            }
        }
        throw new UserError(file + ": cannot tell the network format from the name; name it " + ACCEPTED);
    }

    /**
     * @param file a file
     * @return whether it is to be written gzipped: its name ends in {@code .gz}
     */
    public static boolean isGzipName(Path file) {
        return ModelBytes.endsWith(file, GZ);
    }

    /**
     * Refuses content that plainly belongs to another format than the name says: JSON starts
     * with {@code {}, XML with {@code <}, and BIF with a comment or one of its block keywords.
     * Anything else is left to this format's parser, which names what it expected.
     *
     * @param file    the file, to name
     * @param content its (decompressed) bytes
     * @throws UserError naming both formats
     */
    public void checkContent(Path file, byte[] content) {
        ModelFormat looks = looksLike(content);
        if (looks != null && looks != this) {
            throw new UserError(file + ": the name says " + label + ", but the content looks like " + looks.label
                    + " (it starts with '" + head(content) + "'); a " + looks.label + " file is named "
                    + String.join(" or ", looks.extensions) + ", optionally followed by .gz");
        }
    }

    /** @return the format the content's first word shows, or null if it shows none plainly */
    private static ModelFormat looksLike(byte[] content) {
        String head = head(content);
        if (head.startsWith("{") || head.startsWith("[")) {
            return JSON;
        }
        if (head.startsWith("<")) {
            return XMLBIF;
        }
        for (String start : List.of("//", "/*", "network", "variable", "probability")) {
            if (head.startsWith(start)) {
                return BIF;
            }
        }
        return null;
    }

    /** @return up to 12 ASCII characters from the first that is not blank (after a byte order mark) */
    private static String head(byte[] content) {
        int i = content.length >= 3 && (content[0] & 0xff) == 0xef && (content[1] & 0xff) == 0xbb
                && (content[2] & 0xff) == 0xbf ? 3 : 0;
        while (i < content.length && (content[i] == ' ' || content[i] == '\t' || content[i] == '\n'
                || content[i] == '\r')) {
            i++;
        }
        int end = i;
        while (end < content.length && end < i + 12 && content[end] >= 0x21 && content[end] < 0x7f) {
            end++;
        }
        return new String(content, i, end - i, StandardCharsets.US_ASCII);
    }
}
