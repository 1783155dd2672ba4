package vistream.app.bn;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import vistream.app.config.UserError;
import vistream.app.source.InputFiles;
import vistream.app.source.Printable;
import vistream.core.graph.NetworkStructure;
import vistream.core.graph.RecordParser;

/**
 * A CSV file of complete records: a header row of variable names (a byte order mark before it is
 * dropped), then one record per line with the states as written in the structure. Blank lines are
 * skipped; any bad record is an error naming the file and line.
 */
public final class RecordsFile {

    private RecordsFile() {
    }

    /**
     * Reads every record.
     *
     * @param file      the CSV file
     * @param structure the network the records belong to
     * @return each record's state indices, in the structure's order
     * @throws UserError         if the file cannot be read, the header is wrong, or a record is bad
     * @throws vistream.app.source.DataFileException if the file is missing or a directory
     */
    public static List<int[]> read(Path file, NetworkStructure structure) {
        return read(file, structure, false);
    }

    /**
     * Reads every record; an empty field is a variable not observed in that record (−1).
     *
     * @param file      the CSV file
     * @param structure the network the records belong to
     * @return each record's state indices, −1 where missing, in the structure's order, with its line
     * @throws UserError if the file cannot be read, the header is wrong, or a record is bad
     */
    public static Records readPartial(Path file, NetworkStructure structure) {
        List<Integer> lines = new ArrayList<>();
        List<int[]> records = read(file, structure, true, lines);
        return new Records(records, lines.stream().mapToInt(Integer::intValue).toArray());
    }

    /**
     * Records with the line each was read from.
     *
     * @param states each record's state indices (−1 where missing)
     * @param lines  the 1-based line of each record in its file
     */
    public record Records(List<int[]> states, int[] lines) {
    }

    private static List<int[]> read(Path file, NetworkStructure structure, boolean missingAllowed) {
        return read(file, structure, missingAllowed, new ArrayList<>());
    }

    private static List<int[]> read(Path file, NetworkStructure structure, boolean missingAllowed,
                                    List<Integer> lineOfRecord) {
        // Strict UTF-8: a byte that is not is named by its line, never read as part of a state.
        List<String> lines = new ArrayList<>(ModelBytes.utf8(file.toString(), ModelBytes.read(file)).lines().toList());
        if (lines.isEmpty()) {
            throw new UserError(file + " is empty: it needs a header row of variable names");
        }
        if (lines.get(0).startsWith("\ufeff")) {
            lines.set(0, lines.get(0).substring(1)); // a byte order mark is not part of the first name
        }
        RecordParser parser;
        try {
            parser = new RecordParser(structure, Arrays.asList(lines.get(0).split(",", -1)));
        } catch (IllegalArgumentException e) {
            throw new UserError(file + ":1: " + Printable.escape(e.getMessage()));
        }
        List<int[]> records = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            try {
                List<String> fields = Arrays.asList(lines.get(i).split(",", -1));
                records.add(missingAllowed ? parser.parsePartial(i + 1, fields) : parser.parse(i + 1, fields));
                lineOfRecord.add(i + 1);
            } catch (IllegalArgumentException e) {
                // The message quotes the record: escaped, so that its control bytes cannot forge lines.
                throw new UserError(file + ":" + (i + 1) + ": " + Printable.escape(e.getMessage()));
            }
        }
        if (records.isEmpty()) {
            throw new UserError(file + " holds no records");
        }
        return records;
    }
}
