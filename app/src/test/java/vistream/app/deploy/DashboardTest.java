package vistream.app.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Grafana dashboard of deploy/grafana is importable as it is: panels on the data source the
 * importer picks, each query narrowed to the chosen job and instances, no two panels sharing an id,
 * and every query valid PromQL once Grafana has filled in its variables. Whether its metrics exist
 * is checked against a running service (DeployedMetricsTest).
 */
class DashboardTest {

    private static final PromQl.Matcher JOB = new PromQl.Matcher("job", "=", "$job");
    private static final PromQl.Matcher INSTANCES = new PromQl.Matcher("instance", "=~", "$instance");

    @TempDir
    Path dir;

    @Test
    void everyQueryIsValidPromQl() throws Exception {
        // promtool has no command that parses a lone expression, but it parses recording rules.
        List<Map<String, String>> rules = new ArrayList<>();
        for (String expr : DeployFiles.dashboardExpressions()) {
            String filled = expr.replace("$__rate_interval", "1m").replace("$__range", "1h").replace("$job", "vistream")
                    .replace("$instance", ".*");
            rules.add(Map.of("record", "dashboard_query_" + rules.size(), "expr", filled));
        }
        new ObjectMapper(new YAMLFactory()).writeValue(dir.resolve("queries.yml").toFile(),
                Map.of("groups", List.of(Map.of("name", "dashboard", "rules", rules))));
        String out = Promtool.run(dir, "check", "rules", "queries.yml");
        assertTrue(out.contains("SUCCESS: " + rules.size() + " rules found"), out);
    }

    @Test
    void everyPanelQueriesTheChosenDataSourceJobAndInstances() {
        JsonNode dashboard = DeployFiles.dashboard();
        Set<Integer> ids = new HashSet<>();
        int queries = 0;
        for (JsonNode panel : dashboard.path("panels")) {
            String title = panel.path("title").asText();
            assertTrue(ids.add(panel.path("id").asInt()), "panel ids are unique: " + title);
            if (panel.path("type").asText().equals("row")) {
                continue;
            }
            assertEquals("${datasource}", panel.path("datasource").path("uid").asText(), title);
            assertFalse(panel.path("targets").isEmpty(), title + " has a query");
            for (JsonNode target : panel.path("targets")) {
                assertEquals("${datasource}", target.path("datasource").path("uid").asText(), title);
                for (PromQl.Selector s : PromQl.selectors(target.path("expr").asText())) {
                    assertTrue(s.matchers().contains(JOB) && s.matchers().contains(INSTANCES),
                            title + ": " + s + " is narrowed to $job and $instance");
                    queries++;
                }
            }
        }
        assertTrue(queries >= 20, "the dashboard's queries were read: " + queries);
        assertEquals("vistream", dashboard.path("uid").asText(), "a fixed uid: a second import replaces the first");
    }
}
