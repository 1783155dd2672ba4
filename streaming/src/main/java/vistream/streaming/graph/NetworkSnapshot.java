package vistream.streaming.graph;

import java.util.Objects;

import vistream.core.graph.BayesianNetwork;

/**
 * The network learned from a stream of records so far.
 *
 * @param records  valid records absorbed
 * @param rejected records refused
 * @param network  the CPTs estimated from the (possibly decayed) counts
 */
public record NetworkSnapshot(long records, long rejected, BayesianNetwork network) {

    /** Checks that the network is present. */
    public NetworkSnapshot {
        Objects.requireNonNull(network, "network");
    }
}
