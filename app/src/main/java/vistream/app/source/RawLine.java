package vistream.app.source;

import java.nio.charset.StandardCharsets;

/**
 * One content line of a text source, read in place: a window on the reader's buffer that the
 * reader reuses for every line, so that reading a file allocates nothing per line. It is valid
 * only until the reader moves on to the next line; whatever keeps a line beyond that (a queue, a
 * list, a merge with another source) takes {@link #toLine()}.
 *
 * <p>A line of ASCII bytes, what data files hold, stays bytes; any other line was decoded from
 * UTF-8 by the reader and is held as text. Either way the line is stripped, as {@link Line} is.
 */
public final class RawLine {

    private final String source;
    private long number;
    private byte[] bytes;
    private int from;
    private int to;
    /** The decoded text of a line that is not pure ASCII, else null. */
    private String text;

    RawLine(String source) {
        this.source = source;
    }

    /** Points at ASCII bytes {@code [from, to)}, stripped. */
    void setAscii(byte[] bytes, int from, int to, long number) {
        this.bytes = bytes;
        this.from = from;
        this.to = to;
        this.number = number;
        this.text = null;
    }

    /** Holds a line that is not pure ASCII, decoded and stripped. */
    void setText(String text, long number) {
        this.bytes = null;
        this.text = text;
        this.number = number;
    }

    /**
     * Returns the name of the line's source.
     *
     * @return the file's name as the user gave it, or {@code stdin}
     */
    public String source() {
        return source;
    }

    /**
     * Returns the line's number.
     *
     * @return the line number, from 1, counting every line of the source
     */
    public long number() {
        return number;
    }

    /**
     * Returns the line's text, stripped; a new string for a line of ASCII bytes.
     *
     * @return the text
     */
    public String text() {
        return text != null ? text : new String(bytes, from, to - from, StandardCharsets.ISO_8859_1);
    }

    /**
     * Returns the line as an immutable {@link Line}, to keep.
     *
     * @return the line
     */
    public Line toLine() {
        return new Line(source, number, text());
    }

    /** Whether the line is ASCII bytes, readable through {@link #bytes()}, {@link #from()}, {@link #to()}. */
    boolean ascii() {
        return text == null;
    }

    byte[] bytes() {
        return bytes;
    }

    int from() {
        return from;
    }

    int to() {
        return to;
    }

    /** Returns the line's text, as written to a dead-letter record (as {@link Line#toString()} does). */
    @Override
    public String toString() {
        return text();
    }
}
