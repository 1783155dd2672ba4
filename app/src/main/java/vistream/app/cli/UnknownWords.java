package vistream.app.cli;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import picocli.CommandLine;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;
import vistream.app.source.Printable;

/**
 * Says which word of a command line vistream does not know, and the closest one it does: an
 * option ({@code --K}: did you mean {@code --k}?) or a command ({@code fitt}: did you mean
 * {@code fit}?). picocli's own suggestions miss a change of case, a swapped pair of letters and a
 * short word, and it reports a missing required option before an unknown one, although the
 * unknown one is usually the required one mistyped; this class answers both.
 */
final class UnknownWords {

    /** Something typed as an option: one or two dashes and a letter (a negative number is a value). */
    private static final Pattern OPTION = Pattern.compile("--?\\p{L}.*", Pattern.DOTALL);

    /** At most this many equally close names are offered. */
    private static final int MOST_SUGGESTIONS = 3;

    private UnknownWords() {
    }

    /**
     * Describes the unknown words behind a parse error, for one line after the command's name.
     *
     * @param error the parse error
     * @param args  the whole command line
     * @return e.g. {@code unknown option '--K'; did you mean '--k'?}, with the words escaped, or
     *         null when the error is not about an unknown word
     */
    static String describe(ParameterException error, String[] args) {
        CommandLine command = error.getCommandLine();
        if (error instanceof UnmatchedArgumentException unmatched) {
            List<String> words = unmatched.getUnmatched();
            if (words.isEmpty()) {
                return null;
            }
            String first = words.get(0);
            if (!isOption(first) && !command.getSubcommands().isEmpty()) {
                // What follows a mistyped command belongs to it, not to this one.
                return unknownCommand(first, command);
            }
            List<String> options = words.stream().filter(UnknownWords::isOption).toList();
            return options.isEmpty() ? "unexpected argument " + quote(first) : unknownOptions(options, command.getCommandSpec());
        }
        if (error instanceof MissingParameterException) {
            List<String> options = unknownIn(args, command);
            return options.isEmpty() ? null : unknownOptions(options, command.getCommandSpec());
        }
        return null;
    }

    /**
     * The words of {@code args} typed as options that neither the command nor its parents know.
     * picocli checks required options before it looks for unknown ones, so on a missing required
     * option this finds what it did not get to.
     */
    private static List<String> unknownIn(String[] args, CommandLine command) {
        Set<String> known = new HashSet<>();
        for (CommandSpec spec = command.getCommandSpec(); spec != null; spec = spec.parent()) {
            known.addAll(spec.optionsMap().keySet());
        }
        String endOfOptions = command.getCommandSpec().parser().endOfOptionsDelimiter();
        List<String> unknown = new ArrayList<>();
        for (String arg : args) {
            if (arg.equals(endOfOptions)) {
                break;
            }
            if (isOption(arg) && !known.contains(name(arg))) {
                unknown.add(arg);
            }
        }
        return unknown;
    }

    private static String unknownOptions(List<String> typed, CommandSpec spec) {
        List<String> candidates = new ArrayList<>();
        for (OptionSpec option : spec.options()) {
            if (!option.hidden()) {
                // One name per option: --help, not also -h.
                candidates.add(option.longestName());
            }
        }
        Set<String> names = new LinkedHashSet<>();
        typed.forEach(word -> names.add(name(word)));
        if (names.size() == 1) {
            String name = names.iterator().next();
            return "unknown option " + quote(name) + didYouMean("; ", closest(name, candidates), "");
        }
        List<String> each = new ArrayList<>();
        for (String name : names) {
            each.add(quote(name) + didYouMean(" (", closest(name, candidates), ")"));
        }
        return "unknown options " + String.join(", ", each.subList(0, each.size() - 1)) + " and " + each.get(each.size() - 1);
    }

    private static String unknownCommand(String typed, CommandLine command) {
        List<String> commands = new ArrayList<>();
        for (Map.Entry<String, CommandLine> sub : command.getSubcommands().entrySet()) {
            if (!sub.getValue().getCommandSpec().usageMessage().hidden()) {
                commands.add(sub.getKey());
            }
        }
        List<String> closest = closest(typed, commands);
        String said = "unknown command " + quote(typed);
        if (!closest.isEmpty()) {
            return said + didYouMean("; ", closest, "");
        }
        return said + "; the commands are " + String.join(", ", commands.subList(0, commands.size() - 1)) + " and "
                + commands.get(commands.size() - 1);
    }

    private static String didYouMean(String before, List<String> names, String after) {
        if (names.isEmpty()) {
            return "";
        }
        List<String> quoted = names.stream().map(UnknownWords::quote).toList();
        String joined = quoted.size() == 1 ? quoted.get(0)
                : String.join(", ", quoted.subList(0, quoted.size() - 1)) + " or " + quoted.get(quoted.size() - 1);
        return before + "did you mean " + joined + "?" + after;
    }

    /**
     * The candidates closest to a typed word, ignoring case and leading dashes: those at the
     * smallest edit distance (a swapped pair of letters counts once), if it is small for the
     * word's length (one edit per three letters, at least one), or if one word begins with the
     * other ({@code --max-iters} and {@code --max-iter}). At most {@value #MOST_SUGGESTIONS}, in
     * the candidates' order.
     *
     * @param typed      what was typed
     * @param candidates the valid words
     * @return the closest ones, or none when nothing is close
     */
    static List<String> closest(String typed, Collection<String> candidates) {
        String word = bare(typed);
        int allowed = Math.max(1, word.length() / 3);
        int best = Integer.MAX_VALUE;
        List<String> out = new ArrayList<>();
        for (String candidate : candidates) {
            String valid = bare(candidate);
            int distance = distance(word, valid);
            boolean prefix = Math.min(word.length(), valid.length()) >= 3
                    && (word.startsWith(valid) || valid.startsWith(word));
            if (distance > allowed && !prefix) {
                continue;
            }
            if (distance < best) {
                best = distance;
                out.clear();
            }
            if (distance == best && out.size() < MOST_SUGGESTIONS) {
                out.add(candidate);
            }
        }
        return out;
    }

    /**
     * The optimal string alignment distance: insertions, deletions, substitutions and swaps of two
     * neighbouring characters, each counting one.
     */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }

    private static boolean isOption(String arg) {
        return OPTION.matcher(arg).matches();
    }

    /** An option's name without the value attached by '=' (which may be long, or secret). */
    private static String name(String arg) {
        int equals = arg.indexOf('=');
        return equals < 0 ? arg : arg.substring(0, equals);
    }

    private static String bare(String word) {
        int start = 0;
        while (start < word.length() && word.charAt(start) == '-') {
            start++;
        }
        return word.substring(start).toLowerCase(Locale.ROOT);
    }

    /** Quoted and escaped: the word is input, and may hold a terminal escape sequence. */
    private static String quote(String word) {
        return "'" + Printable.escape(word) + "'";
    }
}
