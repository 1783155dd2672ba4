package vistream.app.cli;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import vistream.app.kafka.KafkaSettings;
import vistream.app.serve.HttpSettings;
import vistream.app.serve.ServiceConfig;
import vistream.app.serve.VistreamService;

/**
 * {@code vistream serve}: the live service. Settings come from {@code --config} (JSON or YAML)
 * with flags overriding it; what neither gives takes the defaults of {@link ServiceConfig#DEFAULTS}.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Keeps the posterior up to date over a live feed and serves it: Prometheus metrics at /metrics, "
                + "the model at /api/model, snapshots as server-sent events at /api/snapshots, ingest at "
                + "POST /api/observations, and a live dashboard at /.",
                "Without --input it runs an embedded synthetic feed of a drifting mixture; with --kafka-bootstrap, --topic "
                        + "and --group it reads Kafka as one instance of a group that shares one posterior. SIGTERM or Ctrl-C stops "
                        + "it cleanly: intake stops, the batch in flight is absorbed, the checkpoint is written."},
        footer = {"", "Defaults: --k 4, --weights dirichlet (moves on), --max-k 20, --update constant, --batch-size 500, "
                + "--max-delay 1000, --kappa 0.7, --tau 1, --population 5000, --step 0.05, --every 0, --seed 1, "
                + "--init-variance 1, --drift-window 10, --drift-threshold 50, --drift-delta 0.25."})
final class ServeCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "Settings file, JSON or YAML (.yaml/.yml); flags override it.")
    private Path configFile;

    @Option(names = "--input", paramLabel = "FILE|-", description = "Observations to read; - for stdin (default: the synthetic feed).")
    private String input;

    @Option(names = "--follow", description = "Keep reading lines appended to the input file, like tail -f.")
    private Boolean follow;

    @Option(names = "--k", paramLabel = "K", description = "Number of mixture components (default: 4).")
    private Integer k;

    @Option(names = "--sigma0", paramLabel = "S0", description = "Prior standard deviation of each component mean (default: 10).")
    private Double sigma0;

    @Option(names = "--sigma", paramLabel = "S", description = "Known standard deviation of each component (default: 1).")
    private Double sigma;

    @Mixin
    private StreamSettings settings;

    @Option(names = "--model", paramLabel = "MODEL",
            description = "known-variance (default), spherical, diag or full; the multivariate models take their prior's "
                    + "defaults from the first batch of the input.")
    private String model;

    @Mixin
    private GaussianWishartOptions gw;

    @Option(names = "--weights", paramLabel = "PRIOR",
            description = "uniform (fixed 1/K), dirichlet (default) or dp; moves need learnt weights.")
    private String weights;

    @Option(names = "--alpha0", paramLabel = "A", description = "Concentration of learnt weights (default: 1/K).")
    private Double alpha0;

    @Option(names = "--plot", split = ",", paramLabel = "I,J",
            description = "The two dimensions the dashboard draws for multivariate models, from 1 (default: 1,2).")
    private java.util.List<Integer> plot;

    @Option(names = "--bind", paramLabel = "ADDRESS", description = "Address to listen on (default: 127.0.0.1).")
    private String bind;

    @Option(names = "--port", paramLabel = "PORT", description = "Port to listen on; 0 picks a free one (default: 8080).")
    private Integer port;

    @Option(names = "--rate", paramLabel = "PER_SECOND", description = "Observations per second of the synthetic feed (default: 2000).")
    private Double rate;

    @Option(names = "--rejects", paramLabel = "FILE", description = "Append every invalid input to this dead-letter file (JSON lines).")
    private String rejects;

    @Option(names = "--checkpoint", paramLabel = "FILE",
            description = "Resume from this checkpoint if it exists, and write it every interval and on shutdown.")
    private String checkpoint;

    @Option(names = "--checkpoint-interval", paramLabel = "SECONDS", description = "How often to write the checkpoint (default: 10).")
    private Double checkpointInterval;

    @Option(names = "--max-body", paramLabel = "BYTES", description = "Largest ingest request body (default: 1048576).")
    private Integer maxBody;

    @Option(names = "--workers", paramLabel = "N",
            description = "Threads of the stream: one reads and batches while the others absorb (default: the number of "
                    + "processors); the results do not depend on it.")
    private Integer workers;

    @Option(names = "--kafka-bootstrap", paramLabel = "HOST:PORT",
            description = "Read observations from Kafka, as one instance of --group sharing one posterior.")
    private String kafkaBootstrap;

    @Option(names = "--topic", paramLabel = "TOPIC", description = "The Kafka topic of observations, one per record.")
    private String topic;

    @Option(names = "--group", paramLabel = "GROUP", description = "The consumer group: the instances that share a posterior.")
    private String group;

    @Option(names = "--snapshot-topic", paramLabel = "TOPIC", description = "Publish each snapshot to this topic as JSON.")
    private String snapshotTopic;

    @Option(names = "--dead-letter-topic", paramLabel = "TOPIC", description = "Where invalid records go (default: TOPIC.dead-letters).")
    private String deadLetterTopic;

    @Option(names = "--deltas-topic", paramLabel = "TOPIC",
            description = "The log of batch deltas the group folds; one partition (default: GROUP.vistream-deltas).")
    private String deltasTopic;

    @Option(names = "--state-topic", paramLabel = "TOPIC",
            description = "The compacted topic of the group's checkpoints (default: GROUP.vistream-state).")
    private String stateTopic;

    @Option(names = "--kafka-property", paramLabel = "KEY=VALUE",
            description = "A Kafka client setting for every consumer and producer (security, timeouts); repeatable.")
    private java.util.Map<String, String> kafkaProperties;

    @Option(names = "--idle-timeout", paramLabel = "SECONDS",
            description = "How long an HTTP connection may wait for a request before it is closed (default: 60).")
    private Double idleTimeout;

    @Option(names = "--request-read-timeout", paramLabel = "SECONDS",
            description = "How long a request's body may take to arrive; then 408 (default: 30).")
    private Double requestReadTimeout;

    @Option(names = "--allowed-hosts", split = ",", paramLabel = "NAME,…",
            description = "Host header names served, * for any (default: the bind address, and localhost names on "
                    + "loopback; any on 0.0.0.0); others get 421.")
    private java.util.List<String> allowedHosts;

    @Option(names = "--allowed-origins", split = ",", paramLabel = "ORIGIN,…",
            description = "Web origins besides the service's own that may post observations, * for any (default: none); "
                    + "others get 403.")
    private java.util.List<String> allowedOrigins;

    @Option(names = "--no-jvm-metrics", negatable = false,
            description = "Leave the JVM's and the process's meters (memory, GC, threads, CPU, …) off /metrics.")
    private boolean noJvmMetrics;

    private HttpSettings http() {
        if (idleTimeout == null && requestReadTimeout == null && allowedHosts == null && allowedOrigins == null) {
            return null;
        }
        return new HttpSettings(idleTimeout, requestReadTimeout, null, null, allowedHosts, allowedOrigins);
    }

    private KafkaSettings kafka() {
        if (kafkaBootstrap == null && topic == null && group == null && snapshotTopic == null && deadLetterTopic == null
                && deltasTopic == null && stateTopic == null && kafkaProperties == null) {
            return null;
        }
        return new KafkaSettings(kafkaBootstrap, topic, group, snapshotTopic, deadLetterTopic, deltasTopic, stateTopic,
                kafkaProperties);
    }

    @Override
    public Integer call() throws InterruptedException {
        Map<String, Object> given = new HashMap<>();
        given.put("sigma0", sigma0);
        given.put("sigma", sigma);
        given.put("bind", bind);
        given.put("port", port);
        given.put("rate", rate);
        given.put("rejects", rejects);
        given.put("checkpoint", checkpoint);
        given.put("checkpointIntervalSeconds", checkpointInterval);
        given.put("maxBodyBytes", maxBody);
        given.put("model", model);
        given.put("columns", gw.columns);
        given.put("weights", weights);
        given.put("alpha0", alpha0);
        given.put("beta0", gw.beta0);
        given.put("nu0", gw.nu0);
        given.put("mean0", gw.mean0);
        given.put("covariance0", gw.covariance0);
        given.put("plot", plot);
        given.put("kafka", kafka());
        given.put("workers", workers);
        given.put("http", http());
        given.put("jvmMetrics", noJvmMetrics ? Boolean.FALSE : null);
        ServiceConfig flags = ServiceConfig.of(given).over(settings.config(input, follow, k));
        ServiceConfig file = configFile == null ? ServiceConfig.DEFAULTS : ServiceConfig.read(configFile).over(ServiceConfig.DEFAULTS);
        VistreamService service = VistreamService.start(flags.over(file).resolve(), spec.commandLine().getErr());
        spec.commandLine().getErr().println("vistream serve: listening on http://" + service.host() + ":" + service.port()
                + "/ (dashboard; metrics at /metrics); Ctrl-C stops");
        spec.commandLine().getErr().flush();
        // SIGTERM and SIGINT shut the JVM down, which would end with 143 or 130 whatever the hook
        // did: after a clean stop (intake drained, checkpoint written) the hook ends it with the
        // service's own status instead, 0 when all went well.
        Thread hook = new Thread(() -> {
            service.stop();
            spec.commandLine().getErr().flush();
            Runtime.getRuntime().halt(service.exitStatus());
        }, "vistream-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        service.awaitStop();
        service.stop();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs already and ends the process with the status
        }
        return service.exitStatus();
    }
}
