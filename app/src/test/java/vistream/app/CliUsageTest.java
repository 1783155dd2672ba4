package vistream.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import vistream.app.cli.VistreamCommand;
import vistream.core.mixture.LocalStepPath;

/**
 * What a person typing at the command line meets before any command runs: the answer to a
 * mistyped option or command, the usage lines of every command, and {@code --version}.
 */
class CliUsageTest {

    @TempDir
    Path dir;

    @Test
    void aMistypedOptionIsNamedWithTheClosestOption() throws IOException {
        String data = Files.writeString(dir.resolve("x.txt"), "1\n2\n3\n").toString();
        // --K: options are case-sensitive; --k is the one meant.
        assertUserError("vistream fit: unknown option '--K'; did you mean '--k'? (see 'vistream fit --help')",
                "fit", "--K", "2", "--data", data, "--sigma0", "4", "--sigma", "1");
        // A longer name than the real one, with and without '=': the value is not part of the name.
        assertUserError("vistream fit: unknown option '--max-iters'; did you mean '--max-iter'? (see 'vistream fit --help')",
                "fit", "--k", "2", "--data", data, "--sigma0", "4", "--sigma", "1", "--max-iters", "30");
        assertUserError("vistream fit: unknown option '--max-iters'; did you mean '--max-iter'? (see 'vistream fit --help')",
                "fit", "--k", "2", "--data", data, "--sigma0", "4", "--sigma", "1", "--max-iters=30");
        // Two letters swapped, a letter left out.
        // As close to --plot as to --port: both are offered.
        assertUserError("vistream serve: unknown option '--prot'; did you mean '--plot' or '--port'? "
                + "(see 'vistream serve --help')", "serve", "--prot", "8080");
        assertUserError("vistream serve: unknown option '--confg'; did you mean '--config'? (see 'vistream serve --help')",
                "serve", "--confg", "vistream.yaml");
        assertUserError("vistream stream: unknown option '--wrkers'; did you mean '--workers'? (see 'vistream stream --help')",
                "stream", "--data", data, "--k", "2", "--update", "svb", "--wrkers", "2");
        assertUserError("vistream bn fit: unknown option '--structur'; did you mean '--structure'? "
                + "(see 'vistream bn fit --help')", "bn", "fit", "--structur", "s.json");
    }

    @Test
    void aMistypedRequiredOptionIsNamedRatherThanReportedMissing() throws IOException {
        String data = Files.writeString(dir.resolve("x.txt"), "1\n2\n3\n").toString();
        // stream requires --k: "Missing required option '--k=K'" would hide that --K was typed.
        assertUserError("vistream stream: unknown option '--K'; did you mean '--k'? (see 'vistream stream --help')",
                "stream", "--data", data, "--K", "2", "--update", "svb", "--sigma0", "4", "--sigma", "1");
        assertUserError("vistream evidence: unknown option '--sigma00'; did you mean '--sigma0'? "
                + "(see 'vistream evidence --help')", "evidence", "--data", data, "--k", "2", "--sigma00", "4", "--sigma", "1");
        // A negative number is a value, not an unknown option: the missing option is still what is said.
        assertUserError("vistream stream: Missing required option: '--k=K' (see 'vistream stream --help')",
                "stream", "--data", data, "--update", "svb", "--init-means", "-4,0,4");
    }

    @Test
    void severalMistypedOptionsAreEachNamed() throws IOException {
        String data = Files.writeString(dir.resolve("x.txt"), "1\n2\n3\n").toString();
        assertUserError("vistream fit: unknown options '--K' (did you mean '--k'?) and '--sigam' (did you mean '--sigma'?)"
                + " (see 'vistream fit --help')", "fit", "--K", "2", "--data", data, "--sigma0", "4", "--sigam", "1");
    }

    @Test
    void aMistypedCommandIsNamedWithTheClosestCommand() {
        assertUserError("vistream: unknown command 'fitt'; did you mean 'fit'? (see 'vistream --help')", "fitt");
        assertUserError("vistream: unknown command 'sreve'; did you mean 'serve'? (see 'vistream --help')", "sreve", "--port", "1");
        assertUserError("vistream bn: unknown command 'qurey'; did you mean 'query'? (see 'vistream bn --help')", "bn", "qurey");
    }

    @Test
    void nothingCloseGetsTheListInstead() throws IOException {
        assertUserError("vistream: unknown command 'frobnicate'; the commands are fit, evidence, stream, serve, bn and help "
                + "(see 'vistream --help')", "frobnicate");
        String data = Files.writeString(dir.resolve("x.txt"), "1\n2\n3\n").toString();
        assertUserError("vistream fit: unknown option '--frobnicate' (see 'vistream fit --help')",
                "fit", "--k", "2", "--data", data, "--sigma0", "4", "--sigma", "1", "--frobnicate");
        assertUserError("vistream fit: unexpected argument 'extra' (see 'vistream fit --help')",
                "fit", "--k", "2", "--data", data, "--sigma0", "4", "--sigma", "1", "extra");
    }

