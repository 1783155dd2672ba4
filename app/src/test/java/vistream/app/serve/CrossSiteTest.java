package vistream.app.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Other web pages open in the operator's browser can neither post observations (cross-site request forgery) nor
 * read the service under a name of theirs (DNS rebinding), while curl and the dashboard work as before.
 */
class CrossSiteTest {

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
    void refusesAPostFromAnotherSite() throws Exception {
        long before = server.service.latest().observations();
        RawHttp.Response forged = post("Origin: http://evil.example\r\nContent-Type: text/plain\r\n", "9\n");
        assertEquals(403, forged.status());
        assertEquals("the origin http://evil.example may not post here",
                JSON.readTree(forged.body()).get("error").asText());
        assertEquals(403, post("Origin: null\r\n", "9\n").status(), "a page that hides its origin");
        assertEquals(403, post("Origin: http://127.0.0.1:1\r\n", "9\n").status(), "another port is another site");

        assertEquals(200, post("Content-Type: application/x-www-form-urlencoded\r\n", "1\n").status(),
                "curl --data-binary: no Origin, its default content type");
        assertEquals(200, post("Origin: http://" + server.host() + "\r\n", "1\n").status(), "the service's own page");
        assertEquals(200, post("Origin: " + PolicyServer.FRIEND + "\r\nContent-Type: application/x-ndjson\r\n", "1\n")
                .status(), "an allowed origin");
        ServiceFixture.await("the three allowed posts", () -> server.service.latest().observations() == before + 3);
        assertEquals(before + 3, server.service.latest().observations(), "none of the refused posts got in");
    }

    @Test
    void refusesAHostThatIsNotTheService() throws Exception {
        try (RawHttp connection = server.connect()) {
            connection.send("GET /api/model HTTP/1.1\r\nHost: rebound.example:" + server.port() + "\r\n\r\n");
            RawHttp.Response response = connection.read();
            assertEquals(421, response.status());
            assertEquals("this service does not answer to the host rebound.example:" + server.port(),
                    JSON.readTree(response.body()).get("error").asText());
        }
        for (String host : new String[] {server.host(), "localhost:" + server.port(), "LOCALHOST", "[::1]:80"}) {
            try (RawHttp connection = server.connect()) {
                connection.send("GET /api/model HTTP/1.1\r\nHost: " + host + "\r\n\r\n");
                assertEquals(200, connection.read().status(), host);
            }
        }
    }

    @Test
    void servesTheDashboardToItsOwnPage() throws Exception {
        try (RawHttp connection = server.connect()) {
            connection.send("GET / HTTP/1.1\r\nHost: " + server.host() + "\r\n\r\n");
            RawHttp.Response page = connection.read();
            assertEquals(200, page.status());
            assertTrue(page.body().contains("dashboard.js"), "the page");
        }
        for (String path : new String[] {"/dashboard.js", "/api/model", "/api/history", "/api/histogram"}) {
            try (RawHttp connection = server.connect()) {
                connection.send("GET " + path + " HTTP/1.1\r\nHost: " + server.host() + "\r\nReferer: http://"
                        + server.host() + "/\r\nSec-Fetch-Site: same-origin\r\n\r\n");
                assertEquals(200, connection.read().status(), path);
            }
        }
    }

    @Test
    void answersAnyHostWhenListeningOnEveryInterface(@TempDir Path other) throws Exception {
        try (PolicyServer open = PolicyServer.start(other, HttpPolicy.hostsOf("0.0.0.0"));
                RawHttp connection = open.connect()) {
            connection.send("GET /healthz HTTP/1.1\r\nHost: vistream.internal:8080\r\n\r\n");
            assertEquals(200, connection.read().status());
        }
    }

    @Test
    void servesTheHostsAndOriginsTheSettingsAllow(@TempDir Path other) throws Exception {
        Path input = ServiceFixture.write(other.resolve("in.txt"), ServiceFixture.observations(1, 10));
        ServiceConfig base = ServiceFixture.config(input.toString(), "svb", 5, 100, null, null, null);
        ServiceConfig config = ServiceConfig.of(java.util.Map.of("http",
                new HttpSettings(null, null, null, null, List.of("vistream.internal"), List.of("https://grafana.internal"))))
                .over(base);
        VistreamService service = VistreamService.start(config, ServiceFixture.LOG_WRITER);
        try (RawHttp named = new RawHttp(service.port()); RawHttp loopback = new RawHttp(service.port());
                RawHttp posted = new RawHttp(service.port())) {
            named.send("GET /healthz HTTP/1.1\r\nHost: vistream.internal:8080\r\n\r\n");
            assertEquals(200, named.read().status(), "a configured name is served");
            loopback.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            assertEquals(421, loopback.read().status(), "the configured list replaces the default one");
            posted.send("POST /api/observations HTTP/1.1\r\nHost: vistream.internal\r\nOrigin: https://grafana.internal"
                    + "\r\nContent-Length: 4\r\n\r\n1.5\n");
            assertEquals(200, posted.read().status(), "a configured origin may post");
        } finally {
            service.stop();
        }
    }

    private static RawHttp.Response post(String headers, String body) throws Exception {
        try (RawHttp connection = server.connect()) {
            connection.send("POST /api/observations HTTP/1.1\r\nHost: " + server.host() + "\r\n" + headers
                    + "Content-Length: " + body.length() + "\r\n\r\n" + body);
            return connection.read();
        }
    }
}
