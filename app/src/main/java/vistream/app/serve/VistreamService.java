package vistream.app.serve;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;
import reactor.netty.DisposableServer;
import vistream.app.config.ModelSpec;
import vistream.app.config.PosteriorSettings;
import vistream.app.source.ModelInput;
import vistream.app.source.Printable;
import vistream.app.config.UserError;
import vistream.app.kafka.KafkaInstance;
import vistream.app.kafka.KafkaMeters;
import vistream.app.source.LineParser;
import vistream.core.mixture.ConjugateMixture;
import vistream.metrics.MeterScope;
import vistream.metrics.MonitorOptions;
import vistream.metrics.StreamMonitor;
import vistream.metrics.VistreamMetrics;
import vistream.streaming.PosteriorSnapshot;
import vistream.streaming.StreamOptions;

/**
 * The running service: a source (a file, followed or not; stdin; or the synthetic feed) merged
 * with HTTP ingest, through the streaming recipe, into the metrics, the HTTP API and the
 * checkpoint file. {@link #start} wires and starts it; {@link #stop} shuts it down cleanly: intake
 * stops, the batch in flight is finished, the checkpoint is written, the server closes.
 */
public final class VistreamService {

    /** Capacity of the HTTP ingest queue, in observations. */
    static final int INGEST_CAPACITY = 1 << 16;
    /** The longest a stop waits for the stream to drain, in seconds. */
    static final int STOP_SECONDS = 15;
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(STOP_SECONDS);

    private final ServiceSettings config;
    private final ConjugateMixture model;
    private final LineParser parser;
    private final int[] plot;
    private final PrintWriter log;
    private final StreamMonitor monitor;
    private final PrometheusMeterRegistry registry;
    private final RecentObservations recent;
    private final DashboardViews views;
    private final SnapshotHistory history;
    private final Sinks.Many<PosteriorSnapshot> updates = Sinks.many().multicast().directBestEffort();
    private final CountDownLatch finished = new CountDownLatch(1);
    private final CountDownLatch stopDone = new CountDownLatch(1);
    private final Ingest ingest;
    private final DeadLetters deadLetters;
    private final InputPositions positions;
    private final CheckpointFile checkpointFile;
    private final StreamOptions options;
    private final JvmMeters jvmMeters;

    private volatile PosteriorSnapshot latest;
    private volatile String failure;
    private volatile String stopProblem;
    private volatile boolean failedOnSettings;
    private FeedPipeline pipeline;
    private KafkaInstance kafka;
    private Disposable checkpointTimer;
    private DisposableServer server;
    private boolean stopped;

    private VistreamService(ServiceSettings config, PrintWriter log) {
        this.config = config;
        this.log = log;
        this.checkpointFile = config.checkpoint().file() == null ? null : new CheckpointFile(config.checkpoint().file(), log);
        ServiceCheckpoint saved = checkpointFile == null ? null : ServiceCheckpoint.read(checkpointFile.path());
        ModelInput built = buildModel(config, saved == null ? null : saved.settings(), log);
        this.model = built.model();
        this.parser = built.parser();
        this.plot = config.dashboard().dimensions(model.dimension());
        int slots = config.stream().slots(model.components(), model.weightPrior());
        this.monitor = new StreamMonitor(slots, model.dimension(), MonitorOptions.DEFAULTS);
        this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        // In a Kafka group some meters are the shared posterior's and some this instance's: tagged so.
        (config.kafka() != null ? VistreamMetrics.scoped(monitor, Tags.empty()) : new VistreamMetrics(monitor))
                .bindTo(registry);
        this.recent = new RecentObservations(config.dashboard().recent(), plot.length);
        this.views = new DashboardViews(model, recent, plot, () -> latest);
        this.history = new SnapshotHistory(config.dashboard().history(), plot[0]);
        this.ingest = new Ingest(INGEST_CAPACITY, parser);
        if (config.kafka() == null) {
            ingest.bindTo(registry); // with Kafka posts are turned away (409): there is no queue to refuse from
        }
        this.options = config.stream().options(model.dimension(), model.weightPrior())
                .onInvalid(this::onInvalid)
                .onBatch(monitor.batchListener())
                .build();
        PosteriorSettings settings = PosteriorSettings.of(model, options.updateRule());
        ServiceCheckpoint resumed = checkpointFile == null ? null : checkpointFile.resume(saved, settings, fileInput());
        this.deadLetters = new DeadLetters(config.rejects(), log);
        if (checkpointFile != null) {
            checkpointFile.bindTo(registry);
        }
        if (resumed != null && resumed.snapshot().clusters() > slots) {
            throw new UserError("checkpoint " + config.checkpoint().file() + " holds " + resumed.snapshot().clusters()
                    + " clusters, more than this run can keep (" + slots + "): raise max-k or turn moves back on, "
                    + "or move it away to start afresh");
        }
        this.positions = new InputPositions(resumed == null ? 0 : resumed.line());
        this.latest = resumed == null ? null : resumed.snapshot();
        if (latest != null) {
            monitor.onSnapshot(latest);
            history.add(latest);
        }
        startPipeline(resumed);
        // Last: a start that fails before it leaves no GC listener behind; stop() unhooks it. In a
        // Kafka group the process is the instance's own.
        Tags process = config.kafka() != null ? Tags.of(MeterScope.INSTANCE.tag()) : Tags.empty();
        this.jvmMeters = JvmMeters.bind(registry, config.jvmMetrics(), process);
    }

