package vistream.app.cli;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

import picocli.CommandLine;
import picocli.CommandLine.Help.Ansi.IStyle;
import picocli.CommandLine.Help.Ansi.Text;
import picocli.CommandLine.Help.ColorScheme;
import picocli.CommandLine.Help.IParamLabelRenderer;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * picocli's usage help, with list options written once. An option with {@code split = ","} is
 * shown as its label alone ({@code --columns=C1,C2,…}), since the label already says it takes a
 * list, instead of picocli's {@code --columns=C1,C2,…[,C1,C2,…...]]...}. This applies to every
 * such option of every command, so a new one needs no {@code hideParamSyntax} of its own. Options
 * that are meant to be repeated, such as {@code --kafka-property KEY=VALUE}, keep their
 * {@code ...}.
 */
final class VistreamHelp extends CommandLine.Help {

    private final IParamLabelRenderer labels;

    /**
     * The help of one command.
     *
     * @param spec        the command
     * @param colorScheme its colours
     */
    VistreamHelp(CommandSpec spec, ColorScheme colorScheme) {
        super(spec, colorScheme);
        IParamLabelRenderer picocli = super.parameterLabelRenderer();
        labels = new IParamLabelRenderer() {
            @Override
            public Text renderParameterLabel(ArgSpec arg, CommandLine.Help.Ansi ansi, List<IStyle> styles) {
                return isList(arg) ? colorScheme().apply(separator() + arg.paramLabel(), styles)
                        : picocli.renderParameterLabel(arg, ansi, styles);
            }

            @Override
            public String separator() {
                return picocli.separator();
            }
        };
    }

    @Override
    public IParamLabelRenderer parameterLabelRenderer() {
        return labels;
    }

    /**
     * picocli's synopsis, with each list option once: {@code [--columns=C1,C2,…]}, not
     * {@code [--columns=C1,C2,…]...}. picocli puts multi-value options last, so they stay there.
     */
    @Override
    protected Text createDetailedSynopsisOptionsText(Collection<ArgSpec> done, List<OptionSpec> optionList,
            Comparator<OptionSpec> optionSort, boolean clusterBooleanOptions) {
        List<OptionSpec> others = new ArrayList<>();
        List<OptionSpec> lists = new ArrayList<>();
        for (OptionSpec option : optionList) {
            (isList(option) && !option.hidden() && !done.contains(option) ? lists : others).add(option);
        }
        Text text = super.createDetailedSynopsisOptionsText(done, others, optionSort, clusterBooleanOptions);
        lists.sort(optionSort != null ? optionSort : Comparator.comparing(OptionSpec::longestName));
        for (OptionSpec option : lists) {
            Text one = colorScheme().optionText(option.longestName())
                    .concat(labels.renderParameterLabel(option, colorScheme().ansi(), colorScheme().optionParamStyles()));
            text = option.required() ? text.concat(" ").concat(one) : text.concat(" [").concat(one).concat("]");
        }
        return text;
    }

    private static boolean isList(ArgSpec arg) {
        return arg.isOption() && !arg.splitRegex().isEmpty();
    }
}
