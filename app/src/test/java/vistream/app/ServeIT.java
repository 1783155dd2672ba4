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
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar vistream.jar serve} as a real process: it starts, serves, and on SIGTERM stops
 * cleanly, finishing the batch in flight and writing the checkpoint and the dead-letter file.
 */
class ServeIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void sigtermStopsCleanlyAndWritesTheCheckpoint() throws Exception {
        Path input = dir.resolve("feed.txt");
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 1234; i++) {
            lines.add(Double.toString((i % 2 == 0 ? -3 : 3) + Math.sin(i)));
        }
        lines.add("oops");
        Files.write(input, lines);
        Path checkpoint = dir.resolve("state.json");
        Path rejects = dir.resolve("rejects.jsonl");
        Path root = Path.of("..").toAbsolutePath().normalize();
        Process serve = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                "app/target/vistream.jar", "serve", "--input", input.toString(), "--follow", "--k", "2", "--port", "0",
                "--batch-size", "500", "--max-delay", "60000", "--checkpoint", checkpoint.toString(),
                "--checkpoint-interval", "3600", "--rejects", rejects.toString())
                .directory(root.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        BufferedReader err = new BufferedReader(new InputStreamReader(serve.getErrorStream(), StandardCharsets.UTF_8));
        Pattern listening = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)/");
        Matcher port = null;
        List<String> said = new ArrayList<>();
        for (String line = err.readLine(); line != null && said.size() < 50; line = err.readLine()) {
            said.add(line);
            Matcher m = listening.matcher(line);
            if (m.find()) {
                port = m;
                break;
            }
        }
        assertTrue(port != null, "the service says where it listens: " + said);
        URI model = URI.create("http://127.0.0.1:" + port.group(1) + "/api/model");
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        long observations = 0;
        while (observations < 1000 && System.nanoTime() < deadline) {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(model).build(), HttpResponse.BodyHandlers.ofString());
            observations = r.statusCode() == 200 ? JSON.readTree(r.body()).get("snapshot").get("observations").asLong() : 0;
            Thread.sleep(50);
        }
        assertEquals(1000, observations, "two full batches absorbed; 234 wait in the open batch");

        serve.destroy(); // SIGTERM
        assertTrue(serve.waitFor(30, TimeUnit.SECONDS), "the service stops on SIGTERM");
        JsonNode saved = JSON.readTree(Files.readString(checkpoint));
        assertEquals(1234, saved.get("snapshot").get("observations").asLong(), "the batch in flight was finished");
        assertEquals(1, saved.get("snapshot").get("rejected").asLong());
        assertEquals(1235, saved.get("line").asLong(), "the checkpoint covers every line of the file");
        List<String> dead = Files.readAllLines(rejects);
        assertEquals(1, dead.size());
        assertEquals("oops", JSON.readTree(dead.get(0)).get("content").asText());
    }
}
