package vistream.app.bn;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import vistream.core.graph.BayesianNetwork;
import vistream.core.graph.NetworkStructure;

/**
 * One question to a network by names: the variables asked about and the observed states.
 * {@link #resolve} checks every name and state against the network once, so answering cannot
 * fail on a misspelling halfway through a file of queries.
 *
 * @param variables the variables asked about, in order (for a MAP query, empty means all)
 * @param evidence  observed states by variable name, in the order given
 */
public record NetworkQuery(List<String> variables, Map<String, String> evidence) {

    /** Copies both. */
    public NetworkQuery {
        variables = List.copyOf(variables);
        evidence = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(evidence));
    }

    /**
     * Parses evidence written as {@code variable=state} pairs.
     *
     * @param pairs the pairs, as given on the command line
     * @return the states by variable, in the order given
     * @throws IllegalArgumentException for a pair without '=' or a variable named twice
     */
    public static Map<String, String> evidence(List<String> pairs) {
        Map<String, String> observed = new LinkedHashMap<>();
        for (String pair : pairs) {
            String[] parts = pair.split("=", 2);
            if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
                throw new IllegalArgumentException("evidence '" + pair + "' is not of the form variable=state");
            }
            if (observed.put(parts[0].strip(), parts[1].strip()) != null) {
                throw new IllegalArgumentException("evidence names '" + parts[0].strip() + "' twice");
            }
        }
        return observed;
    }

    /**
     * Checks the query against a network and turns it into indices.
     *
     * @param network  the network
     * @param mayBeEmpty whether no variable asked is allowed (MAP: every unobserved one)
     * @return the indices
     * @throws IllegalArgumentException naming an unknown variable or state, a variable asked
     *                                  twice, or one both asked and observed
     */
    public Resolved resolve(BayesianNetwork network, boolean mayBeEmpty) {
        NetworkStructure structure = network.structure();
        if (variables.isEmpty() && !mayBeEmpty) {
            throw new IllegalArgumentException("a query needs at least one variable");
        }
        int[] evidenceStates = network.evidence(evidence);
        int[] asked = new int[variables.size()];
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < asked.length; i++) {
            String name = variables.get(i);
            if (!seen.add(name)) {
                throw new IllegalArgumentException("'" + name + "' is asked twice");
            }
            asked[i] = structure.indexOf(name);
            if (evidenceStates[asked[i]] >= 0) {
                throw new IllegalArgumentException("'" + name + "' is both the query and evidence");
            }
        }
        return new Resolved(this, asked, evidenceStates);
    }

    /**
     * A query checked against its network.
     *
     * @param query    the query by names
     * @param asked    the asked variables' indices
     * @param evidence each variable's observed state, −1 where unobserved
     */
    public record Resolved(NetworkQuery query, int[] asked, int[] evidence) {
    }

    /**
     * The names of a comma-separated list of variables.
     *
     * @param list for example {@code "HR,CVP"}
     * @return the names, stripped
     * @throws IllegalArgumentException for an empty name
     */
    public static List<String> variables(String list) {
        List<String> out = new ArrayList<>();
        for (String name : list.split(",", -1)) {
            if (name.isBlank()) {
                throw new IllegalArgumentException("'" + list + "' has an empty variable name");
            }
            out.add(name.strip());
        }
        return out;
    }
}