    /**
     * Starts the service.
     *
     * @param config complete settings (layered over {@link ServiceConfig#DEFAULTS})
     * @param log    where messages go
     * @return the running service
     * @throws UserError                for settings that cannot work
     * @throws IllegalArgumentException for a corrupt checkpoint or out-of-range settings
     */
    public static VistreamService start(ServiceConfig config, PrintWriter log) {
        return start(config.resolve(), log);
    }

    /**
     * Starts the service.
     *
     * @param settings the resolved settings
     * @param log      where messages go
     * @return the running service
     * @throws UserError                for settings that cannot work
     * @throws IllegalArgumentException for a corrupt checkpoint
     */
    public static VistreamService start(ServiceSettings settings, PrintWriter log) {
        VistreamService service = new VistreamService(settings, log);
        ServiceSettings.Server server = settings.server();
        try {
            service.server = new HttpApi(service.readings(), server.policy()).bind(server.bind(), server.port());
        } catch (RuntimeException e) {
            service.stop();
            throw new UserError("cannot listen on " + server.bind() + ":" + server.port() + ": " + e.getMessage());
        }
        return service;
    }

    /**
     * The model and the parser of its input lines. A Gaussian–Wishart model's data-dependent prior
     * comes from the first batch of the input (the file's, or the synthetic feed's; stdin and Kafka
     * need it given), or, when resuming, from the checkpoint, which recorded the defaults the data gave
     * it even if the file it came from was rotated away since.
     */
    private static ModelInput buildModel(ServiceSettings config, PosteriorSettings resumed, PrintWriter log) {
        ModelSpec spec = config.model();
        if (spec instanceof ModelSpec.GaussianWishart gw && resumed != null && gw.mean0() == null
                && gw.covariance0() == null && resumed.numbers("mean0") != null) {
            spec = gw.withPrior(resumed.numbers("mean0"), resumed.numbers("covariance0"));
            log.println("vistream serve: the prior's mean0 and covariance0 are the checkpoint's");
        }
        String input = config.source().input();
        if (config.kafka() != null) {
            return ModelInput.ofLines(spec, "Kafka");
        }
        if (input == null) {
            double[] head = new double[Math.max(2, config.stream().batchSize())];
            for (int i = 0; i < head.length; i++) {
                head[i] = SyntheticFeed.observation(config.source().seed(), i);
            }
            return ModelInput.ofSynthetic(spec, head);
        }
        if (input.equals("-")) {
            return ModelInput.ofLines(spec, "stdin");
        }
        return ModelInput.ofFile(spec, Path.of(input), config.stream().batchSize());
    }

    private String fileInput() {
        return config.source().file();
    }

    private void startPipeline(ServiceCheckpoint resumed) {
        if (config.kafka() != null) {
            startKafka(options);
            return;
        }
        pipeline = new FeedPipeline(new FeedPipeline.Parts(config.source(), model, options, parser, ingest, recent, plot,
                positions),
                resumed, this::onSnapshot, this::onFailure, finished::countDown);
        if (checkpointFile != null) {
            long every = config.checkpoint().interval().toMillis();
            checkpointTimer = Schedulers.boundedElastic().schedulePeriodically(this::writeCheckpoint, every, every,
                    TimeUnit.MILLISECONDS);
        }
    }

