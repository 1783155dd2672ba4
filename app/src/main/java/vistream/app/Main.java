package vistream.app;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

import picocli.CommandLine;
import vistream.app.cli.VistreamCommand;

/**
 * The {@code vistream} command line. Exit status: 0 on success, 2 on any user error (bad
 * option, bad data, impossible settings) with one line on stderr saying what is wrong, 1 on an
 * internal error.
 */
public final class Main {

    private Main() {
    }

    /**
     * Runs the command line and exits with its status.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Runs the command line with the given streams, for embedding and tests.
     *
     * @param args the arguments
     * @param out  where results go
     * @param err  where messages and progress go
     * @return the exit status
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine cli = VistreamCommand.commandLine();
        cli.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        cli.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        return cli.execute(args);
    }
}
