package vistream.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * The determinism the vector local step promises, through the built launcher: the same output bit
 * for bit whatever the vector width (the CPU's own, 512-bit on AVX-512; 256-bit ones as on AVX2,
 * forced by {@code -XX:MaxVectorSize=32}; 128-bit ones as on a CPU with SSE only or NEON, forced by
 * {@code -XX:MaxVectorSize=16}) and whether the vector operations are
 * compiled to SIMD instructions or run as the Vector API's plain Java ({@code -Xint}); and within
 * 1e-12 of the scalar path that plain {@code java -jar} runs.
 */
class VectorPathIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final List<String> FIT = List.of("fit", "--data", "examples/mixture.txt", "--k", "5", "--sigma0", "10",
            "--sigma", "1", "--tol", "0", "--max-iter", "20", "--threads", "3");
    private static final List<String> STREAM = List.of("stream", "--data", "examples/mixture.txt", "--k", "3", "--sigma0",
            "10", "--sigma", "1", "--update", "svi", "--size", "2000", "--batch-size", "300", "--max-delay", "60000", "--workers", "2");

    @Test
    void theVectorPathGivesTheSameBitsOnAnyVectorWidthAndInTheInterpreter() throws Exception {
        for (List<String> command : List.of(FIT, STREAM)) {
            String wide = withoutTimes(run(true, "", command));
            assertEquals(wide, withoutTimes(run(true, "-XX:MaxVectorSize=32", command)), "four doubles per vector: " + command);
            assertEquals(wide, withoutTimes(run(true, "-XX:MaxVectorSize=16", command)), "two doubles per vector: " + command);
            assertEquals(wide, withoutTimes(run(true, "-Xint", command)), "the Vector API's Java fallback: " + command);
        }
        assertTrue(run(true, "-XX:MaxVectorSize=16", List.of("--version")).endsWith("(jdk.incubator.vector, 2 doubles per vector)\n"));
    }

    @Test
    void theVectorFitIsTheScalarFitToRounding() throws Exception {
        JsonNode vector = JSON.readTree(run(true, "", FIT));
        JsonNode scalar = JSON.readTree(run(false, "", FIT));
        assertEquals(scalar.get("iterations"), vector.get("iterations"));
        for (int t = 0; t < scalar.get("elbo").size(); t++) {
            double s = scalar.get("elbo").get(t).asDouble();
            double v = vector.get("elbo").get(t).asDouble();
            assertTrue(Math.abs(s - v) <= 1e-12 * Math.abs(s), "iteration " + (t + 1) + ": " + s + " and " + v);
        }
    }

    /** Removes the wall-clock times of stream snapshots, the one thing that may differ. */
    private static String withoutTimes(String out) {
        return out.replaceAll("\"time\":\\d+,", "");
    }

    /** Runs the launcher (or plain java -jar) from the repository root and returns its stdout. */
    private static String run(boolean launcher, String javaOptions, List<String> command) throws Exception {
        Path javaHome = Path.of(System.getProperty("java.home"));
        List<String> args = new ArrayList<>();
        if (!launcher) {
            args.addAll(List.of(javaHome.resolve("bin").resolve("java").toString(), "-jar", "app/target/vistream.jar"));
        } else if (System.getProperty("os.name").startsWith("Windows")) {
            args.addAll(List.of("cmd", "/c", ROOT.resolve("app/target/vistream.cmd").toString()));
        } else {
            assertTrue(Files.isExecutable(ROOT.resolve("app/target/vistream")), "the package step makes the launcher");
            args.add(ROOT.resolve("app/target/vistream").toString());
        }
        args.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(args).directory(ROOT.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("JAVA_HOME", javaHome.toString());
        builder.environment().put("JAVA_OPTS", javaOptions);
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(300, TimeUnit.SECONDS), String.join(" ", args));
        assertEquals(0, process.exitValue(), javaOptions + " " + String.join(" ", args));
        return out;
    }
}
