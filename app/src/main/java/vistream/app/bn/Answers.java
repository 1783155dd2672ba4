package vistream.app.bn;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import vistream.core.graph.JointDistribution;
import vistream.core.graph.MostProbableAssignment;
import vistream.core.graph.NetworkStructure;

/**
 * The JSON shapes of {@code bn query} and {@code bn map} answers, as ordered maps.
 * <ul>
 *   <li>one variable: {@code {"query": "HR", "evidence": {…}, "distribution": {"LOW": 0.1, …}}};</li>
 *   <li>several: {@code {"query": ["A", "B"], "evidence": {…}, "distribution":
 *       [{"states": {"A": "a1", "B": "b1"}, "probability": 0.12}, …]}}, the last variable
 *       varying fastest;</li>
 *   <li>MAP: {@code {"query": [...], "evidence": {…}, "assignment": {"A": "a1", …},
 *       "probability": p, "logProbability": log p}}, the probability given the evidence; for MPE
 *       the query lists every unobserved variable.</li>
 * </ul>
 */
public final class Answers {

    private Answers() {
    }

    /**
     * The answer to a (joint) posterior query.
     *
     * @param structure the network's structure
     * @param query     the query
     * @param joint     its distribution
     * @return the answer, ready to write as JSON
     */
    public static Map<String, Object> distribution(NetworkStructure structure, NetworkQuery query, JointDistribution joint) {
        Map<String, Object> out = new LinkedHashMap<>();
        int[] variables = joint.variables();
        if (variables.length == 1) {
            out.put("query", query.variables().get(0));
            out.put("evidence", query.evidence());
            Map<String, Double> distribution = new LinkedHashMap<>();
            List<String> states = structure.variables().get(variables[0]).states();
            for (int s = 0; s < joint.size(); s++) {
                distribution.put(states.get(s), joint.probability(s));
            }
            out.put("distribution", distribution);
            return out;
        }
        out.put("query", query.variables());
        out.put("evidence", query.evidence());
        List<Map<String, Object>> rows = new ArrayList<>(joint.size());
        for (int i = 0; i < joint.size(); i++) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("states", named(structure, variables, joint.states(i)));
            row.put("probability", joint.probability(i));
            rows.add(row);
        }
        out.put("distribution", rows);
        return out;
    }

    /**
     * The answer to a MAP query.
     *
     * @param structure the network's structure
     * @param query     the query (no variables: MPE)
     * @param map       its answer
     * @return the answer, ready to write as JSON
     */
    public static Map<String, Object> assignment(NetworkStructure structure, NetworkQuery query, MostProbableAssignment map) {
        Map<String, Object> out = new LinkedHashMap<>();
        List<String> asked = new ArrayList<>();
        for (int v : map.variables()) {
            asked.add(structure.variables().get(v).name());
        }
        out.put("query", asked);
        out.put("evidence", query.evidence());
        out.put("assignment", named(structure, map.variables(), map.states()));
        out.put("probability", map.probability());
        out.put("logProbability", map.logProbability());
        return out;
    }

    /**
     * The answer in place of one that could not be given.
     *
     * @param query  the query
     * @param reason why
     * @return {@code {"query": …, "evidence": …, "error": reason}}
     */
    public static Map<String, Object> error(NetworkQuery query, String reason) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("query", query.variables().size() == 1 ? query.variables().get(0) : query.variables());
        out.put("evidence", query.evidence());
        out.put("error", reason);
        return out;
    }

    private static Map<String, String> named(NetworkStructure structure, int[] variables, int[] states) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < variables.length; i++) {
            out.put(structure.variables().get(variables[i]).name(),
                    structure.variables().get(variables[i]).states().get(states[i]));
        }
        return out;
    }
}
