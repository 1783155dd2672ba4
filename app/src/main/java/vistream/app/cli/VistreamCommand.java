package vistream.app.cli;

import vistream.app.config.UserError;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParameterException;
import vistream.app.source.Printable;

/**
 * The top-level {@code vistream} command: its subcommands and how errors become exit statuses.
 */
@Command(name = "vistream", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Variational inference for Bayesian mixtures, in batch and on live streams.",
        subcommands = {FitCommand.class, EvidenceCommand.class, StreamCommand.class, ServeCommand.class,
                BnCommand.class, CommandLine.HelpCommand.class})
public final class VistreamCommand implements Runnable {

    /** Exit status of every user error. */
    public static final int USER_ERROR = 2;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a command is required: fit, evidence, stream, serve or bn");
    }

    /**
     * Builds the command line with vistream's error handling: a usage error or a user error
     * prints one line naming the problem and exits {@value #USER_ERROR}; anything else is a bug
     * and prints its stack trace. A mistyped option or command is named with the closest valid
     * one. List options are shown once in the usage help (see {@link VistreamHelp}).
     *
     * @return the configured command line
     */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new VistreamCommand());
        cli.setHelpFactory(VistreamHelp::new);
        giveVersion(cli, cli.getCommandSpec().versionProvider());
        cli.setParameterExceptionHandler((e, args) -> {
            CommandLine failed = e.getCommandLine();
            String name = failed.getCommandSpec().qualifiedName();
            String unknown = UnknownWords.describe(e, args);
            // picocli's messages quote the arguments: escaped, as any input is.
            failed.getErr().println(name + ": " + (unknown != null ? unknown : Printable.escape(e.getMessage()))
                    + " (see '" + name + " --help')");
            return USER_ERROR;
        });
        cli.setExecutionExceptionHandler((e, failed, parseResult) -> {
            if (e instanceof UserError || e instanceof IllegalArgumentException
                    || e instanceof vistream.app.source.DataFileException) {
                // Escaped once more here: any message may quote a file's or a record's content.
                failed.getErr().println(failed.getCommandSpec().qualifiedName() + ": "
                        + Printable.escape(e.getMessage()));
                return USER_ERROR;
            }
            throw e;
        });
        return cli;
    }

    /** Every subcommand's --version says what vistream's does (picocli leaves theirs empty). */
    private static void giveVersion(CommandLine command, CommandLine.IVersionProvider version) {
        for (CommandLine sub : command.getSubcommands().values()) {
            if (sub.getCommandSpec().versionProvider() == null) {
                sub.getCommandSpec().versionProvider(version);
            }
            giveVersion(sub, version);
        }
    }
}