    @Test
    void theUnknownWordIsQuotedSafely() {
        // An escape sequence in an argument must not reach the terminal: it could forge or hide output.
        CliRun run = CliRun.of("fit\u001b[2K", "--data", "x");
        assertEquals(2, run.status());
        assertEquals(1, run.err().lines().count(), run.err());
        assertFalse(run.err().contains("\u001b"), run.err());
        assertTrue(run.err().contains("unknown command 'fit\\u001b[2K'; did you mean 'fit'?"), run.err());
        CliRun option = CliRun.of("fit", "--k\u202e", "2");
        assertFalse(option.err().contains("\u202e"), option.err());
        assertTrue(option.err().contains("unknown option '--k\\u202e'; did you mean '--k'?"), option.err());
        // picocli's own messages quote arguments too.
        CliRun value = CliRun.of("fit", "--data", "x", "--k", "2\u001b[2K");
        assertEquals(2, value.status());
        assertEquals("vistream fit: Invalid value for option '--k': '2\\u001b[2K' is not an int (see 'vistream fit --help')\n",
                value.err());
    }

    @Test
    void usageLinesShowAListOptionOnceWithoutRepetitionSyntax() {
        List<List<String>> commands = new ArrayList<>();
        collect(VistreamCommand.commandLine(), new ArrayList<>(), commands);
        assertTrue(commands.size() >= 10, "vistream, fit, evidence, stream, serve, bn and its four: " + commands);
        for (List<String> command : commands) {
            List<String> args = new ArrayList<>(command);
            args.add("--help");
            CliRun run = CliRun.of(args.toArray(String[]::new));
            assertEquals(0, run.status(), String.join(" ", args));
            String help = run.out();
            // picocli's default for split="," is "--columns=C1,C2,…[,C1,C2,…...]]...": unreadable.
            assertFalse(help.contains("...]"), String.join(" ", args) + ":\n" + help);
            assertFalse(help.contains("…["), String.join(" ", args) + ":\n" + help);
            assertFalse(help.contains("…]..."), String.join(" ", args) + ":\n" + help);
        }
        // picocli may wrap a usage line after a comma of a label: joined again before looking.
        String fit = unwrapped(CliRun.of("fit", "--help").out());
        assertTrue(fit.contains("[--columns=C1,C2,…]"), fit);
        assertTrue(fit.contains("[--init-means=M1,M2,…]"), fit);
        assertTrue(fit.contains("--columns=C1,C2,…spherical, diag, full: CSV columns"), "the option list too: " + fit);
        String serve = unwrapped(CliRun.of("serve", "--help").out());
        assertTrue(serve.contains("[--plot=I,J]"), serve);
        assertTrue(serve.contains("[--allowed-origins=ORIGIN,…]"), serve);
        // A map option that is meant to be repeated keeps its "..." (one KEY=VALUE each time).
        assertTrue(serve.contains("[--kafka-property=KEY=VALUE]..."), serve);
        String query = unwrapped(CliRun.of("bn", "query", "--help").out());
        assertTrue(query.contains("[--evidence=V1=S1,…]"), query);
    }

    private static String unwrapped(String help) {
        return help.replaceAll("\\R\\s*", "").replaceAll("\\s{2,}", "");
    }

    private static void collect(CommandLine cli, List<String> path, List<List<String>> out) {
        out.add(path);
        cli.getSubcommands().forEach((name, sub) -> {
            if (!name.equals("help")) {
                List<String> next = new ArrayList<>(path);
                next.add(name);
                collect(sub, next, out);
            }
        });
    }

    @Test
    void versionPrintsThePomsVersionTheBuildAndTheLocalStep() throws Exception {
        String version = pomVersion();
        for (String[] args : List.of(new String[] {"--version"}, new String[] {"fit", "--version"},
                new String[] {"bn", "query", "--version"})) {
            CliRun run = CliRun.of(args);
            assertEquals(0, run.status(), String.join(" ", args));
            Matcher line = Pattern.compile("vistream (\\S+) \\((?:git ([0-9a-f]{7,})(?:-dirty)?, )?built "
                    + "(\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ)\\)\n"
                    + Pattern.quote(LocalStepPath.description()) + "\n").matcher(run.out());
            assertTrue(line.matches(), run.out());
            assertEquals(version, line.group(1));
            String head = gitHead();
            if (head != null) {
                assertEquals(head, line.group(2), "the commit the classes were built from");
            }
        }
    }

    /** The version in the parent pom, which every module inherits. */
    private static String pomVersion() throws Exception {
        var pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Path.of("..", "pom.xml").toFile());
        var children = pom.getDocumentElement().getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            if (children.item(i).getNodeName().equals("version")) {
                return children.item(i).getTextContent().trim();
            }
        }
        throw new AssertionError("no <version> in ../pom.xml");
    }

    /** HEAD's short hash, or null when this is no git checkout or git is missing. */
    private static String gitHead() throws InterruptedException {
        try {
            Process git = new ProcessBuilder("git", "rev-parse", "--short=7", "HEAD").directory(Path.of("..").toFile())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            assumeTrue(git.waitFor(30, TimeUnit.SECONDS));
            return git.exitValue() == 0 ? out : null;
        } catch (IOException noGit) {
            return null;
        }
    }

    private static void assertUserError(String line, String... args) {
        CliRun run = CliRun.of(args);
        assertEquals(2, run.status(), String.join(" ", args) + ": " + run.err());
        assertEquals("", run.out());
        assertEquals(line + "\n", run.err().replace("\r\n", "\n"), String.join(" ", args));
    }
}
