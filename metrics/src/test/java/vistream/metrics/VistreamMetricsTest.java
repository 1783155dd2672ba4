package vistream.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import vistream.core.inference.UpdateRule;
import vistream.core.mixture.KnownVarianceGaussianMixture;
import vistream.streaming.DriftEvent;
import vistream.streaming.InvalidObservation;
import vistream.streaming.PosteriorSnapshot;
import vistream.streaming.StreamOptions;
import vistream.streaming.VariationalStream;

/** Every meter, read back from a registry after a scripted stream, against the snapshots themselves. */
class VistreamMetricsTest {

    private static final Tags EXTRA = Tags.of("stream", "test");

    @Test
    void everyMeterReportsWhatTheStreamDid() {
        KnownVarianceGaussianMixture model = new KnownVarianceGaussianMixture(2, 10.0, 1.0);
        StreamMonitor monitor = new StreamMonitor(2, 1, MonitorOptions.DEFAULTS);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new VistreamMetrics(monitor, EXTRA).bindTo(registry);
        assertTrue(Double.isNaN(gauge(registry, "vistream.elbo")), "NaN before the first snapshot");

        // 8,000 observations of two clusters; cluster 1 jumps from 4 to 10 half way; bad input mixed in.
        SplittableRandom random = new SplittableRandom(3);
        List<double[]> data = new ArrayList<>();
        Map<InvalidObservation.Reason, Long> bad = new EnumMap<>(InvalidObservation.Reason.class);
        for (int i = 0; i < 8000; i++) {
            double centre = i % 2 == 0 ? -4 : (i < 4000 ? 4 : 10);
            data.add(new double[] {centre + gaussian(random)});
            if (i % 500 == 1) {
                data.add(new double[] {Double.POSITIVE_INFINITY});
                bad.merge(InvalidObservation.Reason.NOT_FINITE, 1L, Long::sum);
            } else if (i % 700 == 2) {
                data.add(new double[] {1, 2});
                bad.merge(InvalidObservation.Reason.WRONG_DIMENSION, 1L, Long::sum);
            }
        }
        StreamOptions options = StreamOptions.builder().batchSize(200).initialMeans(-4, 4)
                .updateRule(new UpdateRule.ConstantStep(0.1, 2000))
                .onInvalid(monitor::onInvalid).onBatch(monitor.batchListener()).build();
        List<PosteriorSnapshot> snapshots = Flux.fromIterable(data).transform(VariationalStream.of(model, options))
                .doOnNext(monitor::onSnapshot).collectList().block();
        PosteriorSnapshot last = snapshots.get(snapshots.size() - 1);

        // Independent recomputation of the smoothed measures from the snapshots.
        double alpha = MonitorOptions.DEFAULTS.smoothing();
        double change = Double.NaN;
        double predictive = snapshots.get(0).predictiveLogDensity();
        for (int i = 1; i < snapshots.size(); i++) {
            double c = Math.abs(snapshots.get(i).elbo() - snapshots.get(i - 1).elbo()) / Math.abs(snapshots.get(i).elbo());
            change = Double.isNaN(change) ? c : (1 - alpha) * change + alpha * c;
            predictive = (1 - alpha) * predictive + alpha * snapshots.get(i).predictiveLogDensity();
        }
        long[] events = new long[2];
        for (PosteriorSnapshot s : snapshots) {
            for (DriftEvent e : s.driftEvents()) {
                events[e.cluster()]++;
            }
        }
        assertTrue(events[1] >= 1, "the jump of cluster 1 was detected");

        assertEquals(last.elbo(), gauge(registry, "vistream.elbo"), 0.0);
        assertEquals(change, gauge(registry, "vistream.elbo.change"), 1e-15);
        assertEquals(change < 0.05 ? 1.0 : 0.0, gauge(registry, "vistream.converged"), 0.0);
        assertEquals(0.1, gauge(registry, "vistream.step.size"), 0.0);
        assertEquals(last.predictiveLogDensity(), gauge(registry, "vistream.predictive.log.density"), 0.0);
        assertEquals(predictive, gauge(registry, "vistream.predictive.log.density.smoothed"), 1e-12);
        double entropy = 0;
        for (int k = 0; k < 2; k++) {
            String c = Integer.toString(k);
            double w = last.weights()[k];
            entropy -= w * Math.log(w);
            assertEquals(w, gauge(registry, "vistream.cluster.weight", "cluster", c), 0.0);
            assertEquals(last.means()[k], gauge(registry, "vistream.cluster.mean", "cluster", c, "dimension", "0"), 0.0);
            assertEquals(last.variances()[k], gauge(registry, "vistream.cluster.variance", "cluster", c, "dimension", "0"), 0.0);
            assertEquals(1.0, gauge(registry, "vistream.cluster.covariance", "cluster", c, "dimension", "0"), 0.0,
                    "the lecture's model knows sigma^2 = 1");
            assertEquals(last.drift().get(k).displacement(), gauge(registry, "vistream.drift.displacement", "cluster", c), 0.0);
            assertEquals(last.drift().get(k).divergence(), gauge(registry, "vistream.drift.divergence", "cluster", c), 0.0);
            assertEquals(events[k], counter(registry, "vistream.drift.events", "cluster", c), 0.0);
        }
        assertEquals(Math.exp(entropy), gauge(registry, "vistream.clusters.effective"), 1e-12);
        assertEquals(8000, counter(registry, "vistream.observations.accepted"), 0.0);
        for (InvalidObservation.Reason reason : InvalidObservation.Reason.values()) {
            assertEquals(bad.getOrDefault(reason, 0L), counter(registry, "vistream.observations.rejected", "reason", reason.tag()),
                    0.0, reason.tag());
        }
        assertEquals(40, counter(registry, "vistream.batches"), 0.0);
        Timer update = registry.get("vistream.update").tags(EXTRA).timer();
        assertEquals(40, update.count());
        assertTrue(update.totalTime(TimeUnit.NANOSECONDS) > 0);
        assertEquals(3, update.takeSnapshot().percentileValues().length, "p50, p95, p99");
        double age = registry.get("vistream.update.age").tags(EXTRA).timeGauge().value(TimeUnit.SECONDS);
        assertTrue(age >= 0 && age < 60, "seconds since the last update: " + age);

        for (Meter meter : registry.getMeters()) {
            assertTrue(meter.getId().getName().startsWith("vistream."), meter.getId().getName());
            assertEquals("test", meter.getId().getTag("stream"), "extra tags on every meter");
            if (meter.getId().getName().equals("vistream.update.percentile")) {
                continue; // Micrometer derives these from the timer, which has the description
            }
            assertFalse(meter.getId().getDescription() == null || meter.getId().getDescription().isEmpty(),
                    meter.getId().getName() + " has a description");
        }
    }

