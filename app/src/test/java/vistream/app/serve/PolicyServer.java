package vistream.app.serve;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import reactor.netty.DisposableServer;

/**
 * A service on a small file, with a second HTTP server in front of it that applies a test's {@link HttpPolicy}:
 * timeouts short enough for a test, and small limits.
 */
final class PolicyServer implements AutoCloseable {

    /** The test policy's idle timeout. */
    static final Duration IDLE = Duration.ofMillis(200);
    /** The test policy's request read timeout. */
    static final Duration READ = Duration.ofMillis(300);
    /** The test policy's limits. */
    static final int MAX_URL = 256;
    static final int MAX_HEADERS = 1024;
    static final int MAX_BODY = 4096;
    /** An origin besides the service's own that the test policy lets post. */
    static final String FRIEND = "https://dashboard.example";

    final VistreamService service;
    private final DisposableServer server;

    private PolicyServer(VistreamService service, DisposableServer server) {
        this.service = service;
        this.server = server;
    }

    /** Starts a service on 300 observations in {@code dir} and a server on loopback with the test policy. */
    static PolicyServer start(Path dir) throws Exception {
        return start(dir, HttpPolicy.hostsOf("127.0.0.1"));
    }

    /** The same, with the given allowed hosts. */
    static PolicyServer start(Path dir, Set<String> hosts) throws Exception {
        Path input = ServiceFixture.write(dir.resolve("input.txt"), ServiceFixture.observations(3, 300));
        VistreamService service = VistreamService.start(ServiceFixture.config(input.toString(), "svb", 100, 100, null,
                null, null), ServiceFixture.LOG_WRITER);
        try {
            ServiceFixture.await("the file", () -> service.latest() != null && service.latest().observations() == 300);
            HttpPolicy policy = new HttpPolicy(IDLE, READ, MAX_URL, MAX_HEADERS, MAX_BODY, hosts, Set.of(FRIEND));
            return new PolicyServer(service, new HttpApi(service.readings(),
                    policy).bind("127.0.0.1", 0));
        } catch (Exception | Error e) {
            service.stop();
            throw e;
        }
    }

    int port() {
        return server.port();
    }

    /** A raw connection to the server. */
    RawHttp connect() throws Exception {
        return new RawHttp(port());
    }

    /** The {@code Host} header a browser sends to this server. */
    String host() {
        return "127.0.0.1:" + port();
    }

    @Override
    public void close() {
        server.disposeNow(Duration.ofSeconds(5));
        service.stop();
    }
}
