package vistream.app.bn;

import java.util.Locale;

import vistream.app.config.UserError;

/**
 * Splits BIF text into tokens: the symbols {@code { } ( ) [ ] ; , |}, names in double quotes,
 * and words: runs of any other characters but whitespace. Words are loose on purpose, since the
 * bnlearn repository's names contain {@code -}, {@code .} and {@code _} and may start with a digit,
 * and numbers such as {@code 1e-04} are words too; the parser decides what a word must be.
 * Comments, {@code //…} to the end of the line and {@code /* … *}{@code /}, are skipped, also
 * when they follow a word without a space.
 *
 * <p>Not thread safe: one lexer per file read.
 */
public final class BifLexer {

    /** What a token is. */
    public enum Kind {
        /** A run of name characters: a keyword, a name or a number. */
        WORD,
        /** A name in double quotes, without them. */
        QUOTED,
        /** One of {@code { } ( ) [ ] ; , |}. */
        SYMBOL,
        /** The end of the text. */
        END
    }

    /**
     * A token.
     *
     * @param kind what it is
     * @param text its text (a quoted name without its quotes)
     * @param line the line it starts on, from 1
     */
    public record Token(Kind kind, String text, int line) {

        /** @return whether this is the given symbol or keyword */
        boolean is(String word) {
            return kind != Kind.QUOTED && kind != Kind.END && text.equals(word);
        }

        /** @return whether this can be a name: a word or a quoted name */
        boolean isName() {
            return kind == Kind.WORD || kind == Kind.QUOTED;
        }

        /** @return the token as a message quotes it after "found" */
        String describe() {
            String shown = text.length() > 40 ? text.substring(0, 40) + "…" : text;
            return switch (kind) {
                case END -> "the end of the file";
                case QUOTED -> "\"" + shown + "\"";
                default -> "'" + shown + "'";
            };
        }
    }

    private static final String SYMBOLS = "{}()[];,|";

    private final String source;
    private final String text;
    private int at;
    private int line = 1;

    /**
     * Starts at the beginning of the text.
     *
     * @param source the file, to start messages
     * @param text   its content
     */
    public BifLexer(String source, String text) {
        this.source = source;
        this.text = text;
    }

    /**
     * Reads the next token.
     *
     * @return it, or an {@link Kind#END} token at the end
     * @throws UserError at an unclosed comment or quote, or a control character
     */
    public Token next() {
        skipBlankAndComments();
        if (at >= text.length()) {
            return new Token(Kind.END, "", line);
        }
        int c = text.codePointAt(at);
        if (SYMBOLS.indexOf(c) >= 0) {
            at++;
            return new Token(Kind.SYMBOL, String.valueOf((char) c), line);
        }
        if (c == '"') {
            int close = at + 1;
            while (close < text.length() && text.charAt(close) != '"' && text.charAt(close) != '\n') {
                close++;
            }
            if (close >= text.length() || text.charAt(close) != '"') {
                throw error(line, "a name opened with '\"' is not closed on its line");
            }
            String name = text.substring(at + 1, close);
            at = close + 1;
            return new Token(Kind.QUOTED, name, line);
        }
        int start = at;
        while (at < text.length() && isNameChar(text.codePointAt(at)) && !text.startsWith("//", at)
                && !text.startsWith("/*", at)) {
            at += Character.charCount(text.codePointAt(at));
        }
        if (at == start) {
            throw error(line, String.format(Locale.ROOT, "unexpected control character U+%04X", c));
        }
        return new Token(Kind.WORD, text.substring(start, at), line);
    }

    private void skipBlankAndComments() {
        while (at < text.length()) {
            int c = text.codePointAt(at);
            if (c == '\n') {
                line++;
                at++;
            } else if (isBlank(c)) {
                at += Character.charCount(c);
            } else if (text.startsWith("//", at)) {
                while (at < text.length() && text.charAt(at) != '\n') {
                    at++;
                }
            } else if (text.startsWith("/*", at)) {
                int opened = line;
                int close = text.indexOf("*/", at + 2);
                if (close < 0) {
                    throw error(opened, "a comment opened with '/*' is never closed");
                }
                for (int i = at; i < close; i++) {
                    line += text.charAt(i) == '\n' ? 1 : 0;
                }
                at = close + 2;
            } else {
                return;
            }
        }
    }

    /**
     * Says whether a character may be part of a word: anything but blanks, control characters,
     * the symbols and the double quote.
     *
     * @param c a code point
     * @return whether it may be in a word
     */
    public static boolean isNameChar(int c) {
        return !isBlank(c) && !Character.isISOControl(c) && SYMBOLS.indexOf(c) < 0 && c != '"';
    }

    private static boolean isBlank(int c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c);
    }

    /**
     * Says why a name cannot be written as a BIF word, which is how bnlearn and pgmpy write and
     * read them: reading it back must give the same one word.
     *
     * @param name a variable's or state's name
     * @return why not, or null if it can
     */
    public static String whyNotAWord(String name) {
        if (name.isEmpty()) {
            return "is empty";
        }
        for (int i = 0; i < name.length(); i += Character.charCount(name.codePointAt(i))) {
            int c = name.codePointAt(i);
            if (isBlank(c)) {
                return "contains whitespace";
            }
            if (Character.isSurrogate((char) c)) {
                // An unpaired surrogate has no UTF-8 form: it would be written as '?'.
                return String.format(Locale.ROOT, "contains the unpaired surrogate U+%04X", c);
            }
            if (!isNameChar(c)) {
                return Character.isISOControl(c)
                        ? String.format(Locale.ROOT, "contains the control character U+%04X", c)
                        : "contains '" + (char) c + "'";
            }
        }
        if (name.contains("//") || name.contains("/*")) {
            return "contains '" + (name.contains("//") ? "//" : "/*") + "', which starts a comment";
        }
        return null;
    }

    private UserError error(int at, String message) {
        return new UserError(source + ":" + at + ": " + message);
    }
}
