package vistream.app.serve;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.NettyPipeline;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.HttpServerRoutes;
import vistream.streaming.PosteriorSnapshot;

/**
 * The service's HTTP endpoints, on reactor-netty:
 * <ul>
 *   <li>{@code GET /metrics}: Prometheus text format, or OpenMetrics when the Accept header asks for it;</li>
 *   <li>{@code GET /api/model}: the model's settings and the current snapshot;</li>
 *   <li>{@code GET /api/snapshots}: server-sent events, one snapshot per update (the latest first);</li>
 *   <li>{@code GET /api/history}, {@code GET /api/histogram}, {@code GET /api/scatter}: what the dashboard
 *       draws;</li>
 *   <li>{@code GET /api/stats}: throughput, update time and rejects by reason ({@link ServiceStats});</li>
 *   <li>{@code POST /api/observations}: ingest, NDJSON or a JSON array, with a size limit;</li>
 *   <li>{@code GET /healthz}; {@code GET /}: the dashboard, self-contained.</li>
 * </ul>
 * Every request first passes the {@link HttpPolicy}: its timeouts and size limits, and the {@link CrossSiteGuard}.
 */
final class HttpApi {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The Prometheus text exposition format, version 0.0.4. */
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    /** The OpenMetrics text format, version 1.0.0. */
    static final String OPENMETRICS_TEXT = "application/openmetrics-text; version=1.0.0; charset=utf-8";
    /** What a request line holds besides its URL: the longest method's name, two spaces and the version. */
    private static final int REQUEST_LINE_EXTRA = "OPTIONS".length() + 2 + "HTTP/1.1".length();
    private static final String CHART_JS = "META-INF/resources/webjars/chart.js/4.5.1/dist/chart.umd.min.js";

    private final ServiceReadings service;
    private final PrometheusMeterRegistry registry;
    private final HttpPolicy policy;
    private final int maxBodyBytes;

    HttpApi(ServiceReadings service, HttpPolicy policy) {
        this.service = service;
        this.registry = service.registry();
        this.policy = policy;
        this.maxBodyBytes = policy.maxBodyBytes();
    }

    DisposableServer bind(String host, int port) {
        HttpServerRoutes routes = HttpServerRoutes.newRoutes()
                .get("/metrics", this::metrics)
                .get("/api/model", this::model)
                .get("/api/snapshots", this::snapshots)
                .get("/api/history", (req, res) -> json(res, HttpResponseStatus.OK, service.history().points()))
                .get("/api/histogram", (req, res) -> json(res, HttpResponseStatus.OK, service.views().histogram(60)))
                .get("/api/scatter", (req, res) -> json(res, HttpResponseStatus.OK, service.views().scatter()))
                .get("/api/stats", (req, res) -> json(res, HttpResponseStatus.OK,
                        ServiceStats.of(service, System.currentTimeMillis())))
                .post("/api/observations", this::ingest)
                .get("/healthz", this::health)
                .get("/", (req, res) -> resource(res, "vistream/dashboard/index.html", "text/html; charset=utf-8"))
                .get("/dashboard.js", (req, res) -> resource(res, "vistream/dashboard/dashboard.js",
                        "text/javascript; charset=utf-8"))
                .get("/chart.umd.min.js", (req, res) -> resource(res, CHART_JS, "text/javascript; charset=utf-8"));
        CrossSiteGuard guard = new CrossSiteGuard(policy);
        return HttpServer.create().host(host).port(port)
                .idleTimeout(policy.idleTimeout())
                // The codec bounds the whole request line; the exact URL limit is checked below, with a JSON reason.
                .httpRequestDecoder(decoder -> decoder.maxInitialLineLength(policy.maxUrlLength() + REQUEST_LINE_EXTRA)
                        .maxHeaderSize(policy.maxHeaderSize()))
                .doOnChannelInit((observer, channel, remote) -> guard(channel.pipeline()))
                .handle((req, res) -> {
                    CrossSiteGuard.Refusal refusal = refusal(guard, req);
                    // Whatever body a refused request carries is not read: the connection is closed instead.
                    return refusal == null ? routes.apply(req, res)
                            : json(res.keepAlive(false), refusal.status(), Map.of("error", refusal.reason()));
                })
                .bindNow();
    }

    /** Adds the request read timeout and the lingering close to a new connection's pipeline. */
    private void guard(ChannelPipeline pipeline) {
        RequestDeadline deadline = new RequestDeadline(policy.requestReadTimeout());
        pipeline.addAfter(NettyPipeline.HttpCodec, "vistream.requestDeadline", deadline)
                .addFirst("vistream.lingeringClose", new LingeringClose(deadline::partlyRead));
    }

    private CrossSiteGuard.Refusal refusal(CrossSiteGuard guard, HttpServerRequest req) {
        CrossSiteGuard.Refusal refusal = guard.refusal(req.method(), req.requestHeaders());
        if (refusal == null && req.uri().length() > policy.maxUrlLength()) {
            return new CrossSiteGuard.Refusal(HttpResponseStatus.REQUEST_URI_TOO_LONG,
                    "the URL is longer than the limit of " + policy.maxUrlLength() + " bytes");
        }
        return refusal;
    }

