package vistream.app.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import vistream.app.bn.NetworkFiles;
import vistream.app.bn.RecordsFile;
import vistream.app.config.UserError;
import vistream.core.graph.BayesianNetwork;
import vistream.core.graph.VariableElimination;

/** {@code bn score}: the log-likelihood of held-out records under a model. */
@Command(name = "score", mixinStandardHelpOptions = true,
        description = {"Computes the log-likelihood Σ log p(record) of held-out records under the model (natural "
                + "logarithm). An empty field is a value not observed: that record's probability sums it out.",
            "A record of probability zero is refused with its line (a model fitted with --alpha gives every "
                + "record some probability)."})
final class BnScore implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "MODEL",
            description = "A model: .json, .bif (BIF) or .xml/.xmlbif (XMLBIF 0.3), optionally gzipped (.gz).")
    private Path model;

    @Option(names = "--data", required = true, paramLabel = "RECORDS.csv",
            description = "Records with a header row of variable names.")
    private Path data;

    @Override
    public Integer call() {
        BayesianNetwork network = NetworkFiles.readModel(model, spec.commandLine().getErr());
        RecordsFile.Records records = RecordsFile.readPartial(data, network.structure());
        VariableElimination inference = new VariableElimination(network);
        List<int[]> states = records.states();
        double sum = 0.0;
        int incomplete = 0;
        for (int i = 0; i < states.size(); i++) {
            int[] record = states.get(i);
            boolean complete = java.util.Arrays.stream(record).allMatch(s -> s >= 0);
            incomplete += complete ? 0 : 1;
            double logP;
            try {
                logP = complete ? network.logJoint(record) : inference.logProbabilityOfEvidence(record);
            } catch (IllegalArgumentException e) {
                throw new UserError(data + ":" + records.lines()[i] + ": " + e.getMessage());
            }
            if (logP == Double.NEGATIVE_INFINITY) {
                throw new UserError(data + ":" + records.lines()[i] + ": the record has probability zero under the model");
            }
            sum += logP;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("records", states.size());
        out.put("incomplete", incomplete);
        out.put("logLikelihood", sum);
        out.put("perRecord", sum / states.size());
        Json.println(spec.commandLine().getOut(), out);
        return 0;
    }
}
