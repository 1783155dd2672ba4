package vistream.app.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import vistream.core.evidence.ExactEvidence;
import vistream.core.evidence.LogEvidence;

/** {@code vistream evidence}: the exact log evidence by enumerating all K^n assignments. */
@Command(name = "evidence", mixinStandardHelpOptions = true,
        description = {"Computes the exact log evidence log p(x) of the lecture's Bayesian Gaussian mixture by "
                + "enumerating all K^n cluster assignments: the ground truth an ELBO must stay below.",
                "Prints {\"logEvidence\":…, \"assignments\":…}. Only tiny data sets are tractable."})
final class EvidenceCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private MixtureOptions mixture;

    @Option(names = "--max-assignments", paramLabel = "N", defaultValue = "" + ExactEvidence.DEFAULT_MAX_ASSIGNMENTS,
            description = "Refuse problems with more than N = K^n assignments (default: ${DEFAULT-VALUE}).")
    private long maxAssignments;

    @Override
    public Integer call() {
        mixture.model(); // validates K, sigma0 and sigma before the file is read
        double[] x = mixture.observations();
        LogEvidence evidence = ExactEvidence.compute(x, mixture.model.k, mixture.model.sigma0, mixture.model.sigma, maxAssignments);
        Json.println(spec.commandLine().getOut(), evidence);
        return 0;
    }
}
