package vistream.app.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * The alerting rules of deploy/prometheus: checked and unit-tested by Prometheus's own
 * {@code promtool}, and each rule complete (a {@code for}, a severity, a summary and a
 * description) and tested both firing and staying silent.
 */
class AlertRulesTest {

    private static final Set<String> SEVERITIES = Set.of("critical", "warning", "info");

    @Test
    void promtoolChecksTheRules() throws Exception {
        String out = promtool("check", "rules", DeployFiles.RULES.getFileName().toString());
        assertTrue(out.contains("SUCCESS: " + alerts().size() + " rules found"), out);
    }

    @Test
    void promtoolPassesTheRulesUnitTests() throws Exception {
        String out = promtool("test", "rules", DeployFiles.RULES_TESTS.getFileName().toString());
        assertTrue(out.contains("SUCCESS"), out);
    }

    @Test
    void everyRuleHasAForASeverityASummaryAndADescription() {
        for (JsonNode rule : rules()) {
            String name = rule.path("alert").asText();
            assertFalse(name.isEmpty(), "every rule is an alert: " + rule);
            assertTrue(rule.path("for").asText().matches("\\d+[smh]"), name + " has a for: " + rule.path("for"));
            assertTrue(SEVERITIES.contains(rule.path("labels").path("severity").asText()), name + " has a severity");
            assertFalse(rule.path("annotations").path("summary").asText().isBlank(), name + " has a summary");
            assertFalse(rule.path("annotations").path("description").asText().isBlank(), name + " has a description");
        }
    }

    @Test
    void everyRuleIsTestedFiringAndSilent() {
        Set<String> fires = new HashSet<>();
        Set<String> silent = new HashSet<>();
        for (JsonNode test : DeployFiles.rulesTests().path("tests")) {
            for (JsonNode check : test.path("alert_rule_test")) {
                (check.path("exp_alerts").isEmpty() ? silent : fires).add(check.path("alertname").asText());
            }
        }
        Set<String> alerts = alerts();
        assertEquals(alerts, new TreeSet<>(fires), "each alert has a check where it fires");
        assertEquals(alerts, new TreeSet<>(silent), "each alert has a check where it must not fire yet");
    }

    private static List<JsonNode> rules() {
        List<JsonNode> rules = new ArrayList<>();
        DeployFiles.rules().path("groups").forEach(g -> g.path("rules").forEach(rules::add));
        assertFalse(rules.isEmpty(), "the file has rules");
        return rules;
    }

    private static Set<String> alerts() {
        Set<String> names = new TreeSet<>();
        rules().forEach(r -> names.add(r.path("alert").asText()));
        return names;
    }

    private static String promtool(String... args) throws Exception {
        return Promtool.run(DeployFiles.RULES.getParent(), args);
    }
}
