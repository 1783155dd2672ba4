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
 * Runs every {@code app/target/vistream …} and {@code java -jar app/target/vistream.jar …} command
 * of the README against the built launcher and jar, from the repository root as a newcomer
 * would, and checks that it succeeds and prints the JSON shown after it, line by line: the same
 * fields and the same values, apart from the wall-clock {@code time} of stream snapshots. The
 * launcher runs the vector local step and plain {@code java -jar} the scalar one, and each
 * example shows what its own command prints.
 */
class ReadmeIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String JAR = "java -jar app/target/vistream.jar ";
    private static final String LAUNCHER = "app/target/vistream ";

    @Test
    void readmeCommandsRunAndPrintWhatTheReadmeShows() throws Exception {
        Path root = Path.of("..").toAbsolutePath().normalize();
        List<String[]> examples = examples(Files.readAllLines(root.resolve("README.md"), StandardCharsets.UTF_8));
        assertTrue(examples.size() >= 2, "the README shows at least fit and evidence");
        assertTrue(examples.stream().anyMatch(e -> e[0].startsWith(JAR)), "one example at least runs the plain jar");
        assertTrue(examples.stream().anyMatch(e -> e[0].startsWith(LAUNCHER)), "the examples run the launcher");
        for (String[] example : examples) {
            String command = example[0];
            Process process = start(root, command, null);
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

    /**
     * The launcher runs the vector local step, with the JVM that JAVA_HOME names and the options
     * in JAVA_OPTS; plain java -jar runs the scalar one. {@code --version} says which.
     */
    @Test
    void theLauncherRunsTheVectorPathAndThePlainJarTheScalarOne() throws Exception {
        Path root = Path.of("..").toAbsolutePath().normalize();
        assertTrue(Files.isExecutable(root.resolve("app/target/vistream")), "the package step makes the launcher");
        assertTrue(Files.isRegularFile(root.resolve("app/target/vistream.cmd")), "and its Windows twin");
        assertEquals("local step: vector (jdk.incubator.vector, ", versionPath(root, LAUNCHER + "--version", null)
                .replaceFirst("\\d+ doubles per vector\\)$", ""));
        assertTrue(versionPath(root, JAR + "--version", null).startsWith("local step: scalar (start the JVM with"
                + " --add-modules jdk.incubator.vector"));
        assertEquals("local step: scalar (-Dvistream.localstep=scalar)",
                versionPath(root, LAUNCHER + "--version", "-Dvistream.localstep=scalar -Xmx256m"));
    }

    /** The second line of what {@code command} prints. */
    private static String versionPath(Path root, String command, String javaOptions) throws Exception {
        Process process = start(root, command, javaOptions);
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), command);
        assertEquals(0, process.exitValue(), command);
        List<String> lines = out.lines().toList();
        assertEquals(2, lines.size(), out);
        return lines.get(1);
    }

    /**
     * Starts a README command: through the launcher (its .cmd twin on Windows) with this JVM as
     * JAVA_HOME, or as plain {@code java -jar} with this JVM's java.
     */
    private static Process start(Path root, String command, String javaOptions) throws IOException {
        Path javaHome = Path.of(System.getProperty("java.home"));
        List<String> args = new ArrayList<>();
        String rest;
        if (command.startsWith(LAUNCHER)) {
            if (System.getProperty("os.name").startsWith("Windows")) {
                args.addAll(List.of("cmd", "/c", root.resolve("app/target/vistream.cmd").toString()));
            } else {
                args.add(root.resolve("app/target/vistream").toString());
            }
            rest = command.substring(LAUNCHER.length());
        } else {
            args.addAll(List.of(javaHome.resolve("bin").resolve("java").toString(), "-jar", "app/target/vistream.jar"));
            rest = command.substring(JAR.length());
        }
        args.addAll(List.of(rest.trim().split("\\s+")));
        ProcessBuilder builder = new ProcessBuilder(args).directory(root.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("JAVA_HOME", javaHome.toString());
        if (javaOptions == null) {
            builder.environment().remove("JAVA_OPTS");
        } else {
            builder.environment().put("JAVA_OPTS", javaOptions);
        }
        return builder.start();
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
            if (line.startsWith(JAR) || line.startsWith(LAUNCHER)) {
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