    @Test
    void meansPerDimensionOnlyForSmallDimensions() {
        StreamMonitor monitor = new StreamMonitor(3, 1, new MonitorOptions(0.2, 1e-3, 0));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new VistreamMetrics(monitor).bindTo(registry);
        assertNull(registry.find("vistream.cluster.mean").gauge());
        assertEquals(3, registry.find("vistream.cluster.weight").gauges().size());
        SimpleMeterRegistry small = new SimpleMeterRegistry();
        new VistreamMetrics(new StreamMonitor(3, 1, MonitorOptions.DEFAULTS)).bindTo(small);
        assertEquals(3, small.find("vistream.cluster.mean").gauges().size());
    }

    @Test
    void rejectsAbsurdSettings() {
        assertMessage("smoothing must be in (0, 1]", () -> new MonitorOptions(0, 1e-3, 8));
        assertMessage("converged tolerance", () -> new MonitorOptions(0.2, -1, 8));
        assertMessage("at least one cluster", () -> new StreamMonitor(0, 1, MonitorOptions.DEFAULTS));
        StreamMonitor monitor = new StreamMonitor(3, 1, MonitorOptions.DEFAULTS);
        PosteriorSnapshot twoClusters = Flux.just(new double[] {1}, new double[] {2})
                .transform(VariationalStream.of(new KnownVarianceGaussianMixture(2, 1, 1),
                        StreamOptions.builder().initialMeans(0, 1).build())).blockLast();
        assertMessage("this monitor is for 3", () -> monitor.onSnapshot(twoClusters));
    }

    private static void assertMessage(String fragment, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }

    private static double gauge(SimpleMeterRegistry registry, String name, String... tags) {
        return registry.get(name).tags(EXTRA.and(tags)).gauge().value();
    }

    private static double counter(SimpleMeterRegistry registry, String name, String... tags) {
        return registry.get(name).tags(EXTRA.and(tags)).functionCounter().count();
    }

    private static double gaussian(SplittableRandom random) {
        double u = 1.0 - random.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2.0 * Math.PI * random.nextDouble());
    }
}
