package vistream.app.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;

import vistream.app.source.LineParser;
import vistream.core.mixture.KnownVarianceGaussianMixture;
import vistream.streaming.StreamOptions;

/** The bridge from the consumer to the flux: Kafka's own backpressure, and every record exactly once. */
class RecordPollerTest {

    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startBroker() throws IOException {
        kafka = EmbeddedKafka.start();
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    @Test
    void partitionsPauseWhileNobodyAsksAndEveryRecordComesOnceInOrder() throws Exception {
        kafka.createTopic("bp", 3);
        kafka.createTopic("bp-deltas", 1);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            lines.add(i % 500 == 7 ? "oops" : Integer.toString(i));
        }
        KafkaTesting.produce(kafka.bootstrap(), "bp", lines, 3);
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap());
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "bp");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 50);
        FoldState empty = FoldState.empty(new KnownVarianceGaussianMixture(2, 10, 1), StreamOptions.builder().build());
        RecordPoller poller = new RecordPoller(config, "bp", "bp-deltas", new LineParser(1), 1, 100,
                Duration.ofMillis(300), () -> empty, new BrokerOutage(kafka.bootstrap(),
                        new java.io.PrintWriter(new java.io.StringWriter(), true), System::nanoTime));
        List<RecordBatch> batches = new CopyOnWriteArrayList<>();
        AtomicBoolean completed = new AtomicBoolean();
        BaseSubscriber<RecordBatch> subscriber = new BaseSubscriber<>() {
            @Override
            protected void hookOnSubscribe(Subscription s) {
                request(1);
            }

            @Override
            protected void hookOnNext(RecordBatch batch) {
                batches.add(batch);
            }

            @Override
            protected void hookOnComplete() {
                completed.set(true);
            }
        };
        poller.batches().subscribe(subscriber);
        try {
            KafkaTesting.await("the first batch", Duration.ofSeconds(30), () -> batches.size() == 1);
            // Nobody asks for more: the consumer pauses its partitions once two batches wait.
            KafkaTesting.await("the partitions to pause", Duration.ofSeconds(30), () -> poller.paused() == 3);
            Thread.sleep(500);
            assertEquals(1, batches.size());
            assertTrue(poller.buffered() <= 2 * 100 + 50 + 3, "bounded by two batches and one poll: " + poller.buffered());
            // What is not yet in a batch is the backlog: the records behind the first batch.
            long inFirst = batches.get(0).size() + batches.get(0).rejected().size();
            KafkaTesting.await("the backlog to be known", Duration.ofSeconds(10),
                    () -> poller.backlog() == 3_000 - inFirst);

            subscriber.request(Long.MAX_VALUE);
            KafkaTesting.await("every record", Duration.ofSeconds(30),
                    () -> batches.stream().mapToInt(b -> b.size() + b.rejected().size()).sum() == 3_000);
            assertEquals(0, poller.paused());
            KafkaTesting.await("no backlog", Duration.ofSeconds(10), () -> poller.backlog() == 0);
        } finally {
            poller.close();
        }
        KafkaTesting.await("completion", Duration.ofSeconds(10), completed::get);

        assertEquals(6, batches.stream().mapToInt(b -> b.rejected().size()).sum());
        assertTrue(batches.stream().allMatch(b -> b.size() <= 100));
        for (int p = 0; p < 3; p++) {
            int partition = p;
            List<DeltaRecord.Range> ranges = batches.stream().flatMap(b -> b.ranges().stream())
                    .filter(r -> r.partition() == partition).sorted(Comparator.comparingLong(DeltaRecord.Range::from))
                    .toList();
            long next = 0;
            for (DeltaRecord.Range r : ranges) {
                assertEquals(next, r.from(), "partition " + p + " is covered without gap or overlap");
                next = r.to();
            }
            assertEquals(1_000, next);
        }
        // Value i went to partition i mod 3, in rising order: batch after batch, each partition's
        // values keep rising.
        double[] last = {-1, -1, -1};
        for (RecordBatch b : batches) {
            for (int i = 0; i < b.size(); i++) {
                double v = b.rows()[i];
                int partition = (int) v % 3;
                assertTrue(v > last[partition], v + " after " + last[partition]);
                last[partition] = v;
            }
        }
    }
}
