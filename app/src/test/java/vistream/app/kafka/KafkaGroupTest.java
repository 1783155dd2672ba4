package vistream.app.kafka;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vistream.app.kafka.KafkaTesting.await;
import static vistream.app.kafka.KafkaTesting.produce;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import vistream.app.source.LineParser;
import vistream.core.inference.UpdateRule;
import vistream.core.mixture.KnownVarianceGaussianMixture;
import vistream.metrics.MonitorOptions;
import vistream.metrics.StreamMonitor;
import vistream.metrics.VistreamMetrics;
import vistream.streaming.PosteriorSnapshot;
import vistream.streaming.StreamOptions;
import vistream.streaming.VariationalStream;

/** Several instances of one group on a real broker: one posterior, and rebalances that lose and double nothing. */
class KafkaGroupTest {

    private static final KnownVarianceGaussianMixture MODEL = new KnownVarianceGaussianMixture(3, 10.0, 1.0);
    private static final StreamOptions OPTIONS = StreamOptions.builder().batchSize(500)
            .maxBatchDelay(Duration.ofMillis(200)).updateRule(new UpdateRule.StreamingVb()).seed(1).build();
    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startBroker() throws IOException {
        kafka = EmbeddedKafka.start();
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    /** n draws from 0.3 N(−4, 1) + 0.5 N(1, 1) + 0.2 N(6, 1), as lines. */
    private static List<String> draws(long seed, int n) {
        SplittableRandom random = new SplittableRandom(seed);
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            double u = random.nextDouble();
            double mean = u < 0.3 ? -4 : u < 0.8 ? 1 : 6;
            double g = Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
            out.add(Double.toString(mean + g));
        }
        return out;
    }

    private static KafkaInstance instance(String topic, String group) {
        return instance(topic, group, MODEL, OPTIONS, s -> { });
    }

    private static KafkaInstance instance(String topic, String group, vistream.core.mixture.ConjugateMixture model,
            StreamOptions options, java.util.function.Consumer<PosteriorSnapshot> onSnapshot) {
        return KafkaInstance.start(KafkaTesting.settings(kafka.bootstrap(), topic, group), model, options, new LineParser(1),
                Duration.ofMillis(500), onSnapshot, new PrintWriter(new StringWriter(), true));
    }

