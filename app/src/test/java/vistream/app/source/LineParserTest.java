package vistream.app.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import vistream.streaming.InvalidObservation;
import vistream.streaming.RejectedInputException;

/** One line into one observation, or a refusal with its reason. */
class LineParserTest {

    @Test
    void valuesBeyondTheBoundAreRefusedAsOutOfRange() {
        LineParser parser = new LineParser(1);
        for (String text : new String[] {"1.797e308", "-1e51", "1e999", "{\"x\": 1.797e308}", "{\"x\": [1e400]}"}) {
            RejectedInputException e = assertThrows(RejectedInputException.class,
                    () -> parser.parse(new Line("request 1", 1, text)), text);
            assertEquals(InvalidObservation.Reason.OUT_OF_RANGE, e.reason(), text);
            assertTrue(e.getMessage().contains("out of range (beyond ±1e50)"), e.getMessage());
        }
        assertArrayEquals(new double[] {-1e50}, parser.parse(new Line("f", 1, "-1e50")));
        assertArrayEquals(new double[] {1e-320}, parser.parse(new Line("f", 1, "{\"x\": 1e-320}")));
    }

    @Test
    void chosenColumnsAreCheckedAgainstTheWholeRow() {
        LineParser parser = new LineParser(new int[] {1, 2}, 4);
        assertArrayEquals(new double[] {2, 3}, parser.parse(new Line("f", 1, "1,2,3,4")));
        RejectedInputException e = assertThrows(RejectedInputException.class,
                () -> parser.parse(new Line("f", 2, "2,3")));
        assertEquals(InvalidObservation.Reason.WRONG_DIMENSION, e.reason());
        assertArrayEquals(new double[] {5, 6}, parser.parse(new Line("f", 3, "{\"x\": [5, 6]}")),
                "a JSON observation holds the chosen values themselves");
    }

    @Test
    void controlCharactersAreEscapedInMessages() {
        LineParser parser = new LineParser(1);
        RejectedInputException e = assertThrows(RejectedInputException.class,
                () -> parser.parse(new Line("data.txt", 7, "1\u001b[31m\rvistream: all good")));
        assertFalse(e.getMessage().contains("\u001b") || e.getMessage().contains("\r"), e.getMessage());
        assertEquals("data.txt:7: '1\\u001b[31m\\rvistream: all good' is not a number", e.getMessage());
    }
}
