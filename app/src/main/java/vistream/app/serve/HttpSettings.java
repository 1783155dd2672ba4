package vistream.app.serve;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import vistream.app.config.UserError;

/**
 * The HTTP server's limits and policies as settings ({@code http:} in a configuration file, or the
 * flags of the same names), each null when not given; {@link #policy} fills them from
 * {@link HttpPolicy}'s defaults.
 *
 * @param idleTimeoutSeconds        how long a connection may wait for a request's head (default 60)
 * @param requestReadTimeoutSeconds how long a request's body may take to arrive (default 30)
 * @param maxUrlLength              the longest URL, in bytes; longer gets 414 (default 4096)
 * @param maxHeaderSize             the most bytes of headers; more gets 431 (default 8192)
 * @param allowedHosts              the names a {@code Host} header may give, {@code *} for any (default: the
 *                                  bind address, with the loopback names when it is loopback; any for 0.0.0.0)
 * @param allowedOrigins            web origins besides the service's own that may post, {@code *} for any
 *                                  (default: none)
 */
public record HttpSettings(Double idleTimeoutSeconds, Double requestReadTimeoutSeconds, Integer maxUrlLength,
        Integer maxHeaderSize, List<String> allowedHosts, List<String> allowedOrigins) {

    /**
     * Returns these settings with every null filled from {@code base}.
     *
     * @param base settings of lower precedence, or null
     * @return the layered settings
     */
    public HttpSettings over(HttpSettings base) {
        if (base == null) {
            return this;
        }
        return new HttpSettings(or(idleTimeoutSeconds, base.idleTimeoutSeconds),
                or(requestReadTimeoutSeconds, base.requestReadTimeoutSeconds), or(maxUrlLength, base.maxUrlLength),
                or(maxHeaderSize, base.maxHeaderSize), or(allowedHosts, base.allowedHosts),
                or(allowedOrigins, base.allowedOrigins));
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }

    /**
     * The policy of a server on {@code bind}: these settings over {@link HttpPolicy#defaults}.
     *
     * @param settings     the settings, or null for the defaults
     * @param bind         the address the server listens on
     * @param maxBodyBytes the largest request body
     * @return the policy
     * @throws UserError naming a setting out of range
     */
    public static HttpPolicy policy(HttpSettings settings, String bind, int maxBodyBytes) {
        if (maxBodyBytes < 1) {
            throw new UserError("max-body must be at least 1 byte, got " + maxBodyBytes);
        }
        HttpPolicy d = HttpPolicy.defaults(bind, maxBodyBytes);
        if (settings == null) {
            return d;
        }
        return new HttpPolicy(seconds("idle-timeout", settings.idleTimeoutSeconds, d.idleTimeout()),
                seconds("request-read-timeout", settings.requestReadTimeoutSeconds, d.requestReadTimeout()),
                size("max-url-length", settings.maxUrlLength, d.maxUrlLength()),
                size("max-header-size", settings.maxHeaderSize, d.maxHeaderSize()), maxBodyBytes,
                settings.allowedHosts == null ? d.allowedHosts() : Set.copyOf(settings.allowedHosts),
                settings.allowedOrigins == null ? d.allowedOrigins() : Set.copyOf(settings.allowedOrigins));
    }

    private static Duration seconds(String name, Double value, Duration fallback) {
        if (value == null) {
            return fallback;
        }
        if (!(value > 0) || value > 86_400) {
            throw new UserError(name + " must be above 0 and at most 86400 seconds, got " + value);
        }
        return Duration.ofMillis(Math.max(1, Math.round(value * 1000)));
    }

    private static int size(String name, Integer value, int fallback) {
        if (value == null) {
            return fallback;
        }
        if (value < 1) {
            throw new UserError(name + " must be at least 1 byte, got " + value);
        }
        return value;
    }
}
