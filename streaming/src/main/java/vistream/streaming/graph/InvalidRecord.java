package vistream.streaming.graph;

import java.util.List;

/**
 * A record that was kept out of the counts, and why.
 *
 * @param index   position in the stream, counting every record from 0
 * @param fields  the record's fields as received
 * @param message a sentence naming the record and the problem
 */
public record InvalidRecord(long index, List<String> fields, String message) {

    /** Copies the fields. */
    public InvalidRecord {
        fields = List.copyOf(fields);
    }
}
