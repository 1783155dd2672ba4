package vistream.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every user error of {@code serve} is one line on stderr and exit status 2, before it listens. */
class ServeErrorsTest {

    @TempDir
    Path dir;

    private static String refused(String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] all = new String[args.length + 3];
        all[0] = "serve";
        all[1] = "--port";
        all[2] = "0";
        System.arraycopy(args, 0, all, 3, args.length);
        // A start that is wrongly accepted would serve for ever: the timeout turns it into a failure.
        int status = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> Main.run(all,
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8)));
        String said = err.toString(StandardCharsets.UTF_8).strip();
        assertEquals(2, status, said);
        assertEquals(1, said.lines().count(), "one line: " + said);
        assertFalse(said.contains("Exception") || said.contains("com.fasterxml") || said.contains("java.lang"), said);
        assertTrue(said.startsWith("vistream serve: "), said);
        return said;
    }

    @Test
    void aMissingInputIsRefused() {
        String said = refused("--input", dir.resolve("nowhere.txt").toString());
        assertTrue(said.contains("nowhere.txt"), said);
    }

    @Test
    void aBodyLimitOrCheckpointIntervalThatIsNotPositiveIsRefused() {
        assertTrue(refused("--max-body", "0").contains("max-body"));
        assertTrue(refused("--max-body", "-5").contains("max-body"));
        assertTrue(refused("--checkpoint-interval", "0", "--checkpoint", dir.resolve("c.json").toString())
                .contains("checkpoint-interval"));
        assertTrue(refused("--rate", "-1").contains("rate"));
        assertTrue(refused("--port", "70000").contains("port"));
    }

    @Test
    void configurationErrorsNameTheSettingNotAJavaType() throws Exception {
        Path typo = Files.writeString(dir.resolve("bad.yaml"), "k: three\n");
        String said = refused("--config", typo.toString());
        assertTrue(said.contains("k") && said.contains("three"), said);
        Path unknown = Files.writeString(dir.resolve("unknown.yaml"), "sigmaa: 2\n");
        String named = refused("--config", unknown.toString());
        assertTrue(named.contains("sigmaa"), named);
        Path list = Files.writeString(dir.resolve("list.yaml"), "plot: 3\ncolumns: {a: 1}\n");
        refused("--config", list.toString());
        Path huge = Files.writeString(dir.resolve("huge.yaml"), "http:\n  maxHeaderSize: 99999999999\n");
        String range = refused("--config", huge.toString());
        assertTrue(range.contains("99999999999") && range.contains("out of range"), range);
    }

    @Test
    void anUnresolvableKafkaBrokerIsOneLine() {
        String said = refused("--kafka-bootstrap", "no-such-broker.invalid:9092", "--topic", "t", "--group", "g");
        assertTrue(said.contains("no-such-broker.invalid"), said);
    }
}
