package vistream.app.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Connections that wait or trickle are closed after the policy's timeouts (200 ms idle and 300 ms for a body
 * here), while a stream of server-sent events, silent from the client, stays open.
 */
class HttpTimeoutsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    private static PolicyServer server;

    @BeforeAll
    static void start() throws Exception {
        server = PolicyServer.start(dir);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void closesConnectionsThatSendNothing() throws Exception {
        List<RawHttp> idle = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                idle.add(server.connect());
            }
            for (RawHttp connection : idle) {
                assertTrue(connection.closedByServer(), "an idle connection is closed");
            }
        } finally {
            for (RawHttp connection : idle) {
                connection.close();
            }
        }
    }

    @Test
    void closesAKeptAliveConnectionOnceIdle() throws Exception {
        try (RawHttp connection = server.connect()) {
            connection.send("GET /healthz HTTP/1.1\r\nHost: " + server.host() + "\r\n\r\n");
            assertEquals(200, connection.read().status());
            assertTrue(connection.closedByServer(), "the connection is closed once idle");
        }
    }

    @Test
    void closesAConnectionWhoseHeadTrickles() throws Exception {
        try (RawHttp connection = server.connect()) {
            connection.send("GET /healthz HTTP/1.1\r\nHost: " + server.host() + "\r\nX-Slow: ");
            assertEquals("", trickleUntilClosed(connection), "closed without an answer: no request came");
        }
    }

    @Test
    void answers408ToABodyThatTrickles() throws Exception {
        try (RawHttp connection = server.connect()) {
            connection.send("POST /api/observations HTTP/1.1\r\nHost: " + server.host()
                    + "\r\nContent-Length: 1000\r\n\r\n1\n2\n");
            String answer = trickleUntilClosed(connection);
            assertTrue(answer.startsWith("HTTP/1.1 408 Request Timeout\r\n"), answer);
            assertTrue(answer.endsWith("{\"error\":\"the request did not arrive within 300 ms\"}"), answer);
        }
    }

    @Test
    void keepsAStreamOfEventsOpenWhileTheClientIsSilent() throws Exception {
        try (RawHttp events = server.connect()) {
            events.send("GET /api/snapshots HTTP/1.1\r\nHost: " + server.host() + "\r\n\r\n");
            assertTrue(events.head().startsWith("HTTP/1.1 200"), "the stream starts");
            assertTrue(events.head().contains("\"observations\":300"), "the latest snapshot comes first");
            // Nothing to wait for: the point is that nothing happens while both timeouts pass three times over.
            Thread.sleep(3 * PolicyServer.READ.toMillis());
            try (RawHttp post = server.connect()) {
                post.send("POST /api/observations HTTP/1.1\r\nHost: " + server.host()
                        + "\r\nContent-Length: 4\r\n\r\n1\n2\n");
                assertEquals(200, post.read().status());
            }
            String next = events.head();
            JsonNode snapshot = JSON.readTree(next.substring(next.indexOf("data: ") + 6).strip());
            assertTrue(snapshot.get("observations").asLong() > 300, "the stream still delivers: " + snapshot);
        }
    }

    /**
     * Sends one byte every 50 ms, well within the idle timeout, until the server closes the connection (at most for
     * {@link RawHttp#SILENCE_MILLIS}); returns what it sent.
     */
    private static String trickleUntilClosed(RawHttp connection) throws Exception {
        CompletableFuture<String> answer = CompletableFuture.supplyAsync(() -> {
            try {
                return connection.readToEnd();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        for (int i = 0; i < RawHttp.SILENCE_MILLIS / 50 && !answer.isDone(); i++) {
            try {
                connection.send("a");
            } catch (IOException closed) {
                break;
            }
            Thread.sleep(50);
        }
        return answer.get(RawHttp.SILENCE_MILLIS, TimeUnit.MILLISECONDS);
    }
}