    private Publisher<Void> metrics(HttpServerRequest req, HttpServerResponse res) {
        String accept = req.requestHeaders().get(HttpHeaderNames.ACCEPT, "");
        String type = accept.contains("application/openmetrics-text") ? OPENMETRICS_TEXT : PROMETHEUS_TEXT;
        return res.header(HttpHeaderNames.CONTENT_TYPE, type).sendString(Mono.fromCallable(() -> registry.scrape(type)));
    }

    private Publisher<Void> model(HttpServerRequest req, HttpServerResponse res) {
        PosteriorSnapshot latest = service.latest().get();
        if (latest == null) {
            return json(res, HttpResponseStatus.SERVICE_UNAVAILABLE, Map.of("error", "no observation absorbed yet"));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", service.model().get());
        body.put("snapshot", withoutCheckpoint(latest));
        return json(res, HttpResponseStatus.OK, body);
    }

    private Publisher<Void> snapshots(HttpServerRequest req, HttpServerResponse res) {
        Flux<String> events = Flux.concat(Mono.justOrEmpty(service.latest().get()), service.updates())
                .map(s -> "data: " + withoutCheckpoint(s) + "\n\n");
        return res.sse().sendString(events);
    }

    private Publisher<Void> health(HttpServerRequest req, HttpServerResponse res) {
        Map<String, Object> body = new LinkedHashMap<>();
        List<String> problems = service.problems().get();
        body.put("status", problems.isEmpty() ? "UP" : "DOWN");
        if (!problems.isEmpty()) {
            body.put("error", String.join("; ", problems));
            body.put("problems", problems);
        }
        PosteriorSnapshot latest = service.latest().get();
        body.put("observations", latest == null ? 0 : latest.observations());
        body.put("rejected", latest == null ? 0 : latest.rejected());
        body.put("secondsSinceUpdate", service.secondsSinceUpdate().getAsDouble());
        return json(res, problems.isEmpty() ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE, body);
    }

    private Publisher<Void> ingest(HttpServerRequest req, HttpServerResponse res) {
        if (service.kafkaTopic() != null) {
            // Every instance of the group must see the same records in the same partitions: posts
            // would bypass that, so they go to the topic instead.
            return json(res, HttpResponseStatus.CONFLICT, Map.of("error",
                    "this service reads Kafka topic " + service.kafkaTopic() + "; produce observations there"));
        }
        String length = req.requestHeaders().get(HttpHeaderNames.CONTENT_LENGTH);
        if (length != null && Long.parseLong(length) > maxBodyBytes) {
            // Answered before a byte of the body is read; the connection is closed so it never is.
            return tooLarge(res);
        }
        return req.receive().asByteArray()
                .reduce(new ByteArrayOutputStream(), (body, chunk) -> {
                    if (body.size() + chunk.length > maxBodyBytes) {
                        throw new BodyTooLarge();
                    }
                    body.writeBytes(chunk);
                    return body;
                })
                .flatMap(body -> {
                    List<String> texts;
                    try {
                        texts = RequestBody.texts(body.toString(StandardCharsets.UTF_8));
                    } catch (IllegalArgumentException e) {
                        return Mono.from(json(res, HttpResponseStatus.BAD_REQUEST, Map.of("error", e.getMessage())));
                    }
                    if (texts.isEmpty()) {
                        return Mono.from(json(res, HttpResponseStatus.BAD_REQUEST,
                                Map.of("error", "the body holds no observation")));
                    }
                    Ingest.Result result = service.ingest().offer(texts);
                    HttpResponseStatus status = result.refused() > 0 ? HttpResponseStatus.SERVICE_UNAVAILABLE
                            : HttpResponseStatus.OK;
                    Map<String, Object> reply = new LinkedHashMap<>();
                    reply.put("accepted", result.accepted());
                    reply.put("rejected", result.rejected());
                    reply.put("refused", result.refused());
                    reply.put("errors", result.errors());
                    if (result.refused() > 0) {
                        reply.put("error", "the ingest queue is full; retry the refused observations later");
                    }
                    return Mono.from(json(res, status, reply));
                })
                .onErrorResume(BodyTooLarge.class, e -> Mono.from(tooLarge(res)));
    }

    private Publisher<Void> tooLarge(HttpServerResponse res) {
        return json(res.keepAlive(false), HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                Map.of("error", "the body is larger than the limit of " + maxBodyBytes + " bytes"));
    }

    private static Publisher<Void> json(HttpServerResponse res, HttpResponseStatus status, Object body) {
        String text;
        try {
            text = JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return res.status(status).header(HttpHeaderNames.CONTENT_TYPE, "application/json").sendString(Mono.just(text));
    }

    private static Publisher<Void> resource(HttpServerResponse res, String path, String type) {
        return res.header(HttpHeaderNames.CONTENT_TYPE, type).sendByteArray(Mono.fromCallable(() -> read(path)));
    }

    private static byte[] read(String path) {
        try (InputStream in = HttpApi.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectNode withoutCheckpoint(PosteriorSnapshot snapshot) {
        ObjectNode node = JSON.valueToTree(snapshot);
        node.remove("checkpoint");
        return node;
    }

    /** A request body over the limit. */
    private static final class BodyTooLarge extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BodyTooLarge() {
            super(null, null, false, false);
        }
    }
}
