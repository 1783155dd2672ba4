package vistream.app.source;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Untrusted text made safe to quote in one line of a log. */
class PrintableTest {

    @Test
    void controlAndFormatCharactersBecomeEscapes() {
        assertEquals("a\\r\\nb\\t\\u001b[2J\\u0000\\u007f\\u0085",
                Printable.escape("a\r\nb\t\u001b[2J\u0000\u007f\u0085"));
        assertEquals("\\u202eevil\\u2028\\u2029\\ufeff", Printable.escape("\u202eevil\u2028\u2029\ufeff"),
                "bidirectional overrides, line and paragraph separators, a byte order mark");
        assertEquals("\\ud800x", Printable.escape("\ud800x"), "a lone surrogate");
    }

    @Test
    void printableTextIsLeftAsItIs() {
        String text = "x = -1.5e3, 'µ' ≤ 10 € 日本 \ud83d\ude00 \\n";
        assertEquals(text, Printable.escape(text));
        assertEquals(Printable.escape("\u001b"), Printable.escape(Printable.escape("\u001b")),
                "escaping twice changes nothing");
    }
}
