package vistream.app.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import reactor.core.publisher.Flux;
import vistream.app.source.LineParser;
import vistream.app.source.TextSource;
import vistream.core.inference.UpdateRule;
import vistream.core.mixture.KnownVarianceGaussianMixture;
import vistream.streaming.DriftOptions;
import vistream.streaming.PosteriorSnapshot;
import vistream.streaming.SnapshotJson;
import vistream.streaming.StreamOptions;
import vistream.streaming.VariationalStream;

/** {@code vistream stream}: streaming variational inference over a file or stdin, one snapshot per line. */
@Command(name = "stream", mixinStandardHelpOptions = true,
        description = {"Reads observations (same format as fit) and keeps the posterior of the Bayesian Gaussian "
                + "mixture up to date batch by batch, printing one snapshot per line as JSON (NDJSON); the last line "
                + "is the final posterior.",
                "Bad lines are reported on stderr with their line number and counted in every line's 'rejected'; "
                        + "the command does not stop on them."})
final class StreamCommand implements Callable<Integer> {

    /** The update rules by their command-line names. */
    enum Update { svi, svb, pvb, constant }

    @Spec
    private CommandSpec spec;

    @Option(names = "--data", required = true, paramLabel = "FILE|-", description = "Observations; - reads stdin.")
    private String data;

    @Mixin
    private ModelOptions modelOptions;

    @Option(names = "--update", required = true, paramLabel = "RULE",
            description = "svi (stochastic VI), svb (streaming VB), pvb (population VB) or constant (constant step).")
    private Update update;

    @Option(names = "--batch-size", paramLabel = "B", defaultValue = "1000", description = "Largest minibatch (default: ${DEFAULT-VALUE}).")
    private int batchSize;

    @Option(names = "--max-delay", paramLabel = "MS", defaultValue = "1000",
            description = "Longest a partial minibatch waits, in milliseconds (default: ${DEFAULT-VALUE}).")
    private long maxDelayMillis;

    @Option(names = "--kappa", paramLabel = "K", defaultValue = "0.7",
            description = "svi, pvb: forgetting rate of rho_t = (t + tau)^-kappa, in (0.5, 1] (default: ${DEFAULT-VALUE}).")
    private double kappa;

    @Option(names = "--tau", paramLabel = "T", defaultValue = "1", description = "svi, pvb: delay tau >= 0 (default: ${DEFAULT-VALUE}).")
    private double tau;

    @Option(names = "--size", paramLabel = "N", description = "svi: size N of the data set the stream samples (required for svi).")
    private Double size;

    @Option(names = "--population", paramLabel = "A", defaultValue = "10000",
            description = "pvb, constant: population size alpha the posterior stands for (default: ${DEFAULT-VALUE}).")
    private double population;

    @Option(names = "--step", paramLabel = "RHO", defaultValue = "0.05",
            description = "constant: the step size rho in (0, 1] (default: ${DEFAULT-VALUE}).")
    private double step;

    @Option(names = "--every", paramLabel = "M", defaultValue = "0",
            description = "Print a snapshot each time M more observations were absorbed; 0 prints one per batch (default).")
    private long every;

    @Mixin
    private StartOptions start;

    @Option(names = "--drift-window", paramLabel = "W", defaultValue = "10",
            description = "Snapshots per drift window (default: ${DEFAULT-VALUE}).")
    private int driftWindow;

    @Option(names = "--drift-threshold", paramLabel = "NATS", defaultValue = "50",
            description = "Page-Hinkley alarm threshold lambda in nats (default: ${DEFAULT-VALUE}).")
    private double driftThreshold;

    @Option(names = "--drift-delta", paramLabel = "NATS", defaultValue = "0.25",
            description = "Page-Hinkley tolerated rise delta in nats (default: ${DEFAULT-VALUE}).")
    private double driftDelta;

    @Option(names = "--with-checkpoint",
            description = "Include each snapshot's checkpoint (the state to resume from) in its line.")
    private boolean withCheckpoint;

    @Override
    public Integer call() {
        KnownVarianceGaussianMixture model = modelOptions.model();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        AtomicLong rejected = new AtomicLong();
        StreamOptions.Builder options = StreamOptions.builder()
                .batchSize(batchSize)
                .maxBatchDelay(Duration.ofMillis(maxDelayMillis))
                .updateRule(rule())
                .emitEvery(every)
                .seed(start.seed)
                .initialVariance(start.initVariance)
                .drift(new DriftOptions(driftWindow, driftDelta, driftThreshold, DriftOptions.DEFAULTS.minObservations()))
                .onInvalid(invalid -> {
                    rejected.incrementAndGet();
                    err.println("vistream stream: " + invalid.message());
                    err.flush();
                });
        double[] means = start.means(model.components());
        if (means != null) {
            options.initialMeans(means);
        }
        Flux<PosteriorSnapshot> snapshots = TextSource.lines(data)
                .transform(VariationalStream.of(model, options.build()).parsing(new LineParser(model.dimension())));
        long printed = 0;
        // Blocking here, on the command's own thread, keeps the operators free of blocking writes.
        for (Iterator<PosteriorSnapshot> it = snapshots.toIterable(1).iterator(); it.hasNext(); ) {
            out.println(line(it.next()));
            out.flush();
            printed++;
        }
        if (printed == 0) {
            throw new UserError(data + ": no valid observations" + (rejected.get() > 0 ? " (" + rejected.get() + " bad lines)" : ""));
        }
        return 0;
    }

    private String line(PosteriorSnapshot snapshot) {
        if (withCheckpoint) {
            return SnapshotJson.write(snapshot);
        }
        ObjectNode json = Json.MAPPER.valueToTree(snapshot);
        json.remove("checkpoint");
        return json.toString();
    }

    private UpdateRule rule() {
        return UpdateRules.of(update.name(), size, population, step, kappa, tau);
    }
}
