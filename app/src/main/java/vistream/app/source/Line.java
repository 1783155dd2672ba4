package vistream.app.source;

/**
 * One line of a text source, with its number, for messages that name where bad input was.
 *
 * @param source the file's name as the user gave it, or {@code stdin}
 * @param number the line number, from 1
 * @param text   the line's text
 */
public record Line(String source, long number, String text) {

    /** Returns the line's text, as written to a dead-letter record. */
    @Override
    public String toString() {
        return text;
    }
}
