package vistream.app.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vistream.app.serve.ServiceFixture.await;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import vistream.app.Main;

/**
 * A checkpoint is applied only to the settings and the input it describes: another σ, prior or
 * update rule is refused by name, a rotated input file is read from its start, an impossible
 * position is refused, and a checkpoint that cannot be written is visible in health and metrics.
 */
class CheckpointBindingTest {

    @TempDir
    Path dir;

    /** What {@code vistream serve args…} printed on stderr, after checking it ended with {@code status}. */
    private static String refused(int status, String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        // A start that is wrongly accepted would serve for ever: the timeout turns it into a failure.
        int got = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> Main.run(args,
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8)));
        String said = err.toString(StandardCharsets.UTF_8);
        assertEquals(status, got, said);
        assertEquals(1, said.strip().lines().count(), "one line: " + said);
        assertFalse(said.contains("Exception"), said);
        return said.strip();
    }

    /** Runs a service with the test settings over {@code input} until it holds {@code n} observations, then stops it. */
    private VistreamService runUntil(Path input, Path checkpoint, long n) throws Exception {
        VistreamService service = VistreamService.start(ServiceFixture.config(input.toString(), "svb", 100, 100, null,
                checkpoint.toString(), true), ServiceFixture.LOG_WRITER);
        try {
            await(n + " observations", () -> service.latest() != null && service.latest().observations() == n);
        } finally {
            service.stop();
        }
        return service;
    }

    private static String[] serve(Path input, Path checkpoint, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("serve", "--input", input.toString(), "--port", "0",
                "--k", "3", "--checkpoint", checkpoint.toString()));
        args.addAll(List.of(more));
        if (!args.contains("--update")) {
            args.addAll(List.of("--update", "svb"));
        }
        return args.toArray(String[]::new);
    }

    @Test
    void resumingWithAnotherSigmaPriorOrUpdateRuleIsRefusedByName() throws Exception {
        Path input = ServiceFixture.write(dir.resolve("in.txt"), ServiceFixture.observations(1, 300));
        Path checkpoint = dir.resolve("state.json");
        runUntil(input, checkpoint, 300);
        String sigma = refused(2, serve(input, checkpoint, "--sigma", "2"));
        assertTrue(sigma.contains("was taken with sigma 1.0; this run has sigma 2.0"), sigma);
        String sigma0 = refused(2, serve(input, checkpoint, "--sigma0", "3"));
        assertTrue(sigma0.contains("was taken with sigma0 10.0; this run has sigma0 3.0"), sigma0);
        String alpha0 = refused(2, serve(input, checkpoint, "--alpha0", "2"));
        assertTrue(alpha0.contains("alpha0"), alpha0);
        String update = refused(2, serve(input, checkpoint, "--update", "pvb"));
        assertTrue(update.contains("update"), update);
        assertTrue(update.contains("move it away to start afresh"), update);
    }

    @Test
    void aFileRenamedAndRecreatedAfterTheCheckpointIsReadFromItsStart() throws Exception {
        List<String> old = ServiceFixture.observations(2, 2000);
        Path input = ServiceFixture.write(dir.resolve("feed.txt"), old);
        Path checkpoint = dir.resolve("state.json");
        runUntil(input, checkpoint, 2000);
        Files.move(input, dir.resolve("feed.txt.1"));
        ServiceFixture.write(input, ServiceFixture.observations(3, 500));
        runUntil(input, checkpoint, 2500);
        assertEquals(2500, ServiceCheckpoint.read(checkpoint).snapshot().observations());
        assertEquals(500, ServiceCheckpoint.read(checkpoint).line(), "the new file's lines, from its first");
        assertTrue(ServiceFixture.LOG.toString().contains("input " + input + " was replaced since the checkpoint"),
                ServiceFixture.LOG.toString());
    }

    @Test
    void aFileCopiedAndTruncatedAfterTheCheckpointIsReadFromItsStart() throws Exception {
        Path input = ServiceFixture.write(dir.resolve("feed.txt"), ServiceFixture.observations(2, 2000));
        Path checkpoint = dir.resolve("state.json");
        runUntil(input, checkpoint, 2000);
        Files.copy(input, dir.resolve("feed.txt.1"));
        Files.write(input, new byte[0], StandardOpenOption.TRUNCATE_EXISTING);
        Files.write(input, ServiceFixture.observations(3, 500), StandardOpenOption.APPEND);
        runUntil(input, checkpoint, 2500);
        assertEquals(500, ServiceCheckpoint.read(checkpoint).line());
    }

    @Test
    void aFileCopiedAndTruncatedWhileTheServiceRunsIsReadFromItsStartAfterARestart() throws Exception {
        Path input = ServiceFixture.write(dir.resolve("feed.txt"), ServiceFixture.observations(2, 300));
        Path checkpoint = dir.resolve("state.json");
        VistreamService first = VistreamService.start(ServiceFixture.config(input.toString(), "svb", 100, 100, null,
                checkpoint.toString(), false), ServiceFixture.LOG_WRITER);
        try {
            await("the file", () -> first.latest() != null && first.latest().observations() == 300);
            Files.copy(input, dir.resolve("feed.txt.1"));
            Files.write(input, new byte[0], StandardOpenOption.TRUNCATE_EXISTING);
            Files.write(input, ServiceFixture.observations(3, 500), StandardOpenOption.APPEND);
            // A post makes a new snapshot, so a new checkpoint is written while the file is the new one.
            assertEquals(200, ServiceFixture.post(first, "/api/observations", "1\n2\n3\n4\n5\n").statusCode());
            await("the posts", () -> first.latest().observations() == 305);
        } finally {
            first.stop();
        }
        assertEquals(300, ServiceCheckpoint.read(checkpoint).line(), "the old file's lines");
        runUntil(input, checkpoint, 805);
        assertEquals(500, ServiceCheckpoint.read(checkpoint).line(), "every line of the new file, from its first");
    }

    @Test
    void aFollowedFileTruncatedUnderTheServiceStopsTheStreamRatherThanBeMisread() throws Exception {
        Path input = ServiceFixture.write(dir.resolve("feed.txt"), ServiceFixture.observations(2, 300));
        VistreamService service = VistreamService.start(ServiceFixture.config(input.toString(), "svb", 100, 100, null,
                null, true), ServiceFixture.LOG_WRITER);
        try {
            await("the file", () -> service.latest() != null && service.latest().observations() == 300);
            Files.write(input, new byte[0], StandardOpenOption.TRUNCATE_EXISTING);
            Files.write(input, ServiceFixture.observations(3, 50), StandardOpenOption.APPEND);
            await("the stream to stop", () -> service.failure() != null);
            assertTrue(service.failure().contains("was truncated") && service.failure().contains("log rotation"),
                    service.failure());
            assertEquals(300, service.latest().observations(), "nothing of the new file was misread");
            assertEquals(503, ServiceFixture.get(service, "/healthz").statusCode());
        } finally {
            service.stop();
        }
    }

    @Test
    void aFollowedFileRenamedAwayStopsTheStream() throws Exception {
        Path input = ServiceFixture.write(dir.resolve("feed.txt"), ServiceFixture.observations(2, 300));
        VistreamService service = VistreamService.start(ServiceFixture.config(input.toString(), "svb", 100, 100, null,
                null, true), ServiceFixture.LOG_WRITER);
        try {
            await("the file", () -> service.latest() != null && service.latest().observations() == 300);
            Files.move(input, dir.resolve("feed.txt.1"));
            ServiceFixture.write(input, ServiceFixture.observations(3, 50));
            await("the stream to stop", () -> service.failure() != null);
            assertTrue(service.failure().contains("was replaced by another file"), service.failure());
        } finally {
            service.stop();
        }
    }

    @Test
    void aCheckpointPositionBeforeTheStartOrPastTheEndIsRefused() throws Exception {
        Path input = ServiceFixture.write(dir.resolve("feed.txt"), ServiceFixture.observations(2, 300));
        Path checkpoint = dir.resolve("state.json");
        runUntil(input, checkpoint, 300);
        ObjectMapper json = new ObjectMapper();
        ObjectNode saved = (ObjectNode) json.readTree(checkpoint.toFile());
        saved.put("line", -5);
        json.writeValue(checkpoint.toFile(), saved);
        String negative = refused(2, serve(input, checkpoint));
        assertTrue(negative.contains("line -5"), negative);
        saved.put("line", 5000);
        json.writeValue(checkpoint.toFile(), saved);
        String past = refused(2, serve(input, checkpoint));
        assertTrue(past.contains("line 5000") && past.contains("has only 300 lines"), past);
    }

    @Test
    void aCheckpointInAMissingDirectoryIsRefusedAtStart() {
        Path input = dir.resolve("in.txt");
        String said = refused(2, serve(input, dir.resolve("no/such/dir/state.json")));
        assertTrue(said.contains("no/such/dir") && said.contains("does not exist"), said);
    }

    @Test
    void failingCheckpointsMakeHealthDownAndAreCounted() throws Exception {
        Path input = ServiceFixture.write(dir.resolve("in.txt"), ServiceFixture.observations(1, 300));
        Path states = Files.createDirectory(dir.resolve("states"));
        Path checkpoint = states.resolve("state.json");
        VistreamService service = VistreamService.start(ServiceFixture.config(input.toString(), "svb", 100, 100, null,
                checkpoint.toString(), true), ServiceFixture.LOG_WRITER);
        try {
            await("the first checkpoint", () -> Files.exists(checkpoint));
            assertEquals(200, ServiceFixture.get(service, "/healthz").statusCode());
            Files.delete(checkpoint);
            Files.delete(states);
            Files.write(input, ServiceFixture.observations(2, 100), StandardOpenOption.APPEND);
            await("health to say the checkpoint fails", () -> health(service).statusCode() == 503);
            String body = health(service).body();
            assertTrue(body.contains("checkpoint") && body.contains(checkpoint.toString()), body);
            assertTrue(counted(service) >= 1, "failures are counted");
            Files.createDirectory(states);
            await("health to recover", () -> health(service).statusCode() == 200);
            assertTrue(Files.exists(checkpoint));
        } finally {
            service.stop();
        }
    }

    @Test
    void staleTemporaryCheckpointFilesAreRemovedAtStart() throws Exception {
        Path input = ServiceFixture.write(dir.resolve("in.txt"), ServiceFixture.observations(1, 30));
        Path checkpoint = dir.resolve("state.json");
        Path stale = Files.writeString(dir.resolve("state.json.123456789.tmp"), "{\"half\":");
        Path unrelated = Files.writeString(dir.resolve("other.json.1.tmp"), "keep");
        runUntil(input, checkpoint, 30);
        assertFalse(Files.exists(stale), "a kill's leftover is cleaned");
        assertTrue(Files.exists(unrelated), "what is not ours stays");
    }

    private static java.net.http.HttpResponse<String> health(VistreamService service) {
        try {
            return ServiceFixture.get(service, "/healthz");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static double counted(VistreamService service) throws Exception {
        String metrics = ServiceFixture.get(service, "/metrics").body();
        return metrics.lines().filter(l -> l.startsWith("vistream_checkpoint_failures_total"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}
