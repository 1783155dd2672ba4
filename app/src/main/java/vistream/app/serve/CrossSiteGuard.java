package vistream.app.serve;

import java.util.Locale;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * Keeps the web pages open in the operator's browser out of the service.
 * <ul>
 *   <li>DNS rebinding: a page of the attacker's name, pointed at this address once loaded, could read and post as
 *       if it were the service's own. The browser still sends the attacker's name in {@code Host}, so a name the
 *       policy does not allow gets 421 Misdirected Request.</li>
 *   <li>Cross-site request forgery: any page can make the browser post a form or a {@code text/plain} body to the
 *       service. The browser says which page asks in {@code Origin}, so a post from an origin other than the
 *       service's own (or one the policy allows) gets 403. Without {@code Origin} the post is not a browser's
 *       (curl, a script) and goes on, whatever its content type.</li>
 * </ul>
 * Reads need no origin check: the browser shows a page of another origin nothing of what it reads here.
 */
final class CrossSiteGuard {

    /**
     * Why a request is refused.
     *
     * @param status the status it gets
     * @param reason one line that says why
     */
    record Refusal(HttpResponseStatus status, String reason) {
    }

    private final HttpPolicy policy;

    CrossSiteGuard(HttpPolicy policy) {
        this.policy = policy;
    }

    /** Why a request with this method and these headers is refused, or null if it is not. */
    Refusal refusal(HttpMethod method, HttpHeaders headers) {
        String host = headers.get(HttpHeaderNames.HOST);
        if (!policy.allowsHost(host)) {
            return new Refusal(HttpResponseStatus.MISDIRECTED_REQUEST, host == null ? "the request names no host"
                    : "this service does not answer to the host " + host);
        }
        String origin = headers.get(HttpHeaderNames.ORIGIN);
        if (origin == null || method.equals(HttpMethod.GET) || method.equals(HttpMethod.HEAD)) {
            return null;
        }
        String lower = origin.strip().toLowerCase(Locale.ROOT);
        boolean own = host != null && (lower.equals("http://" + host.strip().toLowerCase(Locale.ROOT))
                || lower.equals("https://" + host.strip().toLowerCase(Locale.ROOT)));
        if (own || policy.allowsForeignOrigin(lower)) {
            return null;
        }
        return new Refusal(HttpResponseStatus.FORBIDDEN, "the origin " + origin + " may not post here");
    }
}
