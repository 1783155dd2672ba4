package vistream.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/**
 * Runs every {@code java -jar app/target/vistream.jar …} command of the README against the built
 * jar, from the repository root as a newcomer would, and checks that it succeeds and prints the
 * JSON shown after it, line by line: the same fields and the same values, apart from the
 * wall-clock {@code time} of stream snapshots.
 */
class ReadmeIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PREFIX = "java -jar app/target/vistream.jar ";

    @Test
    void readmeCommandsRunAndPrintWhatTheReadmeShows() throws Exception {
        Path root = Path.of("..").toAbsolutePath().normalize();
        List<String[]> examples = examples(Files.readAllLines(root.resolve("README.md"), StandardCharsets.UTF_8));
        assertTrue(examples.size() >= 2, "the README shows at least fit and evidence");
        for (String[] example : examples) {
            String command = example[0];
            List<String> args = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-jar", "app/target/vistream.jar"));
            args.addAll(List.of(command.substring(PREFIX.length()).trim().split("\\s+")));
            Process process = new ProcessBuilder(args).directory(root.toFile())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(process.waitFor(120, TimeUnit.SECONDS), command);
            assertEquals(0, process.exitValue(), command);
            List<String> actualLines = out.lines().toList();
            List<String> shownLines = example[1].lines().toList();
            assertEquals(shownLines.size(), actualLines.size(), command + " prints as many lines as the README shows");
            for (int i = 0; i < shownLines.size(); i++) {
                JsonNode actual = withoutTime(JSON.readTree(actualLines.get(i)));
                JsonNode shown = withoutTime(JSON.readTree(shownLines.get(i)));
                assertEquals(fieldNames(shown), fieldNames(actual), command);
                assertEquals(shown, actual, "line " + (i + 1) + " of what " + command + " prints");
            }
        }
    }

    /** Removes every "time" field: the stream's clock differs from run to run. */
    private static JsonNode withoutTime(JsonNode node) {
        if (node.isObject()) {
            ((com.fasterxml.jackson.databind.node.ObjectNode) node).remove("time");
        }
        node.forEach(ReadmeIT::withoutTime);
        return node;
    }

    /** Pairs each README command with the json block that follows it. */
    private static List<String[]> examples(List<String> lines) {
        List<String[]> out = new ArrayList<>();
        String command = null;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.startsWith(PREFIX)) {
                command = line;
            } else if (line.equals("```json") && command != null) {
                StringBuilder block = new StringBuilder();
                for (int j = i + 1; !lines.get(j).trim().equals("```"); j++) {
                    block.append(lines.get(j)).append('\n');
                }
                out.add(new String[] {command, block.toString()});
                command = null;
            }
        }
        assertFalse(out.isEmpty(), "no README examples found");
        return out;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
