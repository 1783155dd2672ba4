package vistream.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar vistream.jar serve} as a real process: it starts, serves, and on SIGTERM or
 * SIGINT stops cleanly, finishing the batch in flight, applying every acknowledged observation,
 * writing the checkpoint and the dead-letter file, and exiting with status 0.
 */
class ServeIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** A {@code serve} process and the port it said it listens on. */
    private record Serve(Process process, int port, BufferedReader err) {
    }

    private static Serve serve(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", "app/target/vistream.jar", "serve", "--port", "0"));
        command.addAll(List.of(args));
        Path root = Path.of("..").toAbsolutePath().normalize();
        Process process = new ProcessBuilder(command).directory(root.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
        Pattern listening = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)/");
        List<String> said = new ArrayList<>();
        for (String line = err.readLine(); line != null && said.size() < 50; line = err.readLine()) {
            said.add(line);
            Matcher m = listening.matcher(line);
            if (m.find()) {
                return new Serve(process, Integer.parseInt(m.group(1)), err);
            }
        }
        process.destroyForcibly();
        throw new AssertionError("the service says where it listens: " + said);
    }

    @Test
    void sigtermStopsCleanlyWritesTheCheckpointAndExitsZero() throws Exception {
        Path input = dir.resolve("feed.txt");
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 1234; i++) {
            lines.add(Double.toString((i % 2 == 0 ? -3 : 3) + Math.sin(i)));
        }
        lines.add("oops");
        Files.write(input, lines);
        Path checkpoint = dir.resolve("state.json");
        Path rejects = dir.resolve("rejects.jsonl");
        Serve serve = serve("--input", input.toString(), "--follow", "--k", "2", "--batch-size", "500",
                "--max-delay", "60000", "--checkpoint", checkpoint.toString(), "--checkpoint-interval", "3600",
                "--rejects", rejects.toString());
        URI model = URI.create("http://127.0.0.1:" + serve.port() + "/api/model");
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        long observations = 0;
        while (observations < 1000 && System.nanoTime() < deadline) {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(model).build(), HttpResponse.BodyHandlers.ofString());
            observations = r.statusCode() == 200 ? JSON.readTree(r.body()).get("snapshot").get("observations").asLong() : 0;
            Thread.sleep(50);
        }
        assertEquals(1000, observations, "two full batches absorbed; 234 wait in the open batch");

        serve.process().destroy(); // SIGTERM
        assertTrue(serve.process().waitFor(30, TimeUnit.SECONDS), "the service stops on SIGTERM");
        assertEquals(0, serve.process().exitValue(), "a clean stop exits 0");
        JsonNode saved = JSON.readTree(Files.readString(checkpoint));
        assertEquals(1234, saved.get("snapshot").get("observations").asLong(), "the batch in flight was finished");
        assertEquals(1, saved.get("snapshot").get("rejected").asLong());
        assertEquals(1235, saved.get("line").asLong(), "the checkpoint covers every line of the file");
        List<String> dead = Files.readAllLines(rejects);
        assertEquals(1, dead.size());
        assertEquals("oops", JSON.readTree(dead.get(0)).get("content").asText());
    }

    /** The shipped example configuration works as it is, run where the README says (the repository's root). */
    @Test
    void theExampleConfigurationServesAsItIs() throws Exception {
        Path root = Path.of("..").toAbsolutePath().normalize();
        // A copy of the examples, so that its checkpoint and dead letters land in a scratch directory.
        Files.createDirectories(dir.resolve("examples"));
        for (String name : List.of("vistream.yaml", "mixture.txt")) {
            Files.copy(root.resolve("examples").resolve(name), dir.resolve("examples").resolve(name));
        }
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                root.resolve("app/target/vistream.jar").toString(), "serve", "--config", "examples/vistream.yaml",
                "--port", "0");
        Process process = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
        Matcher listening = null;
        for (String line = err.readLine(); line != null; line = err.readLine()) {
            Matcher m = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)/").matcher(line);
            if (m.find()) {
                listening = m;
                break; // a further readLine would wait for a line the running service never writes
            }
        }
        assertTrue(listening != null, "the service started");
        URI model = URI.create("http://127.0.0.1:" + listening.group(1) + "/api/model");
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        long observations = 0;
        while (observations < 2000 && System.nanoTime() < deadline) {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(model).build(), HttpResponse.BodyHandlers.ofString());
            observations = r.statusCode() == 200 ? JSON.readTree(r.body()).get("snapshot").get("observations").asLong() : 0;
            Thread.sleep(50);
        }
        assertEquals(2000, observations, "every observation of examples/mixture.txt");
        process.destroy();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue());
        assertEquals(2000, JSON.readTree(Files.readString(dir.resolve("vistream-state.json"))).get("snapshot")
                .get("observations").asLong(), "the checkpoint lands where the service runs");
    }

    @Test
    void sigintStopsCleanlyAndExitsZero() throws Exception {
        Path checkpoint = dir.resolve("state.json");
        Serve serve = serve("--rate", "5000", "--checkpoint", checkpoint.toString(), "--checkpoint-interval", "3600");
        new ProcessBuilder("kill", "-INT", Long.toString(serve.process().pid())).start().waitFor();
        assertTrue(serve.process().waitFor(30, TimeUnit.SECONDS), "the service stops on SIGINT");
        assertEquals(0, serve.process().exitValue(), "a clean stop exits 0");
        assertTrue(Files.exists(checkpoint), "the checkpoint was written on the way out");
    }

    /**
     * Eight clients post 2,000-line bodies as fast as the service takes them, and SIGTERM arrives
     * while they do: every observation a reply acknowledged is in the final checkpoint, none more.
     */
    @Test
    void everyAcknowledgedObservationIsInTheCheckpointAfterSigtermUnderLoad() throws Exception {
        Path input = dir.resolve("empty.txt");
        Files.write(input, new byte[0]);
        Path checkpoint = dir.resolve("state.json");
        Serve serve = serve("--input", input.toString(), "--follow", "--k", "2", "--checkpoint", checkpoint.toString(),
                "--checkpoint-interval", "3600");
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 2000; i++) {
            body.append((i % 2 == 0 ? -3 : 3) + Math.sin(i)).append('\n');
        }
        URI ingest = URI.create("http://127.0.0.1:" + serve.port() + "/api/observations");
        HttpClient client = HttpClient.newHttpClient();
        AtomicBoolean stopping = new AtomicBoolean();
        ExecutorService clients = Executors.newFixedThreadPool(8);
        List<Future<Long>> acknowledged = new ArrayList<>();
        for (int c = 0; c < 8; c++) {
            acknowledged.add(clients.submit(() -> {
                long accepted = 0;
                while (!stopping.get()) {
                    HttpResponse<String> r;
                    try {
                        r = client.send(HttpRequest.newBuilder(ingest).header("Content-Type", "application/x-ndjson")
                                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                                HttpResponse.BodyHandlers.ofString());
                    } catch (java.io.IOException closed) {
                        return accepted; // the server went away: nothing more was acknowledged
                    }
                    if (r.body().startsWith("{")) {
                        accepted += JSON.readTree(r.body()).path("accepted").asLong();
                    }
                }
                return accepted;
            }));
        }
        Thread.sleep(2500);
        serve.process().destroy(); // SIGTERM while the clients post
        assertTrue(serve.process().waitFor(30, TimeUnit.SECONDS), "the service stops on SIGTERM");
        stopping.set(true);
        long sum = 0;
        for (Future<Long> f : acknowledged) {
            sum += f.get(30, TimeUnit.SECONDS);
        }
        clients.shutdown();
        assertTrue(sum > 0, "the clients were acknowledged some observations");
        JsonNode saved = JSON.readTree(Files.readString(checkpoint));
        assertEquals(sum, saved.get("snapshot").get("observations").asLong(),
                "every acknowledged observation, and nothing else, is in the final checkpoint");
        assertEquals(0, serve.process().exitValue(), "a clean stop exits 0");
    }
}
