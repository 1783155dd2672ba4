package vistream.app.serve;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import vistream.streaming.InvalidObservation;
import vistream.streaming.PosteriorSnapshot;

/**
 * What {@code GET /api/stats} answers, for the dashboard and for a quick {@code curl}: throughput,
 * the update time and the rejects by reason. The update time and the rejects are read from the
 * meters {@code /metrics} exports ({@code vistream.update}, {@code vistream.observations.rejected}),
 * so both say the same; the throughput from the time stamps of the history's snapshots.
 */
final class ServiceStats {

    /** The window the throughput is measured over, in milliseconds. */
    static final long RATE_WINDOW_MILLIS = 10_000;

    private ServiceStats() {
    }

    /**
     * The statistics now.
     *
     * @param service what the service shows
     * @param now     epoch milliseconds, on the clock of the snapshots' {@code time}
     * @return {@code time}, {@code observations}, {@code rejected}, {@code observationsPerSecond},
     *         {@code secondsSinceUpdate}, {@code update} (batches and the update time's mean, 50th,
     *         95th and 99th percentiles and maximum over the timer's recent window, in seconds;
     *         null before the first batch), {@code rejectedByReason} and {@code clusters} (each
     *         cluster's id and the observations the posterior holds of it)
     */
    static Map<String, Object> of(ServiceReadings service, long now) {
        Map<String, Object> out = new LinkedHashMap<>();
        PosteriorSnapshot latest = service.latest().get();
        out.put("time", now);
        out.put("observations", latest == null ? 0 : latest.observations());
        out.put("rejected", latest == null ? 0 : latest.rejected());
        out.put("observationsPerSecond", service.history().observationsPerSecond(now, RATE_WINDOW_MILLIS));
        out.put("secondsSinceUpdate", finite(service.secondsSinceUpdate().getAsDouble()));
        out.put("update", update(service.registry()));
        out.put("rejectedByReason", rejected(service.registry()));
        out.put("clusters", service.views().clusterCounts());
        return out;
    }

    private static Map<String, Object> update(MeterRegistry registry) {
        Timer timer = registry.find("vistream.update").timer();
        if (timer == null || timer.count() == 0) {
            return null;
        }
        HistogramSnapshot snapshot = timer.takeSnapshot();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("batches", timer.count());
        out.put("meanSeconds", finite(snapshot.mean(TimeUnit.SECONDS)));
        for (ValueAtPercentile p : snapshot.percentileValues()) {
            out.put("p" + Math.round(p.percentile() * 100) + "Seconds", finite(p.value(TimeUnit.SECONDS)));
        }
        out.put("maxSeconds", finite(snapshot.max(TimeUnit.SECONDS)));
        return out;
    }

    /** Every reason, in a fixed order, with its count (0 for a reason no meter counts). */
    private static Map<String, Long> rejected(MeterRegistry registry) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (InvalidObservation.Reason reason : InvalidObservation.Reason.values()) {
            out.put(reason.tag(), 0L);
        }
        for (FunctionCounter counter : registry.find("vistream.observations.rejected").functionCounters()) {
            String reason = counter.getId().getTag("reason");
            if (reason != null && out.containsKey(reason)) {
                out.merge(reason, (long) counter.count(), Long::sum);
            }
        }
        return out;
    }

    private static Double finite(double x) {
        return Double.isFinite(x) ? x : null;
    }
}
