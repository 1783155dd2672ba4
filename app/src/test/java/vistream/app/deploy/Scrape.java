package vistream.app.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The series of a scrape of {@code /metrics} (Prometheus text format), to check the selectors of
 * deploy/ against: which names and labels a real service exports.
 */
public final class Scrape {

    /**
     * Labels that Prometheus puts on every series it scrapes, from the target: a scrape of the
     * service cannot have them, so matchers on them are not checked.
     */
    public static final Set<String> TARGET_LABELS = Set.of("job", "instance");

    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\",?");

    /**
     * One series.
     *
     * @param name   the metric's name
     * @param labels its labels
     */
    public record Series(String name, Map<String, String> labels) {
    }

    private final List<Series> series;

    private Scrape(List<Series> series) {
        this.series = series;
    }

    /**
     * Reads a scrape.
     *
     * @param text the body of {@code GET /metrics}
     * @return its series
     */
    public static Scrape of(String text) {
        List<Series> series = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int brace = line.indexOf('{');
            int space = line.indexOf(' ');
            if (brace < 0 || brace > space) {
                series.add(new Series(line.substring(0, space), Map.of()));
                continue;
            }
            Map<String, String> labels = new LinkedHashMap<>();
            Matcher m = LABEL.matcher(line.substring(brace + 1, line.lastIndexOf('}')));
            while (m.find()) {
                labels.put(m.group(1), m.group(2));
            }
            series.add(new Series(line.substring(0, brace), labels));
        }
        return new Scrape(series);
    }

    /**
     * Whether some series of the scrape is selected: its name is the selector's and every matcher
     * holds, except those on {@linkplain #TARGET_LABELS target labels} and on Grafana's
     * {@code $variables}, which only a Prometheus or a Grafana can fill in.
     *
     * @param selector a selector of an expression
     * @return whether the scrape has a series it selects
     */
    public boolean has(PromQl.Selector selector) {
        return series.stream().anyMatch(s -> s.name().equals(selector.name()) && selector.matchers().stream()
                .filter(m -> !TARGET_LABELS.contains(m.label()) && !m.value().contains("$"))
                .allMatch(m -> m.matches(s.labels().getOrDefault(m.label(), ""))));
    }

    /** @return every series, in the order of the scrape */
    public List<Series> series() {
        return series;
    }
}