    @Test
    void aBirthIsMadeAtTheSamePointOfTheLogByEveryInstance() throws Exception {
        // Three clusters, then a fourth far away from observation 12,000 on: the fold, on every
        // instance alike, gives it a component, and deltas measured under three components while
        // the fold moved to four are measured again.
        int n = 24_000;
        SplittableRandom random = new SplittableRandom(41);
        List<String> lines = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            double[] centres = i < n / 2 ? new double[] {-8, 0, 8} : new double[] {-8, 0, 8, 20};
            double g = Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
            lines.add(Double.toString(centres[random.nextInt(centres.length)] + g));
        }
        vistream.core.mixture.KnownVarianceGaussianMixture model = new vistream.core.mixture.KnownVarianceGaussianMixture(3,
                20.0, 1.0, new vistream.core.mixture.WeightFactor.Dirichlet(1.0 / 3));
        StreamOptions options = StreamOptions.builder().batchSize(500).maxBatchDelay(Duration.ofMillis(200))
                .updateRule(new UpdateRule.ConstantStep(0.05, 5000)).moves(vistream.streaming.StreamMoves.defaults(20))
                .seed(1).build();
        kafka.createTopic("births", 6);
        List<List<PosteriorSnapshot>> seen = List.of(new java.util.concurrent.CopyOnWriteArrayList<>(),
                new java.util.concurrent.CopyOnWriteArrayList<>());
        KafkaInstance a = instance("births", "midwives", model, options, seen.get(0)::add);
        KafkaInstance b = instance("births", "midwives", model, options, seen.get(1)::add);
        try {
            await("the group to split the six partitions", Duration.ofSeconds(60),
                    () -> !a.partitions().isEmpty() && !b.partitions().isEmpty());
            CompletableFuture<Void> producing = producePaced("births", lines);
            producing.get();
            await("both instances to fold " + n + " observations", Duration.ofSeconds(120),
                    () -> a.observations() == n && b.observations() == n);
            assertNull(a.failure());
            assertNull(b.failure());
            assertArrayEquals(a.posterior(), b.posterior(), 0.0, "one posterior, bit for bit");
            PosteriorSnapshot lastA = seen.get(0).get(seen.get(0).size() - 1);
            PosteriorSnapshot lastB = seen.get(1).get(seen.get(1).size() - 1);
            assertEquals(lastA.checkpoint(), lastB.checkpoint(), "the same fold, moves included");
            assertEquals(4, lastA.clusters(), "the fourth cluster was born: ids " + java.util.Arrays.toString(lastA.ids()));
            long births = seen.get(0).stream().flatMap(s -> s.driftEvents().stream()).filter(e -> e.kind().equals("birth"))
                    .count();
            assertTrue(births >= 1, "a birth event");
            double[] means = lastA.means();
            java.util.Arrays.sort(means);
            assertEquals(20.0, means[3], 0.3, "the newborn sits on the new cluster");
        } finally {
            a.close();
            b.close();
        }
    }

    @Test
    void threeInstancesOnSixPartitionsHoldOnePosteriorCloseToASingleInstances() throws Exception {
        int n = 30_000;
        List<String> lines = draws(11, n);
        kafka.createTopic("six", 6);
        List<KafkaInstance> instances = new ArrayList<>();
        // Each instance's meters, wired as serve wires them.
        List<SimpleMeterRegistry> registries = new ArrayList<>();
        List<StreamMonitor> monitors = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                StreamMonitor monitor = new StreamMonitor(3, 1, MonitorOptions.DEFAULTS);
                SimpleMeterRegistry registry = new SimpleMeterRegistry();
                VistreamMetrics.scoped(monitor, Tags.empty()).bindTo(registry);
                monitors.add(monitor);
                registries.add(registry);
                StreamOptions options = StreamOptions.builder().batchSize(500).maxBatchDelay(Duration.ofMillis(200))
                        .updateRule(new UpdateRule.StreamingVb()).seed(1).onInvalid(monitor::onInvalid)
                        .onBatch(monitor.batchListener()).build();
                KafkaInstance instance = instance("six", "trio", MODEL, options, monitor::onSnapshot);
                new KafkaMeters(instance, Tags.empty()).bindTo(registry);
                instances.add(instance);
            }
            // The data comes once the group has split the partitions, so that each instance has some.
            await("the group to split the six partitions", Duration.ofSeconds(60),
                    () -> instances.stream().allMatch(x -> !x.partitions().isEmpty())
                            && instances.stream().mapToInt(x -> x.partitions().size()).sum() == 6);
            produce(kafka.bootstrap(), "six", lines, 6);
            await("every instance to fold " + n + " observations", Duration.ofSeconds(120),
                    () -> instances.stream().allMatch(x -> x.observations() == n));
            double[] first = instances.get(0).posterior();
            for (KafkaInstance x : instances) {
                assertNull(x.failure());
                // The same deltas folded in the same order: the same posterior, not only to 1e-9 but bit for bit.
                assertArrayEquals(first, x.posterior(), 0.0);
            }
            long contributed = instances.stream().mapToLong(KafkaInstance::contributed).sum();
            assertEquals(n, contributed);
            await("every instance's monitor to hear of the last snapshot", Duration.ofSeconds(10),
                    () -> monitors.stream().allMatch(m -> m.latest() != null && m.latest().observations() == n));
            // Each meter says whose it is: the group's posterior counts every instance's batches, each
            // instance's own counts add up to it.
            for (SimpleMeterRegistry r : registries) {
                assertEquals(n, r.get("vistream.observations.accepted").tags("scope", "group").functionCounter()
                        .count());
                for (Meter m : r.getMeters()) {
                    assertTrue(List.of("group", "instance").contains(m.getId().getTag("scope")), m.getId().toString());
                }
            }
            // An instance counts its batch once it has the fold's verdict, just after the fold took it.
            await("the observations of each instance's batches to add up to the group's", Duration.ofSeconds(10),
                    () -> registries.stream().mapToDouble(r -> r.get("vistream.observations.accepted")
                            .tags("scope", "instance").functionCounter().count()).sum() == n);
            await("every delta on the log to be one instance's batch, folded or skipped", Duration.ofSeconds(10),
                    () -> instances.get(0).position() == instances.stream().mapToLong(KafkaInstance::skipped).sum()
                            + registries.stream().mapToDouble(r -> r.get("vistream.batches").tags("scope", "instance")
                                    .functionCounter().count()).sum());
            assertTrue(instances.stream().allMatch(x -> x.contributed() > 0), "each instance measured some batches");

            // One instance over the same data in the order produced.
            PosteriorSnapshot single = Flux.fromIterable(lines).map(l -> new double[] {Double.parseDouble(l)})
                    .transform(VariationalStream.of(MODEL, OPTIONS)).blockLast();
            double[] singleMeans = MODEL.means(new vistream.core.mixture.NaturalParameters(single.checkpoint().posterior()));
            vistream.core.mixture.NaturalParameters shared = new vistream.core.mixture.NaturalParameters(first);
            double[] sharedMeans = MODEL.means(shared);
            double[] sharedVariances = MODEL.meanVariances(shared);
            Integer[] a = order(singleMeans);
            Integer[] b = order(sharedMeans);
            for (int k = 0; k < 3; k++) {
                // Both are streaming-VB posteriors of the same 30,000 well-separated draws; they differ
                // only by the batches' order and the posterior each batch was measured under. The
                // difference must be within one posterior standard deviation of the mean (≈ 0.01;
                // measured: about 0.13 of it).
                double sd = Math.sqrt(sharedVariances[b[k]]);
                assertEquals(singleMeans[a[k]], sharedMeans[b[k]], sd, "cluster " + k);
            }
        } finally {
            instances.forEach(KafkaInstance::close);
        }
    }

    private static Integer[] order(double[] means) {
        Integer[] idx = {0, 1, 2};
        Arrays.sort(idx, (i, j) -> Double.compare(means[i], means[j]));
        return idx;
    }

    @Test
    void anInstanceKilledMidStreamAndRestartedLosesNothingAndDoublesNothing() throws Exception {
        int n = 60_000;
        List<String> lines = draws(23, n);
        kafka.createTopic("kill", 6);
        java.util.concurrent.atomic.AtomicReference<Child> started = new java.util.concurrent.atomic.AtomicReference<>();
        // The producer may reach its halfway mark only after the victim was killed: "joined" stays true.
        CompletableFuture<Void> producing = producePaced("kill", lines,
                () -> started.get() != null && started.get().joined());
        KafkaInstance a = instance("kill", "phoenix");
        Child victim = Child.start("kill", "phoenix");
        started.set(victim);
        KafkaInstance b = instance("kill", "phoenix");
        Child reborn = null;
        try {
            await("the child to contribute", Duration.ofSeconds(60), () -> victim.contributed() > 0);
            long atKill = a.observations();
            victim.kill();
            assertTrue(atKill < n, "killed mid-stream, at " + atKill);
            await("the survivors to go on", Duration.ofSeconds(60), () -> a.observations() > atKill + 3_000);
            reborn = Child.start("kill", "phoenix");
            producing.get();
            Child last = reborn;
            await("all " + n + " observations", Duration.ofSeconds(120),
                    () -> a.observations() == n && b.observations() == n && last.observations() == n);
            Thread.sleep(1_000); // nothing more may come: no record applied twice
            assertEquals(n, a.observations());
            assertEquals(n, b.observations());
            assertEquals(n, reborn.observations());
            assertArrayEquals(a.posterior(), b.posterior(), 0.0);
            Map<Integer, Long> ends = new HashMap<>();
            for (int p = 0; p < 6; p++) {
                ends.put(p, (long) n / 6);
            }
            assertEquals(ends, a.offsets());
            // The restarted instance rejoined the group and took its share.
            await("the restarted instance to own partitions", Duration.ofSeconds(30), () -> !last.partitions().isEmpty()
                    && a.partitions().size() + b.partitions().size() + last.partitions().size() == 6);
        } finally {
            victim.kill();
            if (reborn != null) {
                reborn.kill();
            }
            a.close();
            b.close();
        }
    }

    @Test
    void anInstanceLeavingCleanlyAndAnotherJoiningMidStreamLoseNothingAndDoubleNothing() throws Exception {
        int n = 60_000;
        List<String> lines = draws(31, n);
        kafka.createTopic("churn", 6);
        CompletableFuture<Void> producing = producePaced("churn", lines);
        KafkaInstance a = instance("churn", "churn");
        KafkaInstance b = instance("churn", "churn");
        KafkaInstance c = null;
        try {
            await("both to contribute", Duration.ofSeconds(60), () -> a.contributed() > 0 && b.contributed() > 0);
            b.close(); // leaves the group with a batch possibly in flight
            long atLeave = a.observations();
            assertTrue(atLeave < n, "left mid-stream, at " + atLeave);
            c = instance("churn", "churn");
            KafkaInstance joined = c;
            producing.get();
            await("all " + n + " observations", Duration.ofSeconds(120),
                    () -> a.observations() == n && joined.observations() == n);
            Thread.sleep(1_000); // nothing more may come: no record applied twice
            assertEquals(n, a.observations());
            assertEquals(n, c.observations());
            assertArrayEquals(a.posterior(), c.posterior(), 0.0);
            assertEquals(n, a.contributed() + b.contributed() + c.contributed(),
                    "what each instance contributed adds up to what was produced");
            for (int p = 0; p < 6; p++) {
                assertEquals((long) n / 6, a.offsets().get(p));
            }
        } finally {
            a.close();
            b.close();
            if (c != null) {
                c.close();
            }
        }
    }

    /**
     * Produces the lines in chunks of 3,000 (a multiple of 6, so line i always goes to partition
     * i mod 6), 400 ms apart, so that the instances are still reading when the test acts on them.
     */
    private static CompletableFuture<Void> producePaced(String topic, List<String> lines) {
        return producePaced(topic, lines, () -> true);
    }

    /**
     * Produces 3,000 lines every 0.4 s; past the first half, waits (up to 60 s) until
     * {@code halfway} holds (for example: a child process has been given partitions), so that a
     * process slow to start on a loaded machine still joins mid-stream rather than after the end.
     */
    private static CompletableFuture<Void> producePaced(String topic, List<String> lines,
                                                        java.util.function.BooleanSupplier halfway) {
        return CompletableFuture.runAsync(() -> {
            for (int from = 0; from < lines.size(); from += 3_000) {
                if (from == lines.size() / 2) {
                    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                    while (!halfway.getAsBoolean() && System.nanoTime() < deadline) {
                        try {
                            Thread.sleep(50);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                    }
                }
                produce(kafka.bootstrap(), topic, lines.subList(from, from + 3_000), 6);
                try {
                    Thread.sleep(400);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        });
    }

    /** {@code vistream serve} reading the topic, in a process of its own, killable without a clean shutdown. */
    private static final class Child {

        private static final Pattern LISTENING = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)/");
        private final Process process;
        private final CompletableFuture<Integer> port = new CompletableFuture<>();
        private final StringBuilder stderr = new StringBuilder();
        private final HttpClient http = HttpClient.newHttpClient();

        private Child(Process process) {
            this.process = process;
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        synchronized (stderr) {
                            stderr.append(line).append('\n');
                        }
                        Matcher m = LISTENING.matcher(line);
                        if (m.find()) {
                            port.complete(Integer.parseInt(m.group(1)));
                        }
                    }
                } catch (IOException e) {
                    port.completeExceptionally(e);
                }
            });
            reader.setDaemon(true);
            reader.start();
        }

        static Child start(String topic, String group) throws IOException {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                    "vistream.app.Main", "serve", "--kafka-bootstrap", kafka.bootstrap(), "--topic", topic, "--group", group,
                    "--port", "0", "--k", "3", "--sigma0", "10", "--sigma", "1", "--weights", "uniform", "--update", "svb", "--batch-size", "500",
                    "--max-delay", "200", "--seed", "1", "--checkpoint-interval", "0.5",
                    "--kafka-property", "session.timeout.ms=6000", "--kafka-property", "heartbeat.interval.ms=500");
            pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
            return new Child(pb.start());
        }

        private JsonNode kafkaState() {
            try {
                int p = port.get(30, java.util.concurrent.TimeUnit.SECONDS);
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + p + "/api/model"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                return new ObjectMapper().readTree(r.body()).path("model").path("kafka");
            } catch (Exception e) {
                synchronized (stderr) {
                    throw new AssertionError("the child serve is not answering; its stderr:\n" + stderr, e);
                }
            }
        }

        long contributed() {
            return process.isAlive() ? kafkaState().path("contributed").asLong() : 0;
        }

        long observations() {
            return kafkaState().path("observations").asLong();
        }

        private volatile boolean joined;

        /**
         * Whether this child has been given partitions at some time. Once true it stays true, even
         * after the child is killed (it is killed only once it has contributed, so it had joined).
         */
        boolean joined() {
            if (!joined) {
                try {
                    joined = !partitions().isEmpty();
                } catch (AssertionError e) {
                    // Not answering because it is being killed: give the kill a moment to finish.
                    try {
                        if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                            throw e;
                        }
                    } catch (InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                        throw e;
                    }
                    joined = true;
                }
            }
            return joined;
        }

        java.util.Set<Integer> partitions() {
            java.util.Set<Integer> out = new java.util.HashSet<>();
            kafkaState().path("partitions").forEach(p -> out.add(p.asInt()));
            return out;
        }

        /** SIGKILL: no shutdown hook, no checkpoint, no leaving the group. */
        void kill() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor();
        }
    }
}
