package vistream.app.serve;

import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import reactor.core.publisher.Flux;
import vistream.streaming.PosteriorSnapshot;

/**
 * What the HTTP API reads of a running service, and the one thing it writes to: narrow views that
 * the service hands over once, so that the API never calls back into the service's lifecycle.
 *
 * @param latest            the latest snapshot, or null before the first batch
 * @param updates           every later snapshot, as it comes
 * @param history           compact past snapshots, for the dashboard
 * @param views             the histogram and the scatter of the dashboard
 * @param model             the model's settings and state, for {@code /api/model}
 * @param problems          what is wrong, one line each; empty while healthy
 * @param secondsSinceUpdate time since the last update, for {@code /healthz}
 * @param ingest            where posted observations go, or null when the service reads Kafka
 * @param kafkaTopic        the Kafka topic the service reads (posts go there instead), or null
 * @param registry          the meters, for {@code /metrics}
 */
record ServiceReadings(Supplier<PosteriorSnapshot> latest, Flux<PosteriorSnapshot> updates, SnapshotHistory history,
        DashboardViews views, Supplier<Map<String, Object>> model, Supplier<List<String>> problems,
        DoubleSupplier secondsSinceUpdate, Ingest ingest, String kafkaTopic, PrometheusMeterRegistry registry) {
}
