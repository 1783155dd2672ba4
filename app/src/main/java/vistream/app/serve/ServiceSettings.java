package vistream.app.serve;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import vistream.app.config.ModelSpec;
import vistream.app.config.Models;
import vistream.app.config.UserError;
import vistream.app.kafka.KafkaSettings;
import vistream.core.inference.UpdateRule;
import vistream.core.mixture.WeightPrior;
import vistream.streaming.DriftOptions;
import vistream.streaming.StreamOptions;

/**
 * What {@code serve} runs with: its settings resolved, checked and typed, in small parts. A
 * {@link ServiceConfig} is the shape of a configuration file and of the flags (flat, every field
 * optional, layered); {@link ServiceConfig#resolve()} turns the layered whole into this, once, so
 * that the service reads typed parts and never a missing value.
 *
 * @param source     where observations come from
 * @param model      the model and its prior
 * @param stream     how the posterior is updated
 * @param checkpoint where and how often the posterior is saved
 * @param server     where the HTTP API listens, and its policy
 * @param dashboard  what the dashboard keeps and draws
 * @param kafka      the Kafka group this instance belongs to, complete, or null
 * @param rejects    the dead-letter file, or null
 * @param jvmMetrics whether /metrics has the JVM's and the process's meters
 */
public record ServiceSettings(Source source, ModelSpec model, Stream stream, Checkpointing checkpoint, Server server,
        Dashboard dashboard, KafkaSettings kafka, Path rejects, boolean jvmMetrics) {

    /**
     * Where observations come from besides HTTP ingest.
     *
     * @param input  a file, {@code -} for stdin, or null for the synthetic feed (or Kafka)
     * @param follow keep reading lines appended to the file
     * @param seed   the synthetic feed's seed
     * @param rate   the synthetic feed's observations per second
     */
    public record Source(String input, boolean follow, long seed, double rate) {

        /** @return the input file, or null for stdin, the synthetic feed and Kafka */
        public String file() {
            return input == null || input.equals("-") ? null : input;
        }
    }

    /**
     * How the posterior is updated.
     *
     * @param k              the starting K (initial means are K × D)
     * @param batchSize      the largest minibatch (also the head a data-dependent prior is taken from)
     * @param maxDelay       how long a partial minibatch waits
     * @param update         the update rule's name, as given
     * @param rule           the update rule
     * @param every          a snapshot each this many observations; 0 for every batch
     * @param seed           the seed of the first batch's starts and of the births
     * @param initialMeans   initial means, K × D, or null for a fit of the first batch
     * @param initialVariance the initial variance of each component factor
     * @param drift          the change detector's settings
     * @param workers        the stream's threads
     * @param moves          whether moves are on, or null for the default (on with learnt weights)
     * @param maxK           the bound on components, or null for the default
     */
    public record Stream(int k, int batchSize, Duration maxDelay, String update, UpdateRule rule, long every, long seed,
            double[] initialMeans, double initialVariance, DriftOptions drift, int workers, Boolean moves, Integer maxK) {

        /**
         * Returns the stream options for a model of dimension {@code d} and weights {@code weights}.
         *
         * @param d       D
         * @param weights the model's weight prior
         * @return a builder with batching, rule, start, drift and moves set
         * @throws UserError if the initial means are not K × D, or moves are asked of fixed weights
         */
        public StreamOptions.Builder options(int d, WeightPrior weights) {
            StreamOptions.Builder b = StreamOptions.builder().batchSize(batchSize).maxBatchDelay(maxDelay).updateRule(rule)
                    .emitEvery(every).seed(seed).initialVariance(initialVariance).drift(drift).workers(workers)
                    .moves(Models.streamMoves(moves, maxK, k, weights));
            if (initialMeans != null) {
                if (initialMeans.length != k * d) {
                    throw new UserError("init-means has " + initialMeans.length + " values but k"
                            + (d > 1 ? " × dimension" : "") + " is " + k * d);
                }
                b.initialMeans(initialMeans);
            }
            return b;
        }

        /**
         * The number of cluster slots the meters keep: the bound on components when moves are on,
         * else K.
         *
         * @param components the model's K
         * @param weights    the model's weight prior
         * @return the slots
         */
        public int slots(int components, WeightPrior weights) {
            return Models.movesOn(moves, weights) ? Models.maxComponents(maxK, k) : components;
        }
    }

    /**
     * Where and how often the posterior is saved.
     *
     * @param file     the checkpoint file, or null for none (a Kafka group saves to its state topic)
     * @param interval the time between writes
     */
    public record Checkpointing(Path file, Duration interval) {
    }

    /**
     * Where the HTTP API listens.
     *
     * @param bind   the address
     * @param port   the port, 0 for a free one
     * @param policy timeouts, sizes, allowed hosts and origins
     */
    public record Server(String bind, int port, HttpPolicy policy) {
    }

    /**
     * What the dashboard keeps and draws.
     *
     * @param history snapshots kept
     * @param recent  observations kept for the histogram or scatter
     * @param plot    the two dimensions drawn for multivariate models, from 1
     */
    public record Dashboard(int history, int recent, List<Integer> plot) {

        /**
         * The dimensions the dashboard draws, from 0: the configured pair for D ≥ 2, the only one for D = 1.
         *
         * @param d D
         * @return one or two dimensions
         * @throws UserError if the pair is not two different dimensions of the model
         */
        public int[] dimensions(int d) {
            if (d == 1) {
                return new int[] {0};
            }
            if (plot.size() != 2 || plot.get(0).equals(plot.get(1)) || plot.get(0) < 1 || plot.get(1) < 1
                    || plot.get(0) > d || plot.get(1) > d) {
                throw new UserError("plot must name two different dimensions between 1 and " + d + ", got " + plot);
            }
            return new int[] {plot.get(0) - 1, plot.get(1) - 1};
        }
    }
}
