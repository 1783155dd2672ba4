package vistream.app.kafka;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import vistream.app.source.LineParser;
import vistream.core.inference.UpdateRule;
import vistream.core.mixture.KnownVarianceGaussianMixture;
import vistream.streaming.StreamOptions;

/**
 * A group of 1, 2 or 3 instances on one in-process broker, end to end: 1,000,000 observations
 * (K = 10, D = 1, as text records) produced to a topic of six partitions once the group has split
 * them, measured until every instance has folded all of them. Streaming VB, batches of 1,000
 * ({@code -p batch=…} for others). The score is microseconds per observation; its inverse is the
 * group's throughput. Everything (broker, producer, instances) shares the machine's cores, so the
 * figure shows the overhead of sharing a posterior, not scaling.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(1)
public class KafkaGroupBenchmark {

    private static final int OBSERVATIONS = 1_000_000;
    private static final KnownVarianceGaussianMixture MODEL = new KnownVarianceGaussianMixture(10, 30.0, 1.0);

    @Param({"1", "2", "3"})
    int instances;

    /** Observations per batch: each costs an instance one broker round trip. */
    @Param({"1000"})
    int batch;

    private EmbeddedKafka kafka;
    private byte[][] values;
    private int round;
    private String topic;
    private final List<KafkaInstance> group = new ArrayList<>();

    @Setup(Level.Trial)
    public void startBroker() throws IOException {
        kafka = EmbeddedKafka.start();
        SplittableRandom random = new SplittableRandom(1);
        values = new byte[OBSERVATIONS][];
        for (int i = 0; i < OBSERVATIONS; i++) {
            double u = 1.0 - random.nextDouble();
            values[i] = Double.toString(3.0 * random.nextInt(10)
                    + Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble()))
                    .getBytes(StandardCharsets.UTF_8);
        }
    }

    /** A fresh topic and group each time, the group joined and the partitions split before the clock starts. */
    @Setup(Level.Invocation)
    public void startGroup() throws InterruptedException {
        round++;
        topic = "bench-" + instances + "-" + round;
        kafka.createTopic(topic, 6);
        StreamOptions options = StreamOptions.builder().batchSize(batch).maxBatchDelay(Duration.ofMillis(100))
                .updateRule(new UpdateRule.StreamingVb()).initialMeans(0, 3, 6, 9, 12, 15, 18, 21, 24, 27).build();
        for (int i = 0; i < instances; i++) {
            group.add(KafkaInstance.start(KafkaTesting.settings(kafka.bootstrap(), topic, topic), MODEL, options,
                    new LineParser(1), Duration.ofSeconds(5), s -> { }, new PrintWriter(new StringWriter(), true)));
        }
        KafkaTesting.await("the group to split the partitions", Duration.ofSeconds(60),
                () -> group.stream().allMatch(x -> !x.partitions().isEmpty())
                        && group.stream().mapToInt(x -> x.partitions().size()).sum() == 6);
    }

    @TearDown(Level.Invocation)
    public void stopGroup() {
        group.forEach(KafkaInstance::close);
        group.clear();
    }

    /**
     * Produces the observations as fast as the broker takes them (acks from the leader, five
     * requests in flight, 256 KiB batches): the producer must not be what is measured. Order
     * within a partition may differ from the list's after a retry, which does not matter here.
     */
    private void produce() {
        Map<String, Object> c = new HashMap<>();
        c.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap());
        c.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        c.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        c.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
        c.put(ProducerConfig.ACKS_CONFIG, "1");
        c.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        c.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(c)) {
            for (int i = 0; i < OBSERVATIONS; i++) {
                producer.send(new ProducerRecord<>(topic, i % 6, null, values[i]));
            }
            producer.flush();
        }
    }

    @TearDown(Level.Trial)
    public void stopBroker() {
        kafka.close();
    }

    @Benchmark
    @OperationsPerInvocation(OBSERVATIONS)
    public long group() throws InterruptedException {
        produce();
        KafkaTesting.await("the group to fold everything", Duration.ofMinutes(5),
                () -> group.stream().allMatch(x -> x.observations() == OBSERVATIONS));
        return group.get(0).observations();
    }
}
