package vistream.app.bn;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;

import vistream.app.config.UserError;
import vistream.core.graph.BayesianNetwork;
import vistream.core.graph.NetworkStructure;

/**
 * Structure and model files, in any of three formats chosen by the file's name with any
 * {@code .gz} removed ({@link ModelFormat}):
 * <ul>
 * <li>{@code .json}: vistream's own ({@link JsonModel}), a structure or a fitted model;</li>
 * <li>{@code .bif}: BIF, as the bnlearn repository publishes networks and pgmpy, bnlearn, Weka
 *     and GeNIe exchange them ({@link BifParser}, {@link BifWriter});</li>
 * <li>{@code .xml} or {@code .xmlbif}: XMLBIF 0.3 ({@link XmlBifReader}, {@link XmlBifWriter}).</li>
 * </ul>
 * Any of them may be gzipped: compression is recognised by its magic bytes on reading, and a
 * name ending in {@code .gz} is written compressed. Whatever the format, every CPT row is placed
 * by the states of its parents and checked by {@link TableBuilder}; a BIF or XMLBIF problem is
 * named as {@code FILE:LINE:}. Numbers are written so that reading a written file gives
 * bit-identical tables, and a name a format cannot represent is refused rather than written.
 */
public final class NetworkFiles {

    /**
     * How far a CPT row's sum may be from 1 and still be read: {@link TableBuilder#ROW_SUM_TOLERANCE}.
     */
    public static final double ROW_SUM_TOLERANCE = TableBuilder.ROW_SUM_TOLERANCE;

    private static final String UNNAMED = "unknown";

    private NetworkFiles() {
    }

    /**
     * Reads a structure. From JSON, any "cpt" fields are ignored; BIF and XMLBIF declare parents
     * only alongside tables, so their tables are read and checked too.
     *
     * @param file the structure or model file, in any format
     * @return the validated structure
     * @throws UserError if the file cannot be read or is not a valid structure
     */
    public static NetworkStructure readStructure(Path file) {
        ModelFormat format = ModelFormat.of(file);
        byte[] content = content(file, format);
        if (format == ModelFormat.JSON) {
            return JsonModel.structure(file.toString(), ModelBytes.utf8(file.toString(), content));
        }
        // A renormalised row matters to a model's user, not to someone asking for the structure.
        return read(file, format, content, new PrintWriter(Writer.nullWriter())).structure();
    }

    /**
     * Reads a fitted model; rows that sum to 1 only within {@link #ROW_SUM_TOLERANCE} are
     * renormalised, and said so once on {@code warnings}.
     *
     * @param file     the model file, in any format
     * @param warnings where a renormalisation is reported
     * @return the network
     * @throws UserError if the file cannot be read or its tables do not fit its structure
     */
    public static BayesianNetwork readModel(Path file, PrintWriter warnings) {
        ModelFormat format = ModelFormat.of(file);
        return read(file, format, content(file, format), warnings);
    }

    /**
     * Writes a fitted model in the format its name says, gzipped if it ends in {@code .gz}. The
     * text is made before the file is opened, so a refused name leaves no file behind.
     *
     * @param network the network
     * @param file    where to write
     * @throws UserError if the name has no known extension, or a variable or state name cannot be
     *                   represented in that format
     * @throws IOException if writing fails
     */
    public static void writeModel(BayesianNetwork network, Path file) throws IOException {
        String text = switch (ModelFormat.of(file)) {
            case JSON -> JsonModel.write(network);
            case BIF -> BifWriter.write(network, networkName(file), file.toString());
            case XMLBIF -> XmlBifWriter.write(network, networkName(file), file.toString());
        };
        ModelBytes.write(file, text.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] content(Path file, ModelFormat format) {
        byte[] content = ModelBytes.read(file);
        format.checkContent(file, content);
        return content;
    }

    private static BayesianNetwork read(Path file, ModelFormat format, byte[] content, PrintWriter warnings) {
        String source = file.toString();
        return switch (format) {
            case JSON -> JsonModel.model(source, ModelBytes.utf8(source, content), warnings);
            case BIF -> BifParser.parse(source, ModelBytes.utf8(source, content)).build(warnings);
            case XMLBIF -> XmlBifReader.read(source, content).build(warnings);
        };
    }

    /**
     * Names the network after its file: "alarm" for alarm.bif.gz. A stem that is not a plain BIF
     * word, or holds characters beyond the Basic Multilingual Plane's first part (which XML may
     * not carry), gives "unknown", as bnlearn's files say, so that no file name can make a write fail.
     */
    private static String networkName(Path file) {
        Path name = file.getFileName();
        String stem = name == null ? "" : name.toString();
        if (stem.toLowerCase(Locale.ROOT).endsWith(".gz")) {
            stem = stem.substring(0, stem.length() - 3);
        }
        int dot = stem.lastIndexOf('.');
        stem = dot > 0 ? stem.substring(0, dot) : stem;
        return BifLexer.whyNotAWord(stem) == null && stem.codePoints().allMatch(c -> c < 0xd800) ? stem : UNNAMED;
    }
}
