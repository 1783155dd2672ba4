package vistream.streaming;

/**
 * How far one cluster's posterior moved.
 *
 * @param cluster             the cluster's index; stable for the life of the stream
 * @param displacement        Euclidean distance of its mean from the previous snapshot's
 * @param divergence          KL(q_now ‖ q_previous) of its global factor, in nats
 * @param windowDisplacement  distance of its mean from the start of the current drift window
 * @param windowDivergence    KL(q_now ‖ q_window start), in nats
 */
public record ClusterDrift(int cluster, double displacement, double divergence, double windowDisplacement,
        double windowDivergence) {
}
