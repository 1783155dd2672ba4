package vistream.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The project's {@code ./mvnw} on a machine that has never run it: a fresh {@code MAVEN_USER_HOME}
 * in a temporary directory, so the pinned distribution is unpacked from {@code .mvn/wrapper/}
 * as on a newcomer's machine (no network: the archive is in the repository).
 */
class MavenWrapperTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    Path home;

    @Test
    void theFirstRunSaysWhatItDoesAndLeavesOnlyTheUnpackedMaven() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "the wrapper is a POSIX shell script");
        Run first = mvnw("-v");
        assertEquals(0, first.status(), first.err());
        assertTrue(first.out().contains("Apache Maven " + pinnedVersion()), first.out());
        // exec replaces the shell, so an EXIT trap never ran: an empty .unpack.* folder stayed behind.
        try (Stream<Path> dists = Files.list(home.resolve("wrapper/dists"))) {
            assertEquals(List.of("apache-maven-" + pinnedVersion()),
                    dists.map(p -> p.getFileName().toString()).sorted().toList());
        }
        // One line on stderr, so a newcomer whose first build is silent (-q) knows why it takes a while.
        List<String> said = first.err().lines().filter(line -> line.startsWith("mvnw:")).toList();
        assertEquals(1, said.size(), first.err());
        assertTrue(said.get(0).contains("unpacking Maven " + pinnedVersion()), said.get(0));

        Run second = mvnw("-v");
        assertEquals(0, second.status(), second.err());
        assertEquals(List.of(), second.err().lines().filter(line -> line.startsWith("mvnw:")).toList(),
                "nothing to say once Maven is unpacked");
    }

    private record Run(int status, String out, String err) {
    }

    private Run mvnw(String... args) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(Stream.concat(Stream.of("/bin/sh", ROOT.resolve("mvnw").toString()),
                Stream.of(args)).toList()).directory(ROOT.toFile());
        builder.environment().put("MAVEN_USER_HOME", home.toString());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Path err = Files.createTempFile(home, "err", ".txt");
        Process process = builder.redirectError(err.toFile()).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "mvnw " + String.join(" ", args));
        String text = Files.readString(err, StandardCharsets.UTF_8);
        Files.delete(err);
        return new Run(process.exitValue(), out, text);
    }

    private static String pinnedVersion() throws IOException {
        return Files.readAllLines(ROOT.resolve(".mvn/wrapper/maven-wrapper.properties")).stream()
                .filter(line -> line.startsWith("mavenVersion=")).map(line -> line.substring("mavenVersion=".length()).trim())
                .findFirst().orElseThrow();
    }
}
