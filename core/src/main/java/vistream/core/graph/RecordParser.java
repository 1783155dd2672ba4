package vistream.core.graph;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * Turns records given as state names (a CSV row under a header of variable names) into state
 * indices, refusing with a message that names the record a missing value, an unknown state or a
 * wrong number of fields. Nothing is skipped silently.
 */
public final class RecordParser {

    private final NetworkStructure structure;
    private final int[] variableOfField;

    /**
     * Creates a parser for records whose fields follow {@code header}.
     *
     * @param structure the network
     * @param header    the field names, each a variable's name, every variable exactly once
     * @throws IllegalArgumentException if the header names an unknown variable, misses one or
     *                                  repeats one
     */
    public RecordParser(NetworkStructure structure, List<String> header) {
        this.structure = Objects.requireNonNull(structure, "structure");
        variableOfField = new int[header.size()];
        for (int f = 0; f < header.size(); f++) {
            String name = header.get(f).strip();
            try {
                variableOfField[f] = structure.indexOf(name);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("the header names an unknown variable '" + name + "'");
            }
        }
        List<String> missing = new ArrayList<>(structure.names());
        missing.removeAll(header.stream().map(String::strip).toList());
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("the header lacks the variables " + missing);
        }
        if (new HashSet<>(header).size() != header.size()) {
            throw new IllegalArgumentException("the header names a variable twice: " + header);
        }
    }

    /**
     * Parses one record.
     *
     * @param number the record's number, for messages (e.g. its line)
     * @param fields the states, in header order
     * @return each variable's state index, in the structure's order
     * @throws IllegalArgumentException naming the record and what is wrong with it
     */
    public int[] parse(long number, List<String> fields) {
        return parse(number, fields, false);
    }

    /**
     * Parses one record in which a field may be empty: that variable was not observed.
     *
     * @param number the record's number, for messages
     * @param fields the states, in header order; an empty (or blank) field is missing
     * @return each variable's state index, −1 where missing, in the structure's order
     * @throws IllegalArgumentException naming the record and what is wrong with it
     */
    public int[] parsePartial(long number, List<String> fields) {
        return parse(number, fields, true);
    }

    private int[] parse(long number, List<String> fields, boolean missingAllowed) {
        if (fields.size() != variableOfField.length) {
            throw new IllegalArgumentException("record " + number + " has " + fields.size() + " fields, expected "
                    + variableOfField.length);
        }
        int[] record = new int[structure.size()];
        for (int f = 0; f < fields.size(); f++) {
            int v = variableOfField[f];
            String state = fields.get(f).strip();
            String name = structure.variables().get(v).name();
            if (state.isEmpty() && missingAllowed) {
                record[v] = -1;
                continue;
            }
            if (state.isEmpty()) {
                throw new IllegalArgumentException("record " + number + " has no value for '" + name + "'");
            }
            int s = structure.variables().get(v).states().indexOf(state);
            if (s < 0) {
                throw new IllegalArgumentException("record " + number + ": '" + state + "' is not a state of '" + name
                        + "' (states: " + String.join(", ", structure.variables().get(v).states()) + ")");
            }
            record[v] = s;
        }
        return record;
    }
}
