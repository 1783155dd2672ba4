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
import io.micrometer.core.instrument.Measurement;
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
        assertNull(registry.find("vistream.elbo").gauge(), "no ELBO before the first snapshot, rather than NaN");
        assertNull(registry.find("vistream.cluster.weight").gauge(), "no cluster before the first snapshot");

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

        // Independent recomputation of the smoothed measures from the snapshots: an event restarts
        // the average of the ELBO's change at its own change, and the count of quiet snapshots.
        double alpha = MonitorOptions.DEFAULTS.smoothing();
        double change = Double.NaN;
        long quiet = snapshots.get(0).driftEvents().isEmpty() ? 1 : 0;
        double predictive = snapshots.get(0).predictiveLogDensity();
        for (int i = 1; i < snapshots.size(); i++) {
            double c = Math.abs(snapshots.get(i).elbo() - snapshots.get(i - 1).elbo()) / Math.abs(snapshots.get(i).elbo());
            boolean event = !snapshots.get(i).driftEvents().isEmpty();
            change = event || Double.isNaN(change) ? c : (1 - alpha) * change + alpha * c;
            quiet = event ? 0 : quiet + 1;
            predictive = (1 - alpha) * predictive + alpha * snapshots.get(i).predictiveLogDensity();
        }
        long alarms = 0;
        long episodes = 0;
        for (PosteriorSnapshot s : snapshots) {
            for (DriftEvent e : s.driftEvents()) {
                assertEquals(DriftEvent.PAGE_HINKLEY, e.kind(), "no moves in this stream");
                alarms++;
                episodes = Math.max(episodes, e.episode());
            }
        }
        assertTrue(alarms >= 1, "the jump of cluster 2 was detected");

        assertEquals(last.elbo(), gauge(registry, "vistream.elbo"), 0.0);
        assertEquals(change, gauge(registry, "vistream.elbo.change"), 1e-15);
        assertEquals(quiet >= 10 && change < 0.05 ? 1.0 : 0.0, gauge(registry, "vistream.converged"), 0.0);
        assertEquals(0.1, gauge(registry, "vistream.step.size"), 0.0);
        assertEquals(last.predictiveLogDensity(), gauge(registry, "vistream.predictive.log.density"), 0.0);
        assertEquals(predictive, gauge(registry, "vistream.predictive.log.density.smoothed"), 1e-12);
        double entropy = 0;
        for (int k = 0; k < 2; k++) {
            String slot = Integer.toString(k);
            double w = last.weights()[k];
            entropy -= w * Math.log(w);
            assertEquals(k + 1, gauge(registry, "vistream.cluster.id", "slot", slot), 0.0, "ids 1 and 2 in slots 0 and 1");
            assertEquals(w, gauge(registry, "vistream.cluster.weight", "slot", slot), 0.0);
            assertEquals(8000, gauge(registry, "vistream.cluster.age", "slot", slot), 0.0, "born with the stream");
            assertEquals(last.means()[k], gauge(registry, "vistream.cluster.mean", "slot", slot, "dimension", "0"), 0.0);
            assertEquals(last.variances()[k], gauge(registry, "vistream.cluster.variance", "slot", slot, "dimension", "0"), 0.0);
            assertEquals(1.0, gauge(registry, "vistream.cluster.covariance", "slot", slot, "dimension", "0"), 0.0,
                    "the lecture's model knows sigma^2 = 1");
            assertEquals(last.drift().get(k).displacement(), gauge(registry, "vistream.drift.displacement", "slot", slot), 0.0);
            assertEquals(last.drift().get(k).divergence(), gauge(registry, "vistream.drift.divergence", "slot", slot), 0.0);
        }
        assertEquals(alarms, counter(registry, "vistream.drift.events", "kind", DriftEvent.PAGE_HINKLEY), 0.0);
        assertEquals(0, counter(registry, "vistream.drift.events", "kind", "birth"), 0.0);
        assertEquals(episodes, counter(registry, "vistream.drift.episodes"), 0.0);
        assertEquals(2, gauge(registry, "vistream.clusters"), 0.0);
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
            assertNull(meter.getId().getTag(MeterScope.TAG), "one instance alone: no scope to say");
            if (meter.getId().getName().equals("vistream.update.percentile")) {
                continue; // Micrometer derives these from the timer, which has the description
            }
            assertFalse(meter.getId().getDescription() == null || meter.getId().getDescription().isEmpty(),
                    meter.getId().getName() + " has a description");
        }
    }

    @Test
    void inAGroupEachMeterSaysWhetherItIsTheSharedPosteriorsOrThisInstancesOwn() {
        StreamMonitor monitor = new StreamMonitor(3, 1, MonitorOptions.DEFAULTS);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        VistreamMetrics.scoped(monitor, EXTRA).bindTo(registry);
        // The group's posterior holds 5,000 observations; this instance measured two batches of them.
        monitor.batchListener().onBatch(300, 1_000);
        monitor.batchListener().onBatch(200, 1_000);
        monitor.onInvalid(new InvalidObservation(7, InvalidObservation.Reason.MALFORMED, "abc", "t-0:7: 'abc'"));
        monitor.onSnapshot(snapshot(5, new long[] {1, 2}, 0.0));

        assertEquals(5000, counter(registry, "vistream.observations.accepted", "scope", "group"), 0.0);
        assertEquals(500, counter(registry, "vistream.observations.accepted", "scope", "instance"), 0.0);
        assertEquals(1, counter(registry, "vistream.observations.rejected", "scope", "instance", "reason", "malformed"),
                0.0);
        assertEquals(2, counter(registry, "vistream.batches", "scope", "instance"), 0.0);
        assertEquals(2, registry.get("vistream.update").tags(EXTRA.and("scope", "instance")).timer().count());
        assertEquals(-2.0, gauge(registry, "vistream.elbo", "scope", "group"), 0.0);
        assertEquals(1, gauge(registry, "vistream.cluster.id", "scope", "group", "slot", "0"), 0.0);
        List<String> instance = List.of("vistream.observations.accepted", "vistream.observations.rejected",
                "vistream.batches", "vistream.update", "vistream.update.percentile", "vistream.update.age");
        for (Meter meter : registry.getMeters()) {
            String name = meter.getId().getName();
            String scope = meter.getId().getTag(MeterScope.TAG);
            assertEquals("test", meter.getId().getTag("stream"), "extra tags kept");
            if (!name.equals("vistream.observations.accepted")) {
                assertEquals(instance.contains(name) ? "instance" : "group", scope, name);
            }
        }
    }

    @Test
    void meansPerDimensionOnlyForSmallDimensions() {
        PosteriorSnapshot snapshot = Flux.just(new double[] {1}, new double[] {2}, new double[] {9})
                .transform(VariationalStream.of(new KnownVarianceGaussianMixture(3, 10, 1),
                        StreamOptions.builder().initialMeans(0, 1, 9).build())).blockLast();
        StreamMonitor monitor = new StreamMonitor(3, 1, new MonitorOptions(0.2, 1e-3, 10, 0, 0.95));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new VistreamMetrics(monitor).bindTo(registry);
        monitor.onSnapshot(snapshot);
        assertNull(registry.find("vistream.cluster.mean").gauge());
        assertEquals(3, registry.find("vistream.cluster.weight").gauges().size());
        SimpleMeterRegistry small = new SimpleMeterRegistry();
        StreamMonitor wide = new StreamMonitor(3, 1, MonitorOptions.DEFAULTS);
        new VistreamMetrics(wide).bindTo(small);
        wide.onSnapshot(snapshot);
        assertEquals(3, small.find("vistream.cluster.mean").gauges().size());
    }

    @Test
    void slotsFollowTheClustersAndFreeSlotsHaveNoSeries() {
        StreamMonitor monitor = new StreamMonitor(4, 1, MonitorOptions.DEFAULTS);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new VistreamMetrics(monitor, EXTRA).bindTo(registry);
        monitor.onSnapshot(snapshot(1, new long[] {1, 2, 3}, 0.0));
        assertEquals(3, registry.find("vistream.cluster.id").gauges().size());
        // Cluster 2 merges into 1 and a newborn 4 arrives: 4 takes the slot 2 left, 3 keeps its own.
        monitor.onSnapshot(snapshot(2, new long[] {1, 3, 4}, 1.0));
        assertEquals(1, gauge(registry, "vistream.cluster.id", "slot", "0"), 0.0);
        assertEquals(4, gauge(registry, "vistream.cluster.id", "slot", "1"), 0.0);
        assertEquals(3, gauge(registry, "vistream.cluster.id", "slot", "2"), 0.0);
        assertNull(registry.find("vistream.cluster.id").tag("slot", "3").gauge());
        assertEquals(30.0, gauge(registry, "vistream.cluster.mean", "slot", "1", "dimension", "0"), 0.0);
        // The last clusters die: their slots lose their series.
        monitor.onSnapshot(snapshot(3, new long[] {4}, 2.0));
        assertEquals(1, registry.find("vistream.cluster.weight").gauges().size());
        assertEquals(4, gauge(registry, "vistream.cluster.id", "slot", "1"), 0.0);
        assertEquals(1, gauge(registry, "vistream.clusters"), 0.0);
        for (Meter meter : registry.getMeters()) {
            for (Measurement m : meter.measure()) {
                assertTrue(Double.isFinite(m.getValue()), meter.getId() + " reads " + m.getValue());
            }
        }
    }

    @Test
    void convergedReadsZeroFromAnEventUntilTheFitSettles() {
        StreamMonitor monitor = new StreamMonitor(3, 1, MonitorOptions.DEFAULTS);
        for (int seq = 1; seq <= 12; seq++) {
            monitor.onSnapshot(snapshot(seq, new long[] {1}, 0.0));
        }
        assertEquals(1.0, monitor.converged(), "a steady ELBO for 12 snapshots");
        monitor.onSnapshot(withBirth(snapshot(13, new long[] {1, 2}, 0.0)));
        assertEquals(0.0, monitor.converged(), "a move unsettles the fit");
        for (int seq = 14; seq <= 22; seq++) {
            monitor.onSnapshot(snapshot(seq, new long[] {1, 2}, 0.0));
            assertEquals(0.0, monitor.converged(), "only " + (seq - 13) + " quiet snapshots");
        }
        monitor.onSnapshot(snapshot(23, new long[] {1, 2}, 0.0, 0.90));
        assertEquals(0.0, monitor.converged(), "ten quiet snapshots, but a tenth of the posterior is from before the move");
        assertEquals(0.90, monitor.latest().checkpoint().sinceChange(), 0.0);
        monitor.onSnapshot(snapshot(24, new long[] {1, 2}, 0.0, 0.96));
        assertEquals(1.0, monitor.converged(), "eleven quiet snapshots with a steady ELBO, 96 % of it since the move");
    }

    /** A snapshot of clusters at 10, 20, 30 … by their position, ELBO −2 − drift. */
    private static PosteriorSnapshot snapshot(long seq, long[] ids, double drift) {
        return snapshot(seq, ids, drift, 1.0);
    }

    /** A snapshot whose posterior holds {@code sinceChange} of its observations from after the last event. */
    private static PosteriorSnapshot snapshot(long seq, long[] ids, double drift, double sinceChange) {
        int k = ids.length;
        double[] means = new double[k];
        double[] ones = new double[k];
        double[] weights = new double[k];
        java.util.List<vistream.streaming.ClusterDrift> moved = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            means[c] = 10.0 * (c + 1);
            ones[c] = 1.0;
            weights[c] = 1.0 / k;
            moved.add(new vistream.streaming.ClusterDrift(ids[c], 0, 0, 0, 0));
        }
        long next = java.util.Arrays.stream(ids).max().orElse(0) + 1;
        vistream.streaming.StreamCheckpoint checkpoint = new vistream.streaming.StreamCheckpoint(new double[2 * k],
                new vistream.core.moves.ComponentIds(ids, next), new long[k], seq, 1000 * seq, 0, seq,
                vistream.core.drift.PageHinkley.State.EMPTY, 0, -1, sinceChange,
                new vistream.streaming.StreamCheckpoint.Window(ids, new double[2 * k], 0), null);
        return new PosteriorSnapshot(seq, 1000 * seq, 0, seq, 1, ids, new long[k], means, ones, ones, weights, 1.0,
                -2.0 - drift, -2.0, moved, List.of(), checkpoint);
    }

    private static PosteriorSnapshot withBirth(PosteriorSnapshot s) {
        DriftEvent birth = new DriftEvent(s.observations(), s.time(), "birth", List.of(2L), 100.0, 0.0, 50.0, 0);
        return new PosteriorSnapshot(s.seq(), s.observations(), s.rejected(), s.time(), s.dimension(), s.ids(), s.born(),
                s.means(), s.variances(), s.covariances(), s.weights(), s.stepSize(), s.elbo(), s.predictiveLogDensity(),
                s.drift(), List.of(birth), s.checkpoint());
    }

    @Test
    void rejectsAbsurdSettings() {
        assertMessage("smoothing must be in (0, 1]", () -> new MonitorOptions(0, 1e-3, 10, 8, 0.95));
        assertMessage("converged tolerance", () -> new MonitorOptions(0.2, -1, 10, 8, 0.95));
        assertMessage("at least one cluster slot", () -> new StreamMonitor(0, 1, MonitorOptions.DEFAULTS));
        StreamMonitor monitor = new StreamMonitor(2, 1, MonitorOptions.DEFAULTS);
        assertMessage("this monitor is for at most 2", () -> monitor.onSnapshot(snapshot(1, new long[] {1, 2, 3}, 0)));
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
