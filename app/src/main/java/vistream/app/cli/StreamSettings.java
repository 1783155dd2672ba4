package vistream.app.cli;

import java.util.HashMap;
import java.util.Map;

import picocli.CommandLine.Option;
import vistream.app.serve.ServiceConfig;

/**
 * The streaming settings shared by {@code stream} and {@code serve}: batching, the update rule,
 * snapshots, the start and drift detection. Every option may be absent (null); the command layers
 * them over its own defaults with {@link ServiceConfig#over}.
 */
final class StreamSettings {

    @Option(names = "--update", paramLabel = "RULE",
            description = "svi (stochastic VI), svb (streaming VB), pvb (population VB) or constant (constant step).")
    String update;

    @Option(names = "--batch-size", paramLabel = "B", description = "Largest minibatch.")
    Integer batchSize;

    @Option(names = "--max-delay", paramLabel = "MS", description = "Longest a partial minibatch waits, in milliseconds.")
    Long maxDelayMillis;

    @Option(names = "--kappa", paramLabel = "K", description = "svi, pvb: forgetting rate of rho_t = (t + tau)^-kappa, in (0.5, 1].")
    Double kappa;

    @Option(names = "--tau", paramLabel = "T", description = "svi, pvb: delay tau >= 0.")
    Double tau;

    @Option(names = "--size", paramLabel = "N", description = "svi: size N of the data set the stream samples (required for svi).")
    Double size;

    @Option(names = "--population", paramLabel = "A", description = "pvb, constant: population size alpha the posterior stands for.")
    Double population;

    @Option(names = "--step", paramLabel = "RHO", description = "constant: the step size rho in (0, 1].")
    Double step;

    @Option(names = "--every", paramLabel = "M", description = "A snapshot each time M more observations were absorbed; 0 for every batch.")
    Long every;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of the k-means++ starts of the CAVI fit of the first batch.")
    Long seed;

    @Option(names = "--init-means", split = ",", paramLabel = "M1,M2,…",
            description = "Initial means, one per component (default: a CAVI fit of the first batch).")
    double[] initMeans;

    @Option(names = "--init-variance", paramLabel = "V", description = "Initial variance of each q(mu_k).")
    Double initVariance;

    @Option(names = "--drift-window", paramLabel = "W", description = "Snapshots per drift window.")
    Integer driftWindow;

    @Option(names = "--drift-threshold", paramLabel = "NATS", description = "Page-Hinkley alarm threshold lambda in nats.")
    Double driftThreshold;

    @Option(names = "--drift-delta", paramLabel = "NATS", description = "Page-Hinkley tolerated rise delta in nats.")
    Double driftDelta;

    @Option(names = "--no-moves", negatable = false,
            description = "Keep K fixed: no birth, merge or delete moves (they are on whenever the weights are learnt).")
    boolean noMoves;

    @Option(names = "--max-k", paramLabel = "N",
            description = "The most components births may reach (default: 20, or K if larger).")
    Integer maxK;

    /** These settings, with the input and K, and the model's and the service's left out (null). */
    ServiceConfig config(String input, Boolean follow, Integer k) {
        Map<String, Object> given = new HashMap<>();
        given.put("input", input);
        given.put("follow", follow);
        given.put("k", k);
        given.put("update", update);
        given.put("batchSize", batchSize);
        given.put("maxDelayMillis", maxDelayMillis);
        given.put("kappa", kappa);
        given.put("tau", tau);
        given.put("size", size);
        given.put("population", population);
        given.put("step", step);
        given.put("every", every);
        given.put("seed", seed);
        given.put("initMeans", initMeans);
        given.put("initVariance", initVariance);
        given.put("driftWindow", driftWindow);
        given.put("driftThreshold", driftThreshold);
        given.put("driftDelta", driftDelta);
        given.put("moves", noMoves ? Boolean.FALSE : null);
        given.put("maxK", maxK);
        return ServiceConfig.of(given);
    }
}
