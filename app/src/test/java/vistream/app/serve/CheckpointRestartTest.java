package vistream.app.serve;

import vistream.app.config.ModelSpec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vistream.app.serve.ServiceFixture.await;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;

import vistream.app.Main;
import vistream.app.config.UserError;
import vistream.app.source.TextSource;
import vistream.streaming.PosteriorSnapshot;
import vistream.streaming.VariationalStream;

/** Stopping half way through a file and restarting from the checkpoint equals never stopping. */
class CheckpointRestartTest {

    @TempDir
    Path dir;

    @Test
    void aRestartFromTheCheckpointAppliesNoLineTwiceAndSkipsNone() throws Exception {
        List<String> all = ServiceFixture.observations(7, 2000);
        Path input = dir.resolve("feed.txt");
        Path checkpoint = dir.resolve("state.json");
        ServiceFixture.write(input, all.subList(0, 1000));
        // Population VB: its step size depends on the batch counter, which the checkpoint must carry.
        ServiceConfig config = ServiceFixture.config(input.toString(), "pvb", 200, 60_000, null, checkpoint.toString(), true);

        VistreamService first = VistreamService.start(config, ServiceFixture.LOG_WRITER);
        await("the first half", () -> first.latest() != null && first.latest().observations() == 1000);
        Thread.sleep(3 * TextSource.FOLLOW_POLL.toMillis()); // the follower polls the quiet file meanwhile
        assertEquals(null, first.failure(), "the stream is still running");
        first.stop();
        ServiceCheckpoint saved = ServiceCheckpoint.read(checkpoint);
        assertEquals(1000, saved.snapshot().observations());
        assertEquals(1000, saved.line(), "the checkpoint covers line 1000 of the file");
        assertEquals(input.toString(), saved.input());

        Files.write(input, all.subList(1000, 2000), StandardOpenOption.APPEND);
        VistreamService second = VistreamService.start(config, ServiceFixture.LOG_WRITER);
        PosteriorSnapshot last;
        try {
            await("the second half", () -> second.latest() != null && second.latest().observations() == 2000);
            last = second.latest();
            assertEquals(null, second.failure(), "the stream is still running");
        } finally {
            second.stop();
        }

        PosteriorSnapshot uninterrupted = Flux.fromIterable(all).map(s -> new double[] {Double.parseDouble(s)})
                .transform(VariationalStream.of(((ModelSpec.KnownVariance) config.modelSpec()).build(), config.streamOptions().build())).blockLast();
        assertEquals(uninterrupted.observations(), last.observations());
        assertEquals(uninterrupted.seq(), last.seq());
        assertArrayEquals(uninterrupted.checkpoint().posterior(), last.checkpoint().posterior(), 0.0,
                "the same posterior to the last bit");
        assertArrayEquals(uninterrupted.weights(), last.weights(), 0.0);
        assertEquals(uninterrupted.elbo(), last.elbo(), 0.0);
        assertEquals(2000, ServiceCheckpoint.read(checkpoint).snapshot().observations(), "written on shutdown");
    }

    @Test
    void aCorruptCheckpointIsAClearErrorNotAFreshStart() throws Exception {
        Path input = ServiceFixture.write(dir.resolve("in.txt"), ServiceFixture.observations(1, 10));
        Path checkpoint = Files.writeString(dir.resolve("state.json"), "{\"version\":2,\"snapshot\":{\"seq\":");
        ServiceConfig config = ServiceFixture.config(input.toString(), "svb", 5, 100, null, checkpoint.toString(), null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> VistreamService.start(config, ServiceFixture.LOG_WRITER));
        assertTrue(e.getMessage().startsWith("checkpoint " + checkpoint + " is corrupt"), e.getMessage());
        assertTrue(e.getMessage().contains("move it away to start afresh"), e.getMessage());

        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(new String[] {"serve", "--input", input.toString(), "--port", "0", "--checkpoint",
            checkpoint.toString()}, new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(2, status);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("is corrupt"), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aCheckpointOfAnotherFormatVersionIsRefusedByItsVersion() throws Exception {
        Path input = ServiceFixture.write(dir.resolve("in.txt"), ServiceFixture.observations(1, 10));
        Path checkpoint = Files.writeString(dir.resolve("state.json"), "{\"version\":1,\"snapshot\":{}}");
        ServiceConfig config = ServiceFixture.config(input.toString(), "svb", 5, 100, null, checkpoint.toString(), null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> VistreamService.start(config, ServiceFixture.LOG_WRITER));
        assertEquals("checkpoint " + checkpoint + " was written in format version 1; this vistream reads version "
                + ServiceCheckpoint.VERSION + ": move it away to start afresh", e.getMessage());
    }

    @Test
    void aCheckpointOfAnotherInputIsRefused() throws Exception {
        Path a = ServiceFixture.write(dir.resolve("a.txt"), ServiceFixture.observations(1, 20));
        Path b = ServiceFixture.write(dir.resolve("b.txt"), ServiceFixture.observations(2, 20));
        Path checkpoint = dir.resolve("state.json");
        VistreamService service = VistreamService.start(ServiceFixture.config(a.toString(), "svb", 10, 100, null,
                checkpoint.toString(), null), ServiceFixture.LOG_WRITER);
        await("the file", () -> service.latest() != null && service.latest().observations() == 20);
        service.stop();
        UserError e = assertThrows(UserError.class, () -> VistreamService.start(ServiceFixture.config(b.toString(), "svb",
                10, 100, null, checkpoint.toString(), null), ServiceFixture.LOG_WRITER));
        assertTrue(e.getMessage().contains("was taken on input " + a), e.getMessage());
    }
}
