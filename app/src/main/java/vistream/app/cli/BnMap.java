package vistream.app.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import vistream.app.bn.Answers;
import vistream.app.bn.NetworkFiles;
import vistream.app.bn.NetworkQuery;
import vistream.app.config.UserError;
import vistream.core.graph.BayesianNetwork;
import vistream.core.graph.VariableElimination;

/** {@code bn map}: the most probable joint state of some variables (MAP) or of all (MPE). */
@Command(name = "map", mixinStandardHelpOptions = true,
        description = {"Finds the most probable joint state given the evidence, argmax p(query | evidence), summing "
                + "the other variables out (marginal MAP); without --query, of every unobserved variable (MPE).",
            "Prints the assignment with its probability given the evidence. Ties go to the state listed first."})
final class BnMap implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "MODEL",
            description = "A model: .json, .bif (BIF) or .xml/.xmlbif (XMLBIF 0.3), optionally gzipped (.gz).")
    private Path model;

    @Option(names = "--query", paramLabel = "VAR[,VAR…]", description = "The variables asked about (default: all unobserved).")
    private String query;

    @Option(names = "--evidence", split = ",", paramLabel = "V1=S1,…", description = "Observed states.")
    private List<String> evidence;

    @Override
    public Integer call() {
        BayesianNetwork network = NetworkFiles.readModel(model, spec.commandLine().getErr());
        NetworkQuery.Resolved resolved;
        try {
            resolved = new NetworkQuery(query == null ? List.of() : NetworkQuery.variables(query),
                    NetworkQuery.evidence(evidence == null ? List.of() : evidence)).resolve(network, true);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        if (resolved.asked().length == 0 && java.util.Arrays.stream(resolved.evidence()).allMatch(s -> s >= 0)) {
            throw new UserError("every variable is observed: there is nothing to find");
        }
        Json.println(spec.commandLine().getOut(), Answers.assignment(network.structure(), resolved.query(),
                new VariableElimination(network).map(resolved.asked(), resolved.evidence())));
        return 0;
    }
}
