package vistream.app.kafka;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;
import vistream.app.config.UserError;
import vistream.app.source.LineParser;
import vistream.core.drift.PageHinkley;
import vistream.core.mixture.ConjugateMixture;
import vistream.streaming.BatchDelta;
import vistream.streaming.InvalidObservation;
import vistream.streaming.PosteriorSnapshot;
import vistream.streaming.SnapshotJson;
import vistream.streaming.StreamOptions;

/**
 * One instance of a group that shares a posterior over a Kafka topic. It consumes its share of the
 * partitions (Kafka's consumer group decides which), measures each minibatch under the shared
 * posterior, publishes the delta to the deltas log and waits until the fold has taken or skipped
 * it before it measures the next; a {@link DeltaFollower} folds the log. So one instance alone
 * gives exactly the posterior of {@code stream} over the same batches, and several hold the same
 * posterior at every point of the log.
 *
 * <p>Delivery: a batch's records count once they are in a folded delta, and the fold records the
 * offsets it covers. Every {@code checkpointInterval} the instance writes the fold's latest
 * checkpoint to the compacted state topic and then commits those offsets for the group, so the
 * group's offsets never run ahead of a checkpoint. A restarted instance starts from the state topic's
 * checkpoint, folds the deltas after it, and reads each partition it is given from the fold's
 * offsets, never the group's: nothing is lost and nothing applied twice (see {@link FoldState} for
 * why a rebalance cannot double a record).
 *
 * <p>Invalid records go to the dead-letter topic before the delta that counts them is published
 * (at least once: a record whose batch the fold skipped is sent again by whoever rereads it, with
 * the same key, {@code topic-partition-offset}).
 *
 * <p>An outage of the brokers stops nothing: every call to them that fails with a retriable error
 * is tried again with {@link RetryBackoff} for as long as it lasts, and {@link #outage()} says so
 * meanwhile. A delta is sent again until it is acknowledged or the fold has met a copy of it. The
 * fold takes a delta only where it continues its offsets, so of all the copies at most one is
 * folded: nothing is applied twice.
 */
