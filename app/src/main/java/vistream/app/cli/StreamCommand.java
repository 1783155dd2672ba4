package vistream.app.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import reactor.core.publisher.Flux;

import vistream.app.config.ModelSpec;
import vistream.app.config.UserError;
import vistream.app.serve.ServiceConfig;
import vistream.app.source.ModelInput;
import vistream.app.source.Printable;
import vistream.app.source.RawLine;
import vistream.app.source.TextSource;
import vistream.core.mixture.ConjugateMixture;
import vistream.core.mixture.WeightPrior;
import vistream.streaming.ObservationParser;
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
                        + "the command does not stop on them."},
        footer = {"", "Defaults: --weights dirichlet (moves on), --max-k 20, --batch-size 1000, --max-delay 1000, "
                + "--kappa 0.7, --tau 1, --population 10000, --step 0.05, --every 0, --seed 1, --init-variance 1, "
                + "--drift-window 10, --drift-threshold 50, --drift-delta 0.25."})
final class StreamCommand implements Callable<Integer> {

    /**
     * What {@code stream} does with what it is not told: batches of 1,000 or one second, a
     * snapshot per batch, population 10,000 for pvb and constant, step 0.05, κ = 0.7, τ = 1.
     */
    private static final ServiceConfig DEFAULTS = ServiceConfig.of(Map.ofEntries(Map.entry("follow", false),
            Map.entry("batchSize", 1000), Map.entry("maxDelayMillis", 1000L), Map.entry("kappa", 0.7),
            Map.entry("tau", 1.0), Map.entry("population", 10_000.0), Map.entry("step", 0.05), Map.entry("every", 0L),
            Map.entry("seed", 1L), Map.entry("initVariance", 1.0), Map.entry("driftWindow", 10),
            Map.entry("driftThreshold", 50.0), Map.entry("driftDelta", 0.25)));

    @Spec
    private CommandSpec spec;

    @Option(names = "--data", required = true, paramLabel = "FILE|-", description = "Observations; - reads stdin.")
    private String data;

    @Option(names = "--k", required = true, paramLabel = "K", description = "Number of mixture components.")
    private int k;

    @Mixin
    private ModelChoice choice;



    @Mixin
    private GaussianWishartOptions gw;

    @Mixin
    private StreamSettings settings;

    @Option(names = "--workers", paramLabel = "N",
            description = "Threads working on the stream: with 2 or more, one reads and batches while the others update"
                    + " (default: the number of processors). The output does not depend on it.")
    Integer workers;

    /** The --workers setting, or every available processor. */
    int workers() {
        if (workers != null && workers < 1) {
            throw new UserError("--workers must be at least 1, got " + workers);
        }
        return workers != null ? workers : Runtime.getRuntime().availableProcessors();
    }

    @Option(names = "--with-checkpoint",
            description = "Include each snapshot's checkpoint (the state to resume from) in its line.")
    private boolean withCheckpoint;

    @Override
    public Integer call() {
        if (settings.update == null) {
            throw new UserError("--update is required: svi, svb, pvb or constant");
        }
        ServiceConfig config = settings.config(data, false, k).over(DEFAULTS);
        ModelSpec model = choice.spec(k, gw, WeightPrior.DIRICHLET);
        ModelInput input = data.equals("-") ? ModelInput.ofLines(model, "stdin")
                : ModelInput.ofFile(model, Path.of(data), config.batchSize());
        ConjugateMixture mixture = input.model();
        // In place: each line is parsed from the reader's buffer into the batch's row, and nothing
        // between the reader and the parsing holds a line.
        ObservationParser<RawLine> parser = input.parser().inPlace();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        AtomicLong rejected = new AtomicLong();
        StreamOptions.Builder options = config.streamOptions(mixture.dimension(), mixture.weightPrior()).workers(workers())
                .onInvalid(invalid -> {
                    rejected.incrementAndGet();
                    err.println("vistream stream: " + Printable.escape(invalid.message())); // it quotes the input
                    err.flush();
                });
        Flux<PosteriorSnapshot> snapshots = TextSource.rawLines(data)
                .transform(VariationalStream.of(mixture, options.build()).parsing(parser));
        long printed = 0;
        // Blocking here, on the command's own thread, keeps the operators free of blocking writes.
        for (Iterator<PosteriorSnapshot> it = snapshots.toIterable(1).iterator(); it.hasNext(); ) {
            write(out, it.next());
            out.println();
            out.flush();
            printed++;
        }
        if (printed == 0) {
            throw new UserError(data + ": no valid observations" + (rejected.get() > 0 ? " (" + rejected.get() + " bad lines)" : ""));
        }
        return 0;
    }

    private void write(PrintWriter out, PosteriorSnapshot snapshot) {
        if (withCheckpoint) {
            out.print(SnapshotJson.write(snapshot));
        } else {
            SnapshotJson.writeWithoutCheckpoint(snapshot, out);
        }
    }
}