    /** One instance of the Kafka group; the service ends when its pipeline does. */
    private void startKafka(StreamOptions options) {
        kafka = KafkaInstance.start(config.kafka(), model, options, parser, config.checkpoint().interval(),
                this::onSnapshot, log);
        new KafkaMeters(kafka, Tags.empty()).bindTo(registry);
        Thread watcher = new Thread(() -> {
            try {
                kafka.awaitStop();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (kafka.failure() != null) {
                onFailure(kafka.failure());
            } else {
                finished.countDown();
            }
        }, "vistream-kafka-watch");
        watcher.setDaemon(true);
        watcher.start();
    }

    private void onSnapshot(PosteriorSnapshot snapshot) {
        latest = snapshot;
        monitor.onSnapshot(snapshot);
        history.add(snapshot);
        updates.tryEmitNext(snapshot);
        if (checkpointFile != null) {
            checkpointFile.offer(snapshot, positions.lineBefore(snapshot.observations() + snapshot.rejected()));
        }
    }

    private void onInvalid(vistream.streaming.InvalidObservation invalid) {
        monitor.onInvalid(invalid);
        deadLetters.accept(invalid);
    }

    private void onFailure(Throwable error) {
        // The message may quote input: escaped, so that it cannot forge log lines.
        failure = Printable.escape(error.getMessage() == null ? error.toString() : error.getMessage());
        failedOnSettings = error instanceof UserError;
        log.println("vistream serve: the stream failed: " + failure);
        log.flush();
        finished.countDown();
    }

    /** Writes the latest checkpoint, if it is new; returns whether the file holds it. */
    private boolean writeCheckpoint() {
        return checkpointFile == null || checkpointFile.writeLatest();
    }

    /**
     * Stops cleanly: intake stops, the batch in flight is absorbed, the checkpoint is written, the
     * dead-letter file is flushed and the server closes. Safe to call more than once.
     */
    public void stop() {
        synchronized (this) {
            if (stopped) {
                awaitStopped();
                return;
            }
            stopped = true;
        }
        try {
            stopOnce();
        } finally {
            stopDone.countDown();
        }
    }

    /** A second caller (the shutdown hook while the main thread stops) returns only once the first is done. */
    private void awaitStopped() {
        try {
            stopDone.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void stopOnce() {
        // Ingest first: from here on a post is refused (503), so what was acknowledged is what is queued.
        ingest.complete();
        if (pipeline != null) {
            pipeline.stop();
        }
        if (kafka != null) {
            kafka.close();
        }
        try {
            if (!finished.await(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                stopProblem = "the stream did not finish draining within " + STOP_TIMEOUT.toSeconds() + " s";
                log.println("vistream serve: " + stopProblem);
                if (pipeline != null) {
                    pipeline.dispose();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopProblem = "interrupted while the stream drained";
            if (pipeline != null) {
                pipeline.dispose();
            }
        }
        if (checkpointTimer != null) {
            checkpointTimer.dispose();
        }
        if (!writeCheckpoint()) {
            stopProblem = "the final checkpoint was not written: " + checkpointFile.problem();
            log.println("vistream serve: " + stopProblem);
        }
        deadLetters.close();
        updates.tryEmitComplete();
        if (server != null) {
            server.disposeNow(Duration.ofSeconds(5));
        }
        jvmMeters.close();
        registry.close();
        log.flush();
    }

    /**
     * The exit status the service ends with: 0 when it was stopped cleanly (intake drained, the
     * final checkpoint written), 2 when the stream failed on the user's settings (for example a
     * Kafka group that folds with other settings), 1 for any other failure, a drain that did not end
     * within {@value #STOP_SECONDS} s or a final checkpoint that could not be written.
     *
     * @return the status
     */
    public int exitStatus() {
        return failure != null ? (failedOnSettings ? 2 : 1) : stopProblem != null ? 1 : 0;
    }

    /**
     * What is wrong while the service runs: the stream's failure, a checkpoint that cannot be
     * written, a Kafka broker that does not answer. Empty while healthy.
     *
     * @return one line per problem
     */
    List<String> problems() {
        List<String> problems = new java.util.ArrayList<>(2);
        if (failure != null) {
            problems.add(failure);
        }
        if (checkpointFile != null && checkpointFile.problem() != null) {
            problems.add(checkpointFile.problem());
        }
        if (kafka != null) {
            kafka.outage().ifPresent(problems::add);
        }
        return problems;
    }

    /** Blocks until the service has stopped. */
    public void awaitStop() throws InterruptedException {
        finished.await();
    }

    /** @return the port the HTTP server listens on */
    public int port() {
        return server.port();
    }

    /** @return the address the HTTP server listens on */
    public String host() {
        return config.server().bind();
    }

    /** @return the latest snapshot, or null before the first batch */
    public PosteriorSnapshot latest() {
        return latest;
    }

    /** @return what the HTTP API reads of this service */
    ServiceReadings readings() {
        return new ServiceReadings(() -> latest, updates.asFlux(), history, views, this::modelDescription, this::problems,
                monitor::secondsSinceUpdate, kafka == null ? ingest : null,
                config.kafka() == null ? null : config.kafka().topic(), registry);
    }

    Flux<PosteriorSnapshot> updates() {
        return updates.asFlux();
    }

    String failure() {
        return failure;
    }

    Map<String, Object> modelDescription() {
        return ModelDescription.of(config, model, latest, plot, kafka);
    }

}
