package vistream.app.cli;

import vistream.app.config.UserError;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import vistream.app.bn.NetworkFiles;
import vistream.app.bn.RecordsFile;
import vistream.core.graph.BayesianNetwork;
import vistream.core.graph.CptCounts;
import vistream.core.graph.CptPrior;
import vistream.core.graph.NetworkStructure;
import vistream.core.graph.ParameterCount;

/** {@code vistream bn}: discrete Bayesian networks (count, fit, query, map, score, sample, convert). */
@Command(name = "bn", mixinStandardHelpOptions = true,
        description = "Discrete directed graphical models: parameter counts, CPT learning, exact queries, MAP, "
                + "held-out log-likelihood, sampling, format conversion.",
        subcommands = {BnCommand.Count.class, BnCommand.Fit.class, BnQuery.class, BnMap.class, BnScore.class,
            BnCommand.Sample.class, BnConvert.class})
final class BnCommand implements Runnable {

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required: count, fit, query, map, score, sample or convert");
    }

    /** {@code bn count}: CPT entries and free parameters of the DAG and of the full chain rule. */
    @Command(name = "count", mixinStandardHelpOptions = true,
            description = "Counts CPT entries and free parameters under the DAG and under the full chain rule in an order.")
    static final class Count implements Callable<Integer> {

        @Spec
        private CommandSpec spec;

        @Option(names = "--structure", required = true, paramLabel = "FILE",
                description = "The structure: .json, .bif (BIF) or .xml/.xmlbif (XMLBIF 0.3), optionally gzipped "
                        + "(.gz); a BIF or XMLBIF file's tables are checked too.")
        private Path structureFile;

        @Option(names = "--order", split = ",", paramLabel = "V1,V2,…",
                description = "Variable order of the chain rule (default: the file's order).")
        private List<String> order;

        @Override
        public Integer call() {
            NetworkStructure structure = NetworkFiles.readStructure(structureFile);
            ParameterCount chain = structure.chainRuleCount(order == null ? structure.names() : order);
            ParameterCount dag = structure.parameterCount();
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("chainRule", chain.entries());
            out.put("chainRuleFree", chain.free());
            out.put("dag", dag.entries());
            out.put("dagFree", dag.free());
            Json.println(spec.commandLine().getOut(), out);
            return 0;
        }
    }

    /** {@code bn fit}: learns the CPTs from complete records. */
    @Command(name = "fit", mixinStandardHelpOptions = true,
            description = "Learns the CPTs from a CSV of complete records (header row of variable names): maximum "
                    + "likelihood by default (a parent configuration never seen gets the uniform distribution), or "
                    + "Bayesian with a Dirichlet pseudo-count per entry or BDeu.")
    static final class Fit implements Callable<Integer> {

        @Spec
        private CommandSpec spec;

        @Option(names = "--structure", required = true, paramLabel = "FILE",
                description = "The structure: .json, .bif (BIF) or .xml/.xmlbif (XMLBIF 0.3), optionally gzipped "
                        + "(.gz); a BIF or XMLBIF file's tables are checked too.")
        private Path structureFile;

        @Option(names = "--data", required = true, paramLabel = "RECORDS.csv", description = "The records.")
        private Path data;

        @ArgGroup(exclusive = true)
        private PriorChoice prior;

        @Option(names = "--out", required = true, paramLabel = "MODEL",
                description = "Where to write the model: .json, .bif or .xml/.xmlbif, optionally .gz.")
        private Path out;

        static final class PriorChoice {
            @Option(names = "--alpha", paramLabel = "A", description = "Symmetric Dirichlet pseudo-count per CPT entry.")
            Double alpha;

            @Option(names = "--bdeu", paramLabel = "ESS", description = "BDeu prior with this equivalent sample size.")
            Double ess;
        }

        @Override
        public Integer call() {
            NetworkStructure structure = NetworkFiles.readStructure(structureFile);
            CptPrior chosen = prior == null ? new CptPrior.MaximumLikelihood()
                    : prior.alpha != null ? new CptPrior.Dirichlet(prior.alpha) : new CptPrior.BDeu(prior.ess);
            List<int[]> records = RecordsFile.read(data, structure);
            CptCounts counts = new CptCounts(structure);
            records.forEach(counts::add);
            BayesianNetwork network = counts.estimate(chosen);
            BnConvert.write(network, out);
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("records", records.size());
            summary.put("logLikelihood", network.logLikelihood(records));
            summary.put("model", out.toString());
            Json.println(spec.commandLine().getOut(), summary);
            return 0;
        }
    }

    /** {@code bn sample}: forward sampling to CSV. */
    @Command(name = "sample", mixinStandardHelpOptions = true,
            description = "Writes N records drawn from the model by forward sampling, as CSV with a header row.")
    static final class Sample implements Callable<Integer> {

        @Spec
        private CommandSpec spec;

        @Option(names = "--model", required = true, paramLabel = "MODEL.json",
                description = "A fitted model: .json, .bif (BIF) or .xml/.xmlbif (XMLBIF 0.3), optionally gzipped "
                        + "(.gz).")
        private Path model;

        @Option(names = "--n", required = true, paramLabel = "N", description = "How many records.")
        private int n;

        @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Seed (default: ${DEFAULT-VALUE}).")
        private long seed;

        @Override
        public Integer call() {
            BayesianNetwork network = NetworkFiles.readModel(model, spec.commandLine().getErr());
            NetworkStructure s = network.structure();
            PrintWriter out = spec.commandLine().getOut();
            out.println(String.join(",", s.names()));
            List<String> fields = new ArrayList<>();
            for (int[] record : network.sample(n, new SplittableRandom(seed))) {
                fields.clear();
                for (int v = 0; v < record.length; v++) {
                    fields.add(s.variables().get(v).states().get(record[v]));
                }
                out.println(String.join(",", fields));
            }
            out.flush();
            return 0;
        }
    }
}
