package vistream.app.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
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
                "Without --input it runs an embedded synthetic feed of a drifting mixture. SIGTERM or Ctrl-C stops "
                        + "it cleanly: intake stops, the batch in flight is absorbed, the checkpoint is written."})
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

    @Option(names = "--update", paramLabel = "RULE", description = "svi, svb, pvb or constant (default: constant).")
    private String update;

    @Option(names = "--batch-size", paramLabel = "B", description = "Largest minibatch (default: 500).")
    private Integer batchSize;

    @Option(names = "--max-delay", paramLabel = "MS", description = "Longest a partial minibatch waits, ms (default: 1000).")
    private Long maxDelayMillis;

    @Option(names = "--kappa", paramLabel = "K", description = "svi, pvb: forgetting rate in (0.5, 1] (default: 0.7).")
    private Double kappa;

    @Option(names = "--tau", paramLabel = "T", description = "svi, pvb: delay (default: 1).")
    private Double tau;

    @Option(names = "--size", paramLabel = "N", description = "svi: the data-set size N (required for svi).")
    private Double size;

    @Option(names = "--population", paramLabel = "A", description = "pvb, constant: population size (default: 5000).")
    private Double population;

    @Option(names = "--step", paramLabel = "RHO", description = "constant: step size (default: 0.05).")
    private Double step;

    @Option(names = "--every", paramLabel = "M", description = "A snapshot each M observations; 0 for every batch (default).")
    private Long every;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of the first batch's starts and of the synthetic feed (default: 1).")
    private Long seed;

    @Option(names = "--init-means", split = ",", paramLabel = "M1,M2,…", description = "Initial means, one per component.")
    private double[] initMeans;

    @Option(names = "--init-variance", paramLabel = "V", description = "Initial variance of each q(mu_k) (default: 1).")
    private Double initVariance;

    @Option(names = "--drift-window", paramLabel = "W", description = "Snapshots per drift window (default: 10).")
    private Integer driftWindow;

    @Option(names = "--drift-threshold", paramLabel = "NATS", description = "Page-Hinkley threshold (default: 50).")
    private Double driftThreshold;

    @Option(names = "--drift-delta", paramLabel = "NATS", description = "Page-Hinkley tolerated rise (default: 0.25).")
    private Double driftDelta;

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

    @Override
    public Integer call() throws InterruptedException {
        ServiceConfig flags = new ServiceConfig(input, follow, k, sigma0, sigma, update, batchSize, maxDelayMillis, kappa,
                tau, size, population, step, every, seed, initMeans, initVariance, driftWindow, driftThreshold,
                driftDelta, bind, port, rate, rejects, checkpoint, checkpointInterval, maxBody, null, null);
        ServiceConfig file = configFile == null ? ServiceConfig.DEFAULTS : ServiceConfig.read(configFile).over(ServiceConfig.DEFAULTS);
        ServiceConfig config = flags.over(file);
        if (Boolean.TRUE.equals(config.follow()) && (config.input() == null || config.input().equals("-"))) {
            throw new UserError("--follow needs --input FILE");
        }
        VistreamService service = VistreamService.start(config, spec.commandLine().getErr());
        spec.commandLine().getErr().println("vistream serve: listening on http://" + service.host() + ":" + service.port()
                + "/ (dashboard; metrics at /metrics); Ctrl-C stops");
        spec.commandLine().getErr().flush();
        Runtime.getRuntime().addShutdownHook(new Thread(service::stop, "vistream-shutdown"));
        service.awaitStop();
        return 0;
    }
}
