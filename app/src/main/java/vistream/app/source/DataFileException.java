package vistream.app.source;

/**
 * A data file that cannot be used, with the file, the line number and the offending content in
 * its message: {@code data.txt:7: 'abc' is not a number}.
 */
public final class DataFileException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Longest excerpt of a bad line quoted in a message. */
    private static final int MAX_QUOTED = 80;

    /**
     * Creates the exception.
     *
     * @param message the whole message, already naming the file
     */
    public DataFileException(String message) {
        super(message);
    }

    /**
     * Creates the exception for one line, quoting at most {@value #MAX_QUOTED} characters of it with
     * its control characters escaped, so that the message stays one honest line of a log.
     *
     * @param file    the file's name as the user gave it
     * @param line    the line number, from 1
     * @param content the line's text
     * @param problem what is wrong with it
     * @return the exception
     */
    public static DataFileException at(String file, long line, String content, String problem) {
        String quoted = content;
        if (content.length() > MAX_QUOTED) {
            // Cut between code points, never inside a surrogate pair.
            quoted = content.substring(0, content.offsetByCodePoints(0, content.codePointCount(0, MAX_QUOTED))) + "…";
        }
        return new DataFileException(file + ":" + line + ": '" + Printable.escape(quoted) + "' " + problem);
    }
}
