package vistream.app.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The selectors that the name checks rest on are read from PromQL as Prometheus reads them. */
class PromQlTest {

    @Test
    void functionsGroupingsRangesAndOperatorsAreNotMetrics() {
        List<PromQl.Selector> found = PromQl.selectors("sum by (instance, area) (rate(jvm_gc_pause_seconds_sum"
                + "{job=\"$job\", instance=~\"$instance\"}[$__rate_interval])) / on (instance) group_left "
                + "process_cpu_usage > 0.5 and vistream_converged == bool 0 unless up offset 5m");
        assertEquals(List.of("jvm_gc_pause_seconds_sum", "process_cpu_usage", "vistream_converged", "up"),
                found.stream().map(PromQl.Selector::name).toList());
        assertEquals("jvm_gc_pause_seconds_sum{job=\"$job\",instance=~\"$instance\"}", found.get(0).toString());
    }

    @Test
    void matchersAreReadWithTheirOperatorsAndQuotedValues() {
        PromQl.Selector s = PromQl.selectors("vistream_update_seconds{quantile=\"0.95\", scope!=\"group\", kind=~\"birth|merge\","
                + " reason!~\"a\\\"b\"}").get(0);
        assertEquals(List.of(new PromQl.Matcher("quantile", "=", "0.95"), new PromQl.Matcher("scope", "!=", "group"),
                new PromQl.Matcher("kind", "=~", "birth|merge"), new PromQl.Matcher("reason", "!~", "a\\\"b")), s.matchers());
        assertTrue(s.matchers().get(1).matches(""), "an absent label is not \"group\"");
        assertFalse(s.matchers().get(1).matches("group"));
        assertTrue(s.matchers().get(2).matches("merge"));
        assertFalse(s.matchers().get(2).matches("merges"), "a regular expression matches whole values");
    }

    @Test
    void aMisspeltFunctionIsAnErrorAndAnyOtherUnknownWordAMetricSoThatTheNameChecksCatchIt() {
        assertThrows(IllegalArgumentException.class, () -> PromQl.selectors("rat (vistream_batches_total[5m])"),
                "a space before the parenthesis: still a call");
        assertEquals(List.of("vistream_batches_totl", "vistream_elbo"),
                PromQl.selectors("rate(vistream_batches_totl[5m]) > vistream_elbo").stream().map(PromQl.Selector::name).toList());
    }

    @Test
    void anUnclosedMatcherListIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> PromQl.selectors("vistream_elbo_nats{job=\"a\""));
        assertThrows(IllegalArgumentException.class, () -> PromQl.selectors("vistream_elbo_nats{job=a}"));
    }
}
