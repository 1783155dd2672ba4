package vistream.app.serve;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

import io.netty.util.NetUtil;

/**
 * The limits and policies of the HTTP server: how long a connection may wait and a request may take to arrive,
 * how large its parts may be, and which {@code Host} and {@code Origin} headers it may carry.
 *
 * @param idleTimeout        how long a connection may wait for a request's head to arrive in full: its first, or
 *                           the next once a response is sent; then it is closed. A head that trickles in a byte at a
 *                           time counts as waiting. It does not run while a response is being sent, so a stream of
 *                           server-sent events stays open for as long as the client reads it
 * @param requestReadTimeout how long a request's body may take to arrive, from the end of its head to its last byte;
 *                           then it gets 408 and its connection is closed, so a client that trickles its body cannot
 *                           hold a connection forever
 * @param maxUrlLength       the longest request target (path and query), in bytes; a longer one gets 414
 * @param maxHeaderSize      the most bytes of all header lines of a request together; more gets 431
 * @param maxBodyBytes       the largest request body; a larger one gets 413 as soon as its {@code Content-Length}
 *                           or the bytes read so far show it, and its connection is closed without reading the rest
 * @param allowedHosts       the host names (without port) a request's {@code Host} header may name, lower case;
 *                           {@code *} allows any; {@link #hostsOf(String)} gives those of a bind address. Another
 *                           name gets 421, which keeps a DNS-rebinding page (one whose name the attacker points at
 *                           this address) from reading or posting
 * @param allowedOrigins     origins (such as {@code https://grafana.example.com}) besides the service's own that
 *                           may post; {@code *} allows any. A post whose {@code Origin} is another gets 403, which
 *                           keeps other web pages open in the operator's browser from feeding the stream. A post
 *                           without {@code Origin} (curl, scripts) is not a browser's and is served
 */
public record HttpPolicy(Duration idleTimeout, Duration requestReadTimeout, int maxUrlLength, int maxHeaderSize,
        int maxBodyBytes, Set<String> allowedHosts, Set<String> allowedOrigins) {

    /** Any host or any origin. */
    public static final String ANY = "*";
    /** Default of {@link #idleTimeout()}: a browser reuses a connection within this, and a forgotten one goes. */
    public static final Duration IDLE_TIMEOUT = Duration.ofSeconds(60);
    /** Default of {@link #requestReadTimeout()}: a 1 MiB body at 35 kB/s, far slower than any real client. */
    public static final Duration REQUEST_READ_TIMEOUT = Duration.ofSeconds(30);
    /** Default of {@link #maxUrlLength()}: every URL of the API is far shorter. */
    public static final int MAX_URL_LENGTH = 4096;
    /** Default of {@link #maxHeaderSize()}: what browsers and most servers keep under. */
    public static final int MAX_HEADER_SIZE = 8192;
    /** Names of the loopback interface, allowed whenever the service listens on it. */
    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "::1");

    /**
     * Checks the limits and puts the names in the form the checks compare.
     *
     * @throws IllegalArgumentException for a timeout or a size that is not positive
     */
    public HttpPolicy {
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("the idle timeout must be positive, not " + idleTimeout);
        }
        if (requestReadTimeout.isNegative() || requestReadTimeout.isZero()) {
            throw new IllegalArgumentException("the request read timeout must be positive, not " + requestReadTimeout);
        }
        positive("URL length limit", maxUrlLength);
        positive("header size limit", maxHeaderSize);
        positive("body size limit", maxBodyBytes);
        allowedHosts = normalised(allowedHosts, HttpPolicy::hostName);
        allowedOrigins = normalised(allowedOrigins, origin -> origin.strip().toLowerCase(Locale.ROOT));
    }

    /**
     * The default policy of a service listening on {@code bind}: the default timeouts and sizes, and the hosts
     * {@link #hostsOf(String)} allows.
     *
     * @param bind         the address the server listens on
     * @param maxBodyBytes the largest request body
     * @return the policy
     */
    public static HttpPolicy defaults(String bind, int maxBodyBytes) {
        return new HttpPolicy(IDLE_TIMEOUT, REQUEST_READ_TIMEOUT, MAX_URL_LENGTH, MAX_HEADER_SIZE, maxBodyBytes,
                hostsOf(bind), Set.of());
    }

    /**
     * The {@code Host} names a service listening on {@code bind} answers by default: any when it listens on every
     * interface (0.0.0.0 or ::), since it cannot know the names it is reached by; else the bind address itself,
     * and the names of the loopback interface when that is where it listens.
     *
     * @param bind the address the server listens on: an IP address or a host name
     * @return the names, lower case
     */
    public static Set<String> hostsOf(String bind) {
        String name = hostName(bind);
        byte[] address = NetUtil.createByteArrayFromIpAddressString(name);
        if (address != null && isWildcard(address)) {
            return Set.of(ANY);
        }
        Set<String> hosts = new TreeSet<>(Set.of(name));
        if (name.equals("localhost") || address != null && loopback(address)) {
            hosts.addAll(LOOPBACK);
        }
        return Set.copyOf(hosts);
    }

    /** Whether {@code host}, a {@code Host} header's value with or without port, is one the service answers. */
    boolean allowsHost(String host) {
        return allowedHosts.contains(ANY) || host != null && allowedHosts.contains(hostName(withoutPort(host)));
    }

    /** Whether an origin other than the service's own, lower case, may post. */
    boolean allowsForeignOrigin(String origin) {
        return allowedOrigins.contains(ANY) || allowedOrigins.contains(origin);
    }

    /**
     * A host name as the checks compare it: lower case, without brackets or a trailing dot, and an IP address in
     * its canonical text (so {@code 0:0:0:0:0:0:0:1} is {@code ::1}).
     */
    static String hostName(String host) {
        String name = host.strip().toLowerCase(Locale.ROOT);
        if (name.startsWith("[") && name.endsWith("]")) {
            name = name.substring(1, name.length() - 1);
        }
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        byte[] address = NetUtil.createByteArrayFromIpAddressString(name);
        return address == null ? name : NetUtil.bytesToIpAddress(address);
    }

    /** A {@code Host} header without its port: {@code [::1]:8080} → {@code [::1]}, {@code a:80} → {@code a}. */
    static String withoutPort(String host) {
        int colon = host.lastIndexOf(':');
        boolean bracketed = host.startsWith("[");
        if (colon < 0 || bracketed && colon < host.lastIndexOf(']') || !bracketed && host.indexOf(':') != colon) {
            return host;
        }
        return host.substring(0, colon);
    }

    private static void positive(String limit, int bytes) {
        if (bytes <= 0) {
            throw new IllegalArgumentException("the " + limit + " must be a positive number of bytes, not " + bytes);
        }
    }

    private static boolean isWildcard(byte[] address) {
        for (byte b : address) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean loopback(byte[] address) {
        try {
            return InetAddress.getByAddress(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new IllegalStateException("an address of " + address.length + " bytes", e);
        }
    }

    private static Set<String> normalised(Set<String> names, UnaryOperator<String> form) {
        Set<String> out = new TreeSet<>();
        for (String name : names) {
            out.add(name.strip().equals(ANY) ? ANY : form.apply(name));
        }
        return Set.copyOf(out);
    }
}
