package vistream.app.serve;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;
import reactor.netty.DisposableServer;
import vistream.app.config.Models;
import vistream.app.config.UserError;
import vistream.app.kafka.KafkaInstance;
import vistream.app.kafka.KafkaMeters;
import vistream.app.source.Line;
import vistream.app.source.LineParser;
import vistream.app.source.MatrixFile;
import vistream.app.source.TextSource;
import vistream.core.mixture.ConjugateMixture;
import vistream.core.mixture.CovarianceType;
import vistream.core.mixture.KnownVarianceGaussianMixture;
import vistream.metrics.MonitorOptions;
import vistream.metrics.StreamMonitor;
import vistream.metrics.VistreamMetrics;
import vistream.streaming.PosteriorSnapshot;
import vistream.streaming.StreamOptions;
import vistream.streaming.VariationalStream;

/**
 * The running service: a source (a file, followed or not; stdin; or the synthetic feed) merged
 * with HTTP ingest, through the streaming recipe, into the metrics, the HTTP API and the
 * checkpoint file. {@link #start} wires and starts it; {@link #stop} shuts it down cleanly: intake
 * stops, the batch in flight is finished, the checkpoint is written, the server closes.
 */
public final class VistreamService {

    /** Capacity of the HTTP ingest queue, in observations. */
    static final int INGEST_CAPACITY = 1 << 16;
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);

    private final ServiceConfig config;
    private final ConjugateMixture model;
    private final LineParser parser;
    private final int[] plot;
    private final PrintWriter log;
    private final StreamMonitor monitor;
    private final PrometheusMeterRegistry registry;
    private final RecentObservations recent;
    private final SnapshotHistory history;
    private final Sinks.Many<PosteriorSnapshot> updates = Sinks.many().multicast().directBestEffort();
    private final Sinks.Empty<Void> stopSignal = Sinks.empty();
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Ingest ingest;
    private final DeadLetters deadLetters;
    private final InputPositions positions;
    private final Path checkpointFile;

    private volatile PosteriorSnapshot latest;
    private volatile ServiceCheckpoint pendingCheckpoint;
    private volatile ServiceCheckpoint writtenCheckpoint;
    private volatile String failure;
    private volatile boolean failedOnSettings;
    private Disposable pipeline;
    private KafkaInstance kafka;
    private Disposable checkpointTimer;
    private DisposableServer server;
    private boolean stopped;

    private VistreamService(ServiceConfig config, PrintWriter log) {
        this.config = config;
        this.log = log;
        ModelAndParser built = buildModel(config);
        this.model = built.model();
        this.parser = built.parser();
        this.plot = plotDimensions(config, model.dimension());
        int slots = Models.movesOn(config.moves(), config.weightPrior()) ? Models.maxComponents(config.maxK(), config.k())
                : model.components();
        this.monitor = new StreamMonitor(slots, model.dimension(), MonitorOptions.DEFAULTS);
        this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        // In a Kafka group some meters are the shared posterior's and some this instance's: tagged so.
        (config.kafka() != null ? VistreamMetrics.scoped(monitor, Tags.empty()) : new VistreamMetrics(monitor))
                .bindTo(registry);
        this.recent = new RecentObservations(config.recent(), plot.length);
        this.history = new SnapshotHistory(config.history(), plot[0]);
        this.ingest = new Ingest(INGEST_CAPACITY, model.dimension());
        this.deadLetters = new DeadLetters(config.rejects() == null ? null : Path.of(config.rejects()), log);
        this.checkpointFile = config.checkpoint() == null ? null : Path.of(config.checkpoint());
        if (config.kafka() != null && checkpointFile != null) {
            throw new UserError("with Kafka the group's state topic holds the checkpoints; drop checkpoint " + checkpointFile);
        }
        ServiceCheckpoint resumed = checkpointFile == null ? null : ServiceCheckpoint.read(checkpointFile);
        if (resumed != null && !Objects.equals(resumed.input(), fileInput())) {
            throw new UserError("checkpoint " + checkpointFile + " was taken on input "
                    + (resumed.input() == null ? "(none)" : resumed.input()) + ", not "
                    + (fileInput() == null ? "(none)" : fileInput()));
        }
        this.positions = new InputPositions(resumed == null ? 0 : resumed.line());
        this.writtenCheckpoint = resumed;
        this.pendingCheckpoint = resumed;
        this.latest = resumed == null ? null : resumed.snapshot();
        if (latest != null) {
            monitor.onSnapshot(latest);
            history.add(latest);
        }
        startPipeline(resumed);
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
        VistreamService service = new VistreamService(config, log);
        try {
            service.server = new HttpApi(service, service.registry, config.maxBodyBytes()).bind(config.bind(), config.port());
        } catch (RuntimeException e) {
            service.stop();
            throw new UserError("cannot listen on " + config.bind() + ":" + config.port() + ": " + e.getMessage());
        }
        return service;
    }

    /** The model and the parser of its input lines. */
    private record ModelAndParser(ConjugateMixture model, LineParser parser) {
    }

    /**
     * The lecture's model, or a Gaussian–Wishart one whose data-dependent prior comes from the first
     * batch of the input: the file's, or the synthetic feed's; stdin needs the prior given.
     */
    private static ModelAndParser buildModel(ServiceConfig config) {
        CovarianceType type = Models.covarianceType(config.model());
        boolean multivariateSettings = config.columns() != null || config.beta0() != null || config.nu0() != null
                || config.mean0() != null || config.covariance0() != null;
        if (type == null) {
            if (multivariateSettings) {
                throw new UserError("columns and the Gaussian-Wishart priors apply to the models spherical, diag and full only");
            }
            return new ModelAndParser(config.knownVarianceModel(), new LineParser(1));
        }
        String input = config.input();
        if (config.kafka() != null) {
            if (config.columns() != null || config.mean0() == null || config.covariance0() == null) {
                throw new UserError("reading Kafka with model " + config.model()
                        + " needs mean0 and covariance0, and takes every field of a record (no columns)");
            }
            int d = config.mean0().length;
            return new ModelAndParser(gaussianWishart(config, type, null, d), new LineParser(d));
        }
        if (input == null) {
            if (config.columns() != null) {
                throw new UserError("columns apply to a file input, not the synthetic feed");
            }
            double[] head = new double[Math.max(2, config.batchSize())];
            for (int i = 0; i < head.length; i++) {
                head[i] = SyntheticFeed.observation(config.seed(), i);
            }
            return new ModelAndParser(gaussianWishart(config, type, head, 1), new LineParser(1));
        }
        if (input.equals("-")) {
            if (config.columns() != null || config.mean0() == null || config.covariance0() == null) {
                throw new UserError("serving stdin with model " + config.model()
                        + " needs mean0 and covariance0, and takes every field of a line (no columns)");
            }
            int d = config.mean0().length;
            return new ModelAndParser(gaussianWishart(config, type, null, d), new LineParser(d));
        }
        MatrixFile.Matrix head = MatrixFile.read(Path.of(input), config.columns(), config.batchSize(), true);
        return new ModelAndParser(gaussianWishart(config, type, head.values(), head.dimension()),
                new LineParser(head.indices(), head.width()));
    }

    private static ConjugateMixture gaussianWishart(ServiceConfig c, CovarianceType type, double[] head, int d) {
        return Models.gaussianWishart(c.k(), type, c.weightPrior(), c.alpha0(), c.beta0(), c.nu0(), c.mean0(),
                c.covariance0(), head, d);
    }

    /** The dimensions the dashboard draws, from 0: the configured pair for D ≥ 2, the only one for D = 1. */
    private static int[] plotDimensions(ServiceConfig config, int d) {
        if (d == 1) {
            return new int[] {0};
        }
        List<Integer> pair = config.plot();
        if (pair.size() != 2 || pair.get(0).equals(pair.get(1)) || pair.get(0) < 1 || pair.get(1) < 1
                || pair.get(0) > d || pair.get(1) > d) {
            throw new UserError("plot must name two different dimensions between 1 and " + d + ", got " + pair);
        }
        return new int[] {pair.get(0) - 1, pair.get(1) - 1};
    }

    private String fileInput() {
        String input = config.input();
        return input == null || input.equals("-") ? null : input;
    }

    private void startPipeline(ServiceCheckpoint resumed) {
        StreamOptions options = config.streamOptions(model.dimension())
                .onInvalid(invalid -> {
                    monitor.onInvalid(invalid);
                    deadLetters.accept(invalid);
                })
                .onBatch(monitor.batchListener())
                .build();
        if (config.kafka() != null) {
            startKafka(options);
            return;
        }
        VariationalStream recipe = resumed == null ? VariationalStream.of(model, options)
                : VariationalStream.resumeFrom(model, options, resumed.snapshot());
        long firstIndex = resumed == null ? 0 : resumed.snapshot().observations() + resumed.snapshot().rejected();
        AtomicLong index = new AtomicLong(firstIndex);
        Flux<Line> input = Flux.merge(primarySource(resumed, firstIndex), ingest.lines())
                .takeUntilOther(stopSignal.asMono())
                .doOnNext(line -> {
                    long at = index.getAndIncrement();
                    if (fileInput() != null && line.source().equals(fileInput())) {
                        positions.record(at, line.number());
                    }
                });
        pipeline = input.transform(recipe.parsing(line -> {
            double[] x = parser.parse(line);
            recent.add(x, plot);
            return x;
        })).subscribe(this::onSnapshot, this::onFailure, finished::countDown);
        if (checkpointFile != null) {
            long every = Math.max(1, (long) (config.checkpointIntervalSeconds() * 1000));
            checkpointTimer = Schedulers.boundedElastic().schedulePeriodically(this::writeCheckpoint, every, every,
                    TimeUnit.MILLISECONDS);
        }
    }

    /** One instance of the Kafka group; the service ends when its pipeline does. */
    private void startKafka(StreamOptions options) {
        long every = Math.max(1, (long) (config.checkpointIntervalSeconds() * 1000));
        kafka = KafkaInstance.start(config.kafka().complete(), model, options, parser, Duration.ofMillis(every),
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

    private Flux<Line> primarySource(ServiceCheckpoint resumed, long firstIndex) {
        String input = config.input();
        if (input == null) {
            return SyntheticFeed.lines(config.seed(), firstIndex, config.rate(), Schedulers.parallel());
        }
        long skipThrough = resumed == null ? 0 : resumed.line();
        return TextSource.lines(input, config.follow()).filter(line -> line.number() > skipThrough);
    }

    private void onSnapshot(PosteriorSnapshot snapshot) {
        latest = snapshot;
        monitor.onSnapshot(snapshot);
        history.add(snapshot);
        updates.tryEmitNext(snapshot);
        if (checkpointFile != null) {
            long line = positions.lineBefore(snapshot.observations() + snapshot.rejected());
            pendingCheckpoint = new ServiceCheckpoint(ServiceCheckpoint.VERSION, snapshot, fileInput(), line);
        }
    }

    private void onFailure(Throwable error) {
        failure = error.getMessage() == null ? error.toString() : error.getMessage();
        failedOnSettings = error instanceof UserError;
        log.println("vistream serve: the stream failed: " + failure);
        log.flush();
        finished.countDown();
    }

    private synchronized void writeCheckpoint() {
        ServiceCheckpoint pending = pendingCheckpoint;
        if (checkpointFile == null || pending == null || pending == writtenCheckpoint) {
            return;
        }
        try {
            pending.write(checkpointFile);
            writtenCheckpoint = pending;
        } catch (IOException e) {
            log.println("vistream serve: cannot write checkpoint " + checkpointFile + ": " + e.getMessage());
            log.flush();
        }
    }

    /**
     * Stops cleanly: intake stops, the batch in flight is absorbed, the checkpoint is written, the
     * dead-letter file is flushed and the server closes. Safe to call more than once.
     */
    public void stop() {
        synchronized (this) {
            if (stopped) {
                return;
            }
            stopped = true;
        }
        stopSignal.tryEmitEmpty();
        ingest.complete();
        if (kafka != null) {
            kafka.close();
        }
        try {
            if (!finished.await(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                log.println("vistream serve: the stream did not finish within " + STOP_TIMEOUT.toSeconds() + " s");
                if (pipeline != null) {
                    pipeline.dispose();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (pipeline != null) {
                pipeline.dispose();
            }
        }
        if (checkpointTimer != null) {
            checkpointTimer.dispose();
        }
        writeCheckpoint();
        deadLetters.close();
        updates.tryEmitComplete();
        if (server != null) {
            server.disposeNow(Duration.ofSeconds(5));
        }
        registry.close();
        log.flush();
    }

    /**
     * The exit status the service ends with: 0 when it was stopped, 2 when the stream failed on the
     * user's settings (for example a Kafka group that folds with other settings), 1 for any other
     * failure.
     *
     * @return the status
     */
    public int exitStatus() {
        return failure == null ? 0 : failedOnSettings ? 2 : 1;
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
        return config.bind();
    }

    /** @return the latest snapshot, or null before the first batch */
    public PosteriorSnapshot latest() {
        return latest;
    }

    StreamMonitor monitor() {
        return monitor;
    }

    Flux<PosteriorSnapshot> updates() {
        return updates.asFlux();
    }

    SnapshotHistory history() {
        return history;
    }

    /** @return the Kafka instance when the service reads Kafka, else null (HTTP ingest is then refused) */
    KafkaInstance kafka() {
        return kafka;
    }

    Ingest ingest() {
        return ingest;
    }

    String failure() {
        return failure;
    }

    Map<String, Object> modelDescription() {
        Map<String, Object> m = new LinkedHashMap<>();
        PosteriorSnapshot now = latest;
        m.put("model", config.model());
        m.put("k", now != null ? now.clusters() : model.components());
        m.put("ids", now != null ? now.ids() : new long[0]);
        m.put("weights", Models.name(config.weightPrior()));
        m.put("moves", Models.movesOn(config.moves(), config.weightPrior()));
        m.put("maxK", Models.maxComponents(config.maxK(), config.k()));
        m.put("dimension", model.dimension());
        if (model instanceof KnownVarianceGaussianMixture known) {
            m.put("sigma0", Math.sqrt(known.priorVariance()));
            m.put("sigma", Math.sqrt(known.variance()));
        }
        m.put("plot", plot.length == 2 ? List.of(plot[0] + 1, plot[1] + 1) : List.of(1));
        m.put("update", config.update());
        m.put("input", config.kafka() != null ? "kafka:" + config.kafka().topic()
                : config.input() == null ? "synthetic" : config.input());
        if (kafka != null) {
            Map<String, Object> k = new LinkedHashMap<>();
            k.put("instance", kafka.id());
            k.put("group", config.kafka().group());
            k.put("partitions", new java.util.TreeSet<>(kafka.partitions()));
            k.put("contributed", kafka.contributed());
            k.put("backlog", kafka.backlog());
            k.put("observations", kafka.observations());
            k.put("rejected", kafka.rejected());
            k.put("offsets", kafka.offsets());
            m.put("kafka", k);
        }
        return m;
    }

    /**
     * The dashboard's histogram of recent observations (one-dimensional models) and the fitted
     * mixture density over it: Σ_k w_k N(x | m_k, c_k + s_k²), with w the snapshot's expected weights,
     * c_k each cluster's variance and s_k² the posterior variance of its mean.
     */
    Map<String, Object> histogram(int bins) {
        double[] x = recent.values();
        PosteriorSnapshot s = latest;
        Map<String, Object> out = new LinkedHashMap<>();
        if (x.length == 0 || s == null || plot.length != 1) {
            out.put("centres", new double[0]);
            out.put("histogram", new double[0]);
            out.put("density", new double[0]);
            return out;
        }
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double v : x) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        double width = Math.max(hi - lo, 1e-9) / bins;
        double[] centres = new double[bins];
        double[] histogram = new double[bins];
        for (double v : x) {
            histogram[Math.min(bins - 1, (int) ((v - lo) / width))]++;
        }
        double[] density = new double[bins];
        double[] means = s.means();
        double[] variances = s.variances();
        double[] weights = s.weights();
        double[] covariances = s.covariances();
        for (int b = 0; b < bins; b++) {
            centres[b] = lo + (b + 0.5) * width;
            histogram[b] /= x.length * width;
            for (int k = 0; k < weights.length; k++) {
                double v = covariances[k] + variances[k];
                double d = centres[b] - means[k];
                density[b] += weights[k] * Math.exp(-d * d / (2 * v)) / Math.sqrt(2 * Math.PI * v);
            }
        }
        out.put("centres", centres);
        out.put("histogram", histogram);
        out.put("density", density);
        return out;
    }

    /**
     * The dashboard's view of multivariate models: recent observations in the plotted pair of
     * dimensions, and each cluster's mean and 2-standard-deviation ellipse there (from its
     * covariance's 2 × 2 block: the ellipse {m + 2 L u : |u| = 1} with L the Cholesky factor).
     */
    Map<String, Object> scatter() {
        Map<String, Object> out = new LinkedHashMap<>();
        PosteriorSnapshot s = latest;
        out.put("plot", List.of(plot[0] + 1, plot[plot.length - 1] + 1));
        if (plot.length != 2 || s == null) {
            out.put("points", new double[0]);
            out.put("clusters", List.of());
            return out;
        }
        out.put("points", recent.values());
        int d = s.dimension();
        double[] means = s.means();
        double[] covariances = s.covariances();
        double[] weights = s.weights();
        List<Map<String, Object>> clusters = new java.util.ArrayList<>();
        int a = plot[0];
        int b = plot[1];
        for (int k = 0; k < weights.length; k++) {
            double saa = covariances[k * d * d + a * d + a];
            double sab = covariances[k * d * d + a * d + b];
            double sbb = covariances[k * d * d + b * d + b];
            double l11 = Math.sqrt(saa);
            double l21 = sab / l11;
            double l22 = Math.sqrt(Math.max(sbb - l21 * l21, 0.0));
            double ma = means[k * d + a];
            double mb = means[k * d + b];
            double[] ellipse = new double[2 * 49];
            for (int t = 0; t < 49; t++) {
                double angle = 2 * Math.PI * t / 48;
                double u = Math.cos(angle);
                double v = Math.sin(angle);
                ellipse[2 * t] = ma + 2 * l11 * u;
                ellipse[2 * t + 1] = mb + 2 * (l21 * u + l22 * v);
            }
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("id", s.ids()[k]);
            c.put("weight", weights[k]);
            c.put("mean", new double[] {ma, mb});
            c.put("ellipse", ellipse);
            clusters.add(c);
        }
        out.put("clusters", clusters);
        return out;
    }
}
