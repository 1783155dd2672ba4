package vistream.app.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import vistream.app.bn.Answers;
import vistream.app.bn.NetworkFiles;
import vistream.app.bn.NetworkQuery;
import vistream.app.bn.QueriesFile;
import vistream.app.config.UserError;
import vistream.core.graph.BayesianNetwork;
import vistream.core.graph.VariableElimination;

/**
 * {@code bn query}: p(query | evidence) by exact variable elimination, for one variable, several
 * jointly, or a file of queries answered in one run.
 */
@Command(name = "query", mixinStandardHelpOptions = true,
        description = {"Computes p(query | evidence) exactly: for one variable, for several jointly (--query A,B), "
                + "or for every line of a file of queries (--queries), one JSON answer per line in the same order.",
            "A query too large for exact inference is refused with its size, before any memory is taken."})
final class BnQuery implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "MODEL",
            description = "A model: .json, .bif (BIF) or .xml/.xmlbif (XMLBIF 0.3), optionally gzipped (.gz).")
    private Path model;

    @ArgGroup(exclusive = true, multiplicity = "1")
    private Target target;

    @Option(names = "--evidence", split = ",", paramLabel = "V1=S1,…", description = "Observed states (with --query).")
    private List<String> evidence;

    static final class Target {
        @Option(names = "--query", paramLabel = "VAR[,VAR…]", description = "The query variable, or several for their joint.")
        String query;

        @Option(names = "--queries", paramLabel = "FILE.jsonl",
                description = "One query per line: {\"query\": \"HR\", \"evidence\": {\"CVP\": \"LOW\"}} "
                        + "(\"query\" may list several variables).")
        Path queries;
    }

    @Override
    public Integer call() {
        BayesianNetwork network = NetworkFiles.readModel(model, spec.commandLine().getErr());
        VariableElimination inference = new VariableElimination(network);
        PrintWriter out = spec.commandLine().getOut();
        if (target.query != null) {
            NetworkQuery.Resolved query = resolve(network);
            Json.println(out, Answers.distribution(network.structure(), query.query(),
                    inference.query(query.asked(), query.evidence())));
            return 0;
        }
        if (evidence != null) {
            throw new UserError("--evidence goes with --query; in a queries file each line has its own \"evidence\"");
        }
        List<QueriesFile.Line> lines = QueriesFile.read(target.queries, network);
        int failed = 0;
        String first = null;
        for (QueriesFile.Line line : lines) {
            NetworkQuery.Resolved query = line.query();
            try {
                Json.println(out, Answers.distribution(network.structure(), query.query(),
                        inference.query(query.asked(), query.evidence())));
            } catch (IllegalArgumentException e) {
                // Impossible evidence or a query too large: its answer's place says so, the rest go on.
                Json.println(out, Answers.error(query.query(), e.getMessage()));
                failed++;
                first = first == null ? target.queries + ":" + line.line() + ": " + e.getMessage() : first;
            }
        }
        if (failed > 0) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("vistream bn query: " + failed + " of " + lines.size() + " queries could not be answered; the first, "
                    + first);
            err.flush();
            return 2;
        }
        return 0;
    }

    private NetworkQuery.Resolved resolve(BayesianNetwork network) {
        try {
            return new NetworkQuery(NetworkQuery.variables(target.query),
                    NetworkQuery.evidence(evidence == null ? List.of() : evidence)).resolve(network, false);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
    }
}