public final class KafkaInstance implements AutoCloseable {

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);
    /**
     * How long a consumer's call that needs an answer (a log's end, a partition's beginning) waits
     * before it counts as failed and is tried again, unless {@code default.api.timeout.ms} is set:
     * Kafka's own default of a minute would hide an outage from the health check for as long.
     */
    private static final int API_TIMEOUT_MILLIS = 10_000;

    private final KafkaSettings settings;
    private final ConjugateMixture model;
    private final StreamOptions options;
    private final String instance = UUID.randomUUID().toString();
    private final String fingerprint;
    private final KafkaProducer<byte[], byte[]> producer;
    private final DeltaFollower follower;
    private final RecordPoller poller;
    private final Consumer<PosteriorSnapshot> onSnapshot;
    private final PrintWriter log;
    private final BrokerOutage outage;
    private final Sinks.Many<PosteriorSnapshot> published = Sinks.many().unicast().onBackpressureBuffer();
    private final Disposable publishing;
    private final CountDownLatch publishedAll = new CountDownLatch(1);
    private final AtomicLong seq = new AtomicLong();
    private final AtomicLong contributed = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Disposable pipeline;
    private final Disposable checkpoints;
    private volatile StateRecord written;
    private volatile Throwable failure;

    private KafkaInstance(KafkaSettings settings, ConjugateMixture model, StreamOptions options, LineParser parser,
            Duration checkpointInterval, Consumer<PosteriorSnapshot> onSnapshot, PrintWriter log) {
        this.settings = settings;
        this.model = model;
        this.options = options;
        this.onSnapshot = onSnapshot;
        this.log = log;
        this.outage = new BrokerOutage(settings.bootstrap(), log, System::nanoTime);
        this.fingerprint = GroupSettings.fingerprint(model, options);
        KafkaTopics.prepare(settings);
        StateRecord state = KafkaTopics.latestState(clientConfig(false), settings.stateTopic());
        if (state != null && !state.settings().equals(fingerprint)) {
            throw new UserError(different());
        }
        FoldState start = state == null ? FoldState.empty(model, options) : FoldState.of(model, options, state);
        this.written = state;
        this.producer = new KafkaProducer<>(producerConfig());
        if (start.posterior().snapshot() != null) {
            onSnapshot.accept(start.posterior().snapshot());
        }
        // The snapshots of own deltas go out in fold order, off the follower's thread, each sent
        // until the broker has it.
        this.publishing = published.asFlux()
                .concatMap(snapshot -> deliver(settings.snapshotTopic(), settings.group(),
                        bytes(SnapshotJson.write(snapshot)), () -> false)
                        .onErrorResume(error -> {
                            log.println("vistream serve: cannot publish a snapshot to " + settings.snapshotTopic()
                                    + ": " + error);
                            log.flush();
                            return Mono.empty();
                        }))
                .doFinally(signal -> publishedAll.countDown())
                .subscribe();
        this.follower = new DeltaFollower(clientConfig(false), settings.deltasTopic(), start, instance, this::onFold,
                log, outage);
        this.poller = new RecordPoller(clientConfig(true), settings.topic(), settings.deltasTopic(), parser,
                model.dimension(), options.batchSize(), options.maxBatchDelay(), follower::fold, outage);
        this.pipeline = poller.batches()
                .concatMap(batch -> absorb(batch), 0)
                .subscribe(null, this::fail, finished::countDown);
        long every = Math.max(1, checkpointInterval.toMillis());
        this.checkpoints = Schedulers.boundedElastic().schedulePeriodically(this::checkpoint, every, every,
                TimeUnit.MILLISECONDS);
    }

    /**
     * Starts an instance: creates the topics it writes if they are missing, reads the latest
     * checkpoint of the group's state topic, and joins the consumer group.
     *
     * @param settings           complete settings ({@link KafkaSettings#complete()})
     * @param model              the model; every instance of the group must use the same
     * @param options            batching, rule and reporting, the same on every instance; its
     *                           {@code onInvalid} and {@code onBatch} hear of this instance's records
     * @param parser             parses one record's value
     * @param checkpointInterval how often to write the state topic and commit offsets
     * @param onSnapshot         told of every snapshot the fold emits (all instances' batches), on the
     *                           follower's thread
     * @param log                where messages go
     * @return the running instance
     * @throws vistream.app.cli.UserError if the broker or the topics cannot be used
     */
    public static KafkaInstance start(KafkaSettings settings, ConjugateMixture model, StreamOptions options,
            LineParser parser, Duration checkpointInterval, Consumer<PosteriorSnapshot> onSnapshot, PrintWriter log) {
        requireResolvable(settings.bootstrap());
        try {
            return new KafkaInstance(settings, model, options, parser, checkpointInterval, onSnapshot, log);
        } catch (org.apache.kafka.common.KafkaException e) {
            // A broker address that does not resolve, or a client setting Kafka refuses, is the
            // user's to fix: one line naming it, not the client's stack trace.
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof org.apache.kafka.common.config.ConfigException config) {
                    throw new UserError("cannot use Kafka at " + settings.bootstrap() + ": " + config.getMessage());
                }
            }
            throw e;
        }
    }

    /**
     * Refuses a broker list none of whose hosts resolves, before any client is made: the client would
     * log a warning per host and fail with its own trace, where one line is what the user needs.
     */
    private static void requireResolvable(String bootstrap) {
        if (bootstrap == null || bootstrap.isBlank()) {
            throw new UserError("Kafka needs a broker address (--kafka-bootstrap HOST:PORT)");
        }
        for (String server : bootstrap.split(",")) {
            String s = server.strip();
            int colon = s.lastIndexOf(':');
            String host = colon > 0 ? s.substring(0, colon) : s;
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            try {
                java.net.InetAddress.getByName(host);
                return;
            } catch (java.net.UnknownHostException e) {
                // try the next
            }
        }
        throw new UserError("cannot use Kafka at " + bootstrap + ": no broker host resolves");
    }

    /** Measures, publishes and awaits the fold's verdict on one batch. */
    private Mono<Void> absorb(RecordBatch batch) {
        long began = System.nanoTime();
        return Mono.fromCallable(() -> measure(batch)).subscribeOn(Schedulers.parallel())
                // The dead letters are on the broker before the delta that counts them is sent.
                .flatMap(record -> Flux.fromIterable(batch.rejected())
                        .concatMap(dead -> deliver(settings.deadLetterTopic(),
                                settings.topic() + "-" + dead.partition() + "-" + dead.offset(),
                                KafkaJson.write(deadLetter(dead)), () -> false))
                        .then(Mono.defer(() -> {
                            CompletableFuture<DeltaFollower.Verdict> verdict = follower.verdict(record.seq());
                            // Once the fold has met a copy, the verdict is in: no need to send another.
                            return deliver(settings.deltasTopic(), instance, KafkaJson.write(record), verdict::isDone)
                                    .then(Mono.fromFuture(verdict));
                        })))
                .doOnNext(verdict -> settle(batch, began, verdict))
                .then();
    }

    /** Measures a batch under the fold as it stands (which holds this instance's previous delta). */
    private DeltaRecord measure(RecordBatch batch) {
        FoldState at = follower.fold();
        BatchDelta delta = batch.size() > 0
                ? at.posterior().measure(batch.rows(), batch.size(), batch.rejected().size(), System.currentTimeMillis())
                : emptyDelta(batch.rejected().size(), at);
        return new DeltaRecord(instance, fingerprint, seq.getAndIncrement(), batch.ranges(), delta);
    }

    /**
     * Sends one record until the broker has it, trying again with backoff while the error is
     * retriable (the outage hears of each failure); completes empty without sending once
     * {@code moot} holds.
     */
    private Mono<RecordMetadata> deliver(String topic, String key, byte[] value, BooleanSupplier moot) {
        String operation = "publishing to " + topic;
        Mono<RecordMetadata> once = Mono.defer(() -> {
            if (moot.getAsBoolean()) {
                outage.succeeded(operation); // the fold met a copy: the broker has it
                return Mono.empty();
            }
            return send(topic, key, value).doOnNext(sent -> outage.succeeded(operation));
        });
        return once.retryWhen(RetryBackoff.retry(outage, operation)).doOnError(error -> outage.abandoned(operation));
    }

    /** Sends one record once; completes when the broker has it. */
    private Mono<RecordMetadata> send(String topic, String key, byte[] value) {
        return Mono.<RecordMetadata>create(sink -> producer.send(new ProducerRecord<>(topic, bytes(key), value),
                (metadata, error) -> {
                    if (error != null) {
                        sink.error(error);
                    } else {
                        sink.success(metadata);
                    }
                }))
                // send() may wait for metadata or buffer space: not on a parallel thread.
                .subscribeOn(Schedulers.boundedElastic());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private BatchDelta emptyDelta(int rejected, FoldState at) {
        long[] components = at.posterior().components();
        ConjugateMixture current = model.withComponents(components.length);
        return new BatchDelta(0, rejected, new double[components.length], new double[current.momentsLength()],
                0.0, 0.0, PageHinkley.State.EMPTY, List.of(), System.currentTimeMillis(), !at.posterior().hasPosterior(),
                components, new double[0], new double[0]);
    }

    private Map<String, Object> deadLetter(RecordBatch.DeadLetter dead) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("time", Instant.now().toString());
        m.put("topic", settings.topic());
        m.put("partition", dead.partition());
        m.put("offset", dead.offset());
        m.put("reason", dead.reason().tag());
        m.put("message", dead.message());
        m.put("content", dead.content());
        return m;
    }

    private void settle(RecordBatch batch, long began, DeltaFollower.Verdict verdict) {
        if (verdict.folded()) {
            contributed.addAndGet(batch.size());
            for (RecordBatch.DeadLetter dead : batch.rejected()) {
                options.onInvalid().accept(new InvalidObservation(dead.offset(), dead.reason(), dead.content(),
                        dead.message()));
            }
            if (batch.size() > 0) {
                options.onBatch().onBatch(batch.size(), System.nanoTime() - began);
            }
            return;
        }
        if (!fingerprint.equals(verdict.fold().settings())) {
            throw new UserError(different());
        }
        // Another instance's delta covered some of these records first: reread from the fold.
        skipped.incrementAndGet();
        Map<Integer, Long> from = new HashMap<>();
        for (DeltaRecord.Range r : batch.ranges()) {
            Long at = verdict.fold().offsets().get(r.partition());
            from.put(r.partition(), at != null ? at : r.from());
        }
        poller.reseek(from);
    }

    private String different() {
        return "this instance's model or update settings differ from those group " + settings.group()
                + " folds its deltas with (the model, k, the prior, the update rule, the drift settings and every "
                + "must be the same on every instance)";
    }

    /** On the follower's thread: hands on what the fold emitted, and publishes the snapshots of own deltas. */
    private void onFold(DeltaRecord record, boolean folded, FoldState fold) {
        PosteriorSnapshot emitted = folded ? fold.posterior().emitted() : null;
        if (emitted == null) {
            return;
        }
        onSnapshot.accept(emitted);
        if (settings.snapshotTopic() != null && record.instance().equals(instance)) {
            published.tryEmitNext(emitted);
        }
    }

    /**
     * Writes the fold's latest checkpoint to the state topic, then commits the offsets it covers.
     * One that cannot be written is tried again at the next interval.
     */
    private synchronized void checkpoint() {
        StateRecord latest = follower.fold().checkpoint();
        if (latest == null || latest == written) {
            return;
        }
        String operation = "writing the checkpoint to " + settings.stateTopic();
        try {
            producer.send(new ProducerRecord<>(settings.stateTopic(), bytes(settings.group()),
                    KafkaJson.write(latest))).get(30, TimeUnit.SECONDS);
            written = latest;
            outage.succeeded(operation);
            poller.commit(latest.offsets());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            if (RetryBackoff.retriable(e)) {
                outage.failed(operation, RetryBackoff.cause(e));
            } else {
                log.println("vistream serve: cannot write the checkpoint to " + settings.stateTopic() + ": "
                        + RetryBackoff.cause(e));
                log.flush();
            }
        }
    }

    private void fail(Throwable error) {
        failure = error;
        log.println("vistream serve: the Kafka pipeline failed: " + error);
        log.flush();
        finished.countDown();
    }

    /**
     * Whether the brokers answer, for the health check.
     *
     * @return while they do not (some call to them has failed and not yet succeeded since), one
     *         line naming the brokers, for how long and what fails; empty while they answer
     */
    public Optional<String> outage() {
        return outage.reason();
    }

    /** @return calls to the brokers that failed and were tried again, since the start */
    public long retries() {
        return outage.retries();
    }

    /** @return the observations of this instance's batches that the fold took */
    public long contributed() {
        return contributed.get();
    }

    /** @return this instance's deltas the fold skipped (their records were read again) */
    public long skipped() {
        return skipped.get();
    }

    /**
     * @return records of this instance's partitions not yet measured: still on the broker (as of
     *         the last fetch) or buffered
     */
    public long backlog() {
        return poller.backlog();
    }

    /** @return the next offset of the deltas log the fold will read */
    public long position() {
        return follower.fold().position();
    }

    /** @return valid observations in the shared posterior, all instances' */
    public long observations() {
        return follower.fold().posterior().observations();
    }

    /** @return invalid records counted by the fold, all instances' */
    public long rejected() {
        return follower.fold().posterior().rejected();
    }

    /** @return λ of the shared posterior */
    public double[] posterior() {
        return follower.fold().posterior().posterior();
    }

    /** @return per partition of the topic, the next offset the fold expects */
    public Map<Integer, Long> offsets() {
        return follower.fold().offsets();
    }

    /** @return the partitions of the topic this instance reads now */
    public java.util.Set<Integer> partitions() {
        return poller.owned();
    }

    /** @return the topic of observations */
    public String topic() {
        return settings.topic();
    }

    /** @return this instance's id in the deltas log */
    public String id() {
        return instance;
    }

    /** @return what stopped the pipeline, or null */
    public Throwable failure() {
        Throwable f = failure;
        return f != null ? f : follower.failure();
    }

    /**
     * Blocks until the pipeline has stopped.
     *
     * @throws InterruptedException if the waiting thread is interrupted
     */
    public void awaitStop() throws InterruptedException {
        finished.await();
    }

    /**
     * Stops cleanly: no new batch is started, the one in flight is settled, the checkpoint is
     * written and committed, the group is left, the clients close. Safe to call more than once.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        // In an outage the batch in flight cannot be settled, nor the checkpoint written: the group
        // resumes from the last checkpoint and the deltas log after it, which loses nothing.
        boolean reachable = outage.reason().isEmpty();
        poller.close();
        try {
            if (!reachable || !finished.await(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                pipeline.dispose();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pipeline.dispose();
        }
        checkpoints.dispose();
        if (reachable) {
            checkpoint();
        }
        follower.close();
        published.tryEmitComplete();
        try {
            if (!reachable || !publishedAll.await(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                publishing.dispose();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            publishing.dispose();
        }
        producer.close(reachable ? Duration.ofSeconds(10) : Duration.ZERO);
    }

    private Map<String, Object> clientConfig(boolean grouped) {
        Map<String, Object> c = known(ConsumerConfig.configNames());
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrap());
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.putIfAbsent(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, API_TIMEOUT_MILLIS);
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, "vistream-" + (grouped ? "poll-" : "deltas-") + instance);
        if (grouped) {
            c.put(ConsumerConfig.GROUP_ID_CONFIG, settings.group());
            c.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        } else {
            c.remove(ConsumerConfig.GROUP_ID_CONFIG);
            c.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
            // A gap in the deltas log (retention passed a checkpoint) must stop the fold, never
            // be jumped silently.
            c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
        }
        return c;
    }

    /** The user's client properties that a client of this kind knows (the others it would warn about). */
    private Map<String, Object> known(java.util.Set<String> names) {
        Map<String, Object> c = new HashMap<>();
        settings.properties().forEach((k, v) -> {
            if (names.contains(k)) {
                c.put(k, v);
            }
        });
        return c;
    }

    private Map<String, Object> producerConfig() {
        Map<String, Object> c = known(ProducerConfig.configNames());
        c.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrap());
        c.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        c.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        c.put(ProducerConfig.ACKS_CONFIG, "all");
        c.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // Each batch waits for its own delta to come back: do not hold it back to fill a batch.
        c.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 0);
        c.put(ProducerConfig.CLIENT_ID_CONFIG, "vistream-" + instance);
        return c;
    }
}
