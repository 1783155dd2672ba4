package vistream.app.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** Which hosts a bind address allows, how Host headers compare, and limits that cannot work. */
class HttpPolicyTest {

    @Test
    void allowsTheHostsOfTheBindAddress() {
        assertEquals(Set.of("*"), HttpPolicy.hostsOf("0.0.0.0"), "every interface: any name may reach it");
        assertEquals(Set.of("*"), HttpPolicy.hostsOf("::"));
        assertEquals(Set.of("*"), HttpPolicy.hostsOf("[::]"));
        assertEquals(Set.of("localhost", "127.0.0.1", "::1"), HttpPolicy.hostsOf("127.0.0.1"));
        assertEquals(Set.of("localhost", "127.0.0.1", "::1"), HttpPolicy.hostsOf("localhost"));
        assertEquals(Set.of("localhost", "127.0.0.1", "::1", "127.0.0.2"), HttpPolicy.hostsOf("127.0.0.2"));
        assertEquals(Set.of("localhost", "127.0.0.1", "::1"), HttpPolicy.hostsOf("0:0:0:0:0:0:0:1"));
        assertEquals(Set.of("10.1.2.3"), HttpPolicy.hostsOf("10.1.2.3"));
        assertEquals(Set.of("vistream.example"), HttpPolicy.hostsOf("Vistream.Example."));
    }

    @Test
    void comparesHostHeadersWithoutPortCaseOrBrackets() {
        HttpPolicy loopback = HttpPolicy.defaults("127.0.0.1", 1024);
        for (String host : new String[] {"127.0.0.1", "127.0.0.1:8080", "localhost", "LocalHost:80", "localhost.",
            "[::1]", "[::1]:8080", "[0:0:0:0:0:0:0:1]:8080"}) {
            assertTrue(loopback.allowsHost(host), host);
        }
        for (String host : new String[] {"evil.example", "evil.example:8080", "127.0.0.1.evil.example", "[::2]:80",
            "localhost.evil.example", ""}) {
            assertFalse(loopback.allowsHost(host), host);
        }
        assertFalse(loopback.allowsHost(null), "no Host header");
        assertTrue(HttpPolicy.defaults("0.0.0.0", 1024).allowsHost("anything.example:1"));
        assertTrue(HttpPolicy.defaults("0.0.0.0", 1024).allowsHost(null));
    }

    @Test
    void allowsForeignOriginsByList() {
        HttpPolicy policy = new HttpPolicy(HttpPolicy.IDLE_TIMEOUT, HttpPolicy.REQUEST_READ_TIMEOUT, 100, 100, 100,
                Set.of("*"), Set.of("https://Grafana.example "));
        assertTrue(policy.allowsForeignOrigin("https://grafana.example"));
        assertFalse(policy.allowsForeignOrigin("http://grafana.example"));
        assertFalse(HttpPolicy.defaults("0.0.0.0", 1).allowsForeignOrigin("https://grafana.example"));
    }

    @Test
    void refusesLimitsThatCannotWork() {
        assertThrows(IllegalArgumentException.class, () -> new HttpPolicy(Duration.ZERO,
                HttpPolicy.REQUEST_READ_TIMEOUT, 1, 1, 1, Set.of(), Set.of()));
        assertThrows(IllegalArgumentException.class, () -> new HttpPolicy(HttpPolicy.IDLE_TIMEOUT,
                Duration.ofSeconds(-1), 1, 1, 1, Set.of(), Set.of()));
        assertThrows(IllegalArgumentException.class, () -> new HttpPolicy(HttpPolicy.IDLE_TIMEOUT,
                HttpPolicy.REQUEST_READ_TIMEOUT, 0, 1, 1, Set.of(), Set.of()));
        assertEquals("the body size limit must be a positive number of bytes, not 0",
                assertThrows(IllegalArgumentException.class, () -> HttpPolicy.defaults("127.0.0.1", 0)).getMessage(),
                "what `serve --max-body 0` says");
    }
}
