package vistream.app.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * The monitoring files shipped in deploy/ (the alerting rules and the Grafana dashboard) and the
 * PromQL they hold, read from the repository (tests run in the module's directory).
 */
public final class DeployFiles {

    /** The directory, from the app module. */
    public static final Path DIRECTORY = Path.of("..", "deploy");
    /** The alerting rules. */
    public static final Path RULES = DIRECTORY.resolve("prometheus/vistream-rules.yml");
    /** The unit tests of the rules, for {@code promtool test rules}. */
    public static final Path RULES_TESTS = DIRECTORY.resolve("prometheus/vistream-rules.test.yml");
    /** The Grafana dashboard. */
    public static final Path DASHBOARD = DIRECTORY.resolve("grafana/vistream.json");

    /** Metrics that Prometheus makes itself for each target: no service exports them. */
    public static final Set<String> MADE_BY_PROMETHEUS = Set.of("up");

    /** Grafana's {@code label_values(selector, label)}: its first argument is PromQL, its second a label. */
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\((.*),\\s*[a-zA-Z_][a-zA-Z0-9_]*\\s*\\)");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    private DeployFiles() {
    }

    /** @return the rules file as a tree */
    public static JsonNode rules() {
        return read(YAML, RULES);
    }

    /** @return the rules' unit tests as a tree */
    public static JsonNode rulesTests() {
        return read(YAML, RULES_TESTS);
    }

    /** @return the dashboard as a tree */
    public static JsonNode dashboard() {
        return read(JSON, DASHBOARD);
    }

    /** @return every rule's expression */
    public static List<String> ruleExpressions() {
        List<String> exprs = new ArrayList<>();
        for (JsonNode group : rules().path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                exprs.add(rule.path("expr").asText());
            }
        }
        return exprs;
    }

    /** @return every query of the dashboard: its panels' and its template variables' */
    public static List<String> dashboardExpressions() {
        JsonNode dashboard = dashboard();
        List<String> exprs = new ArrayList<>();
        for (JsonNode expr : dashboard.path("panels").findValues("expr")) {
            exprs.add(expr.asText());
        }
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            if (variable.path("type").asText().equals("query")) {
                String query = variable.path("query").isTextual() ? variable.path("query").asText()
                        : variable.path("query").path("query").asText();
                Matcher m = LABEL_VALUES.matcher(query);
                exprs.add(m.matches() ? m.group(1) : query);
            }
        }
        return exprs;
    }

    /** @return the selectors of every expression of the rules and the dashboard */
    public static List<PromQl.Selector> selectors() {
        List<PromQl.Selector> selectors = new ArrayList<>();
        for (String expr : ruleExpressions()) {
            selectors.addAll(PromQl.selectors(expr));
        }
        for (String expr : dashboardExpressions()) {
            selectors.addAll(PromQl.selectors(expr));
        }
        return selectors;
    }

    private static JsonNode read(ObjectMapper mapper, Path file) {
        try {
            return mapper.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
