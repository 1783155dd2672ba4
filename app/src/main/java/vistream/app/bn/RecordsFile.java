package vistream.app.bn;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import vistream.app.config.UserError;
import vistream.core.graph.NetworkStructure;
import vistream.core.graph.RecordParser;

/**
 * A CSV file of complete records: a header row of variable names, then one record per line with
 * the states as written in the structure. Blank lines are skipped; any bad record is an error
 * naming the file and line.
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
     * @throws UserError if the file cannot be read, the header is wrong, or a record is bad
     */
    public static List<int[]> read(Path file, NetworkStructure structure) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (NoSuchFileException e) {
            throw new UserError("cannot read " + file + ": no such file");
        } catch (IOException e) {
            throw new UserError("cannot read " + file + ": " + e.getMessage());
        }
        if (lines.isEmpty()) {
            throw new UserError(file + " is empty: it needs a header row of variable names");
        }
        RecordParser parser;
        try {
            parser = new RecordParser(structure, Arrays.asList(lines.get(0).split(",", -1)));
        } catch (IllegalArgumentException e) {
            throw new UserError(file + ":1: " + e.getMessage());
        }
        List<int[]> records = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            try {
                records.add(parser.parse(i + 1, Arrays.asList(lines.get(i).split(",", -1))));
            } catch (IllegalArgumentException e) {
                throw new UserError(file + ":" + (i + 1) + ": " + e.getMessage());
            }
        }
        if (records.isEmpty()) {
            throw new UserError(file + " holds no records");
        }
        return records;
    }
}
