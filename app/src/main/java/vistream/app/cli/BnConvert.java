package vistream.app.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import vistream.app.bn.NetworkFiles;
import vistream.app.config.UserError;
import vistream.core.graph.BayesianNetwork;

/** {@code bn convert}: reads a model in one format and writes it in another. */
@Command(name = "convert", mixinStandardHelpOptions = true,
        description = "Reads a model and writes it again, in the format its new name says (.json, .bif, .xml or "
                + ".xmlbif, each optionally .gz). Reading the result gives the same network, bit for bit.")
final class BnConvert implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "MODEL",
            description = "The model to read: .json, .bif or .xml/.xmlbif, optionally gzipped (.gz).")
    private Path model;

    @Option(names = "--out", required = true, paramLabel = "MODEL", description = "Where to write it.")
    private Path out;

    @Override
    public Integer call() {
        BayesianNetwork network = NetworkFiles.readModel(model, spec.commandLine().getErr());
        write(network, out);
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("variables", network.structure().size());
        summary.put("parameters", network.structure().parameterCount().free());
        summary.put("model", out.toString());
        Json.println(spec.commandLine().getOut(), summary);
        return 0;
    }

    /** Writes a model, with the errors a person can act on. */
    static void write(BayesianNetwork network, Path out) {
        try {
            NetworkFiles.writeModel(network, out);
        } catch (NoSuchFileException e) {
            throw new UserError("cannot write the model file " + out + ": no such directory "
                    + out.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new UserError("cannot write the model file " + out + ": " + (Files.isDirectory(out)
                    ? "it is a directory" : e.getMessage()));
        }
    }
}
