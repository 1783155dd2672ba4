package vistream.core.bench;

import org.openjdk.jmh.runner.NoBenchmarksException;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;

/**
 * Runs the JMH benchmarks of one module, as {@code org.openjdk.jmh.Main} does, but treats "no
 * benchmark matches" as nothing to do: {@code -Pbench} runs every module's benchmarks with the
 * same {@code -Djmh.args}, and a filter naming one module's benchmarks matches none in the others.
 */
public final class BenchmarkLauncher {

    private BenchmarkLauncher() {
    }

    /**
     * Runs JMH with its own command-line options.
     *
     * @param args JMH's options
     * @throws Exception if the options are wrong or a benchmark run fails
     */
    public static void main(String[] args) throws Exception {
        CommandLineOptions options = new CommandLineOptions(args);
        try {
            new Runner(options).run();
        } catch (NoBenchmarksException e) {
            System.out.println("No benchmark of this module matches " + options.getIncludes() + "; skipped.");
        }
    }
}
