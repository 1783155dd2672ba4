package vistream.app.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * Prometheus's {@code promtool}, from the PATH (Debian's prometheus package; {@code .ci/run}
 * installs it). Where it is missing the calling test is skipped, and says why.
 */
final class Promtool {

    private Promtool() {
    }

    /**
     * Runs promtool and returns what it printed; fails the test on a non-zero status.
     *
     * @param dir  where it runs (file arguments are relative to it)
     * @param args its arguments
     * @return its output and errors
     */
    static String run(Path dir, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(find(String.join(" ", args))));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        p.getOutputStream().close();
        // Read before waiting: a full pipe would block it.
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("promtool " + String.join(" ", args) + " took over 60 s");
        }
        assertEquals(0, p.exitValue(), "promtool " + String.join(" ", args) + ":\n" + out);
        return out;
    }

    /** The promtool of the PATH, or the test is skipped, naming the check that was not made and why. */
    private static String find(String check) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, "promtool");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        String reason = "no promtool on the PATH: install Debian's prometheus package to check deploy/'s PromQL";
        System.out.println("SKIPPED promtool " + check + ": " + reason);
        Assumptions.abort(reason);
        return null;
    }
}
