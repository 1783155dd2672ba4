package vistream.streaming;

/**
 * How far one cluster's posterior moved.
 *
 * @param id                  the cluster's id (given at its birth, never reused)
 * @param displacement        Euclidean distance of its mean from the previous snapshot's (0 for a
 *                            cluster born since)
 * @param divergence          KL(q_now ‖ q_previous) of its global factor, in nats
 * @param windowDisplacement  distance of its mean from the start of the current drift window
 * @param windowDivergence    KL(q_now ‖ q_window start), in nats
 */
public record ClusterDrift(long id, double displacement, double divergence, double windowDisplacement,
        double windowDivergence) {
}
