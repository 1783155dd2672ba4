package vistream.app.serve;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import vistream.app.config.UpdateRules;
import vistream.app.config.UserError;
import vistream.app.kafka.KafkaSettings;
import vistream.app.config.ModelSpec;
import vistream.core.mixture.WeightPrior;
import vistream.streaming.DriftOptions;
import vistream.streaming.StreamOptions;

/**
 * The settings of {@code serve}, as read from a JSON or YAML file and from flags. Every field may
 * be null (not given); {@link #over(ServiceConfig)} layers one set over another and
 * {@link #DEFAULTS} fills what nobody gave.
 *
 * @param input                     a file to read, {@code -} for stdin, null for the synthetic feed
 * @param follow                    keep reading lines appended to the input file
 * @param k                         number of mixture components
 * @param sigma0                    prior standard deviation of the means
 * @param sigma                     known component standard deviation
 * @param update                    svi, svb, pvb or constant
 * @param batchSize                 largest minibatch
 * @param maxDelayMillis            longest a partial minibatch waits
 * @param kappa                     svi and pvb forgetting rate
 * @param tau                       svi and pvb delay
 * @param size                      svi data-set size
 * @param population                pvb and constant population size
 * @param step                      constant step size
 * @param every                     a snapshot each this many observations; 0 for every batch
 * @param seed                      seed of the first batch's k-means++ starts and of the synthetic feed
 * @param initMeans                 initial means, one per component
 * @param initVariance              initial variance of each component factor
 * @param driftWindow               snapshots per drift window
 * @param driftThreshold            Page–Hinkley threshold, nats
 * @param driftDelta                Page–Hinkley tolerated rise, nats
 * @param bind                      address the HTTP server listens on
 * @param port                      its port; 0 picks a free one
 * @param rate                      observations per second of the synthetic feed
 * @param rejects                   dead-letter file for invalid input
 * @param checkpoint                checkpoint file
 * @param checkpointIntervalSeconds how often the checkpoint is written
 * @param maxBodyBytes              largest request body accepted
 * @param history                   snapshots kept for the dashboard
 * @param recent                    observations kept for the dashboard's histogram
 * @param model                     known-variance, spherical, diag or full
 * @param columns                   CSV columns of a file input, by name or index from 1 (multivariate models)
 * @param weights                   uniform, dirichlet (default) or dp
 * @param alpha0                    concentration of learnt weights (default 1/K)
 * @param beta0                     mean precision prior (multivariate models; default 1)
 * @param nu0                       Wishart degrees of freedom (multivariate models; default D)
 * @param mean0                     prior mean (multivariate models; default from the data)
 * @param covariance0               prior covariance W0⁻¹, row by row (multivariate models; default from the data)
 * @param plot                      the two dimensions the dashboard draws, counted from 1 (default 1 and 2)
 * @param kafka                     read a Kafka topic as one instance of a group sharing a posterior, instead of
 *                                  a file or the synthetic feed (null: not Kafka)
 * @param workers                   threads of the stream: one reads and batches while the others absorb
 *                                  (default: every available processor); the results do not depend on it
 * @param moves                     birth, merge and delete moves (default: on whenever the weights are learnt)
 * @param maxK                      the most components births may reach (default: 20, or k if larger)
 * @param http                      the HTTP server's timeouts, limits, allowed hosts and origins (null: defaults)
 * @param jvmMetrics                the JVM's and the process's meters on /metrics (default true)
 */
public record ServiceConfig(String input, Boolean follow, Integer k, Double sigma0, Double sigma, String update,
        Integer batchSize, Long maxDelayMillis, Double kappa, Double tau, Double size, Double population, Double step,
        Long every, Long seed, double[] initMeans, Double initVariance, Integer driftWindow, Double driftThreshold,
        Double driftDelta, String bind, Integer port, Double rate, String rejects, String checkpoint,
        Double checkpointIntervalSeconds, Integer maxBodyBytes, Integer history, Integer recent, String model,
        List<String> columns, String weights, Double alpha0, Double beta0, Double nu0, double[] mean0, double[] covariance0,
        List<Integer> plot, KafkaSettings kafka, Integer workers, Boolean moves, Integer maxK, HttpSettings http,
        Boolean jvmMetrics) {

    // Before DEFAULTS, which is made with them.
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /**
     * What {@code serve} does when told nothing: the synthetic drifting feed (4 clusters, one of
     * which appears late) at 2,000 observations a second, fitted with a constant step that forgets
     * old data, with Dirichlet weights and moves, on http://127.0.0.1:8080/.
     */
    public static final ServiceConfig DEFAULTS = of(Map.ofEntries(Map.entry("follow", false), Map.entry("k", 4),
            Map.entry("update", "constant"), Map.entry("batchSize", 500), Map.entry("maxDelayMillis", 1000L),
            Map.entry("kappa", 0.7), Map.entry("tau", 1.0), Map.entry("population", 5000.0), Map.entry("step", 0.05),
            Map.entry("every", 0L), Map.entry("seed", 1L), Map.entry("initVariance", 1.0), Map.entry("driftWindow", 10),
            Map.entry("driftThreshold", 50.0), Map.entry("driftDelta", 0.25), Map.entry("bind", "127.0.0.1"),
            Map.entry("port", 8080), Map.entry("rate", 2000.0), Map.entry("checkpointIntervalSeconds", 10.0),
            Map.entry("maxBodyBytes", 1 << 20), Map.entry("history", 720), Map.entry("recent", 5000),
            Map.entry("model", "known-variance"), Map.entry("plot", List.of(1, 2)), Map.entry("jvmMetrics", true)));


    /**
     * Settings by name, as a configuration file gives them: the way code builds them, so that no
     * caller lists forty positions.
     *
     * @param settings setting name (as in a file) → value; absent or null for not given
     * @return the settings
     * @throws IllegalArgumentException for an unknown name or a value of the wrong kind
     */
    public static ServiceConfig of(Map<String, ?> settings) {
        Map<String, Object> given = new java.util.LinkedHashMap<>();
        settings.forEach((name, value) -> {
            if (value != null) {
                given.put(name, value);
            }
        });
        return JSON.convertValue(given, ServiceConfig.class);
    }

    /**
     * Reads settings from a JSON file, or YAML when its name ends in {@code .yaml} or {@code .yml}.
     *
     * @param file the file
     * @return the settings it gives
     * @throws UserError if it cannot be read or holds an unknown or mistyped setting
     */
    public static ServiceConfig read(Path file) {
        String name = file.getFileName().toString();
        ObjectMapper mapper = name.endsWith(".yaml") || name.endsWith(".yml") ? YAML : JSON;
        try {
            return mapper.readValue(Files.readString(file), ServiceConfig.class);
        } catch (NoSuchFileException e) {
            throw new UserError("cannot read configuration " + file + ": no such file");
        } catch (UnrecognizedPropertyException e) {
            // No line: YAML's parser is already past the name when it reports it.
            throw new UserError("configuration " + file + ": unknown setting '" + path(e) + "'");
        } catch (MismatchedInputException e) {
            String given = e instanceof InvalidFormatException f ? ", got '" + f.getValue() + "'" : "";
            throw new UserError("configuration " + file + ": setting '" + path(e) + "' must be " + expected(e.getTargetType())
                    + given + location(e));
        } catch (JsonMappingException e) {
            if (e.getCause() instanceof InputCoercionException number) {
                throw new UserError("configuration " + file + ": setting '" + path(e) + "' must be " + expected(number
                        .getTargetType()) + ", and " + quoted(number) + " is out of range" + location(e));
            }
            throw new UserError("configuration " + file + ": setting '" + path(e) + "' is not valid" + location(e));
        } catch (JsonProcessingException e) {
            throw new UserError("configuration " + file + " is not valid " + (file.toString().endsWith("json") ? "JSON"
                    : "YAML or JSON") + location(e));
        } catch (IOException e) {
            throw new UserError("cannot read configuration " + file + ": " + e.getMessage());
        }
    }

    /** The setting a Jackson error is about, as the file names it ({@code kafka.topic}, {@code plot[0]}). */
    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                path.append('[').append(r.getIndex() + 1).append(']');
            }
        }
        return path.toString();
    }

    /** A Java type in the words of the file. */
    private static String expected(Class<?> type) {
        if (type == null) {
            return "of another kind";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "a whole number";
        }
        if (type == Double.class || type == double.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a text";
        }
        if (type.isArray() || java.util.Collection.class.isAssignableFrom(type)) {
            return "a list";
        }
        if (java.util.Map.class.isAssignableFrom(type) || type == KafkaSettings.class) {
            return "a mapping of settings";
        }
        return "a " + type.getSimpleName();
    }

    /** The number Jackson found out of range: its message quotes it, as in "Numeric value (99999999999) out of …". */
    private static String quoted(InputCoercionException e) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\(([^)]*)\\)").matcher(e.getOriginalMessage());
        return m.find() ? m.group(1) : "the value";
    }

    private static String location(JsonProcessingException e) {
        return e.getLocation() == null || e.getLocation().getLineNr() < 1 ? ""
                : " (line " + e.getLocation().getLineNr() + ")";
    }

    /**
     * Checks complete settings (every field given or defaulted) for values no run can use, for
     * {@link #resolve()}. The model's, the update rule's and the HTTP policy's own parameters are
     * checked where those are built, by the same rules as {@code fit} and {@code stream}.
     *
     * @throws UserError naming the first setting out of range
     */
    private void validate() {
        positive("max-body", maxBodyBytes);
        positive("checkpoint-interval", checkpointIntervalSeconds);
        positive("rate", rate);
        positive("k", k);
        positive("batch-size", batchSize);
        positive("history", history);
        positive("recent", recent);
        positive("drift-window", driftWindow);
        positive("drift-threshold", driftThreshold);
        if (maxDelayMillis < 1) {
            throw new UserError("max-delay must be at least 1 ms, got " + maxDelayMillis);
        }
        if (driftDelta < 0 || !Double.isFinite(driftDelta)) {
            throw new UserError("drift-delta must be a finite number ≥ 0, got " + driftDelta);
        }
        if (every < 0) {
            throw new UserError("every must be at least 0, got " + every);
        }
        if (port < 0 || port > 65535) {
            throw new UserError("port must be between 0 and 65535, got " + port);
        }
        if (bind == null || bind.isBlank()) {
            throw new UserError("bind must name an address");
        }
        if (kafka != null && input != null) {
            throw new UserError("read either input or Kafka, not both");
        }
        if (Boolean.TRUE.equals(follow) && (input == null || input.equals("-"))) {
            throw new UserError("follow needs an input file");
        }
        streamWorkers();
    }

    private static void positive(String name, Number value) {
        if (value == null || !(value.doubleValue() > 0) || Double.isInfinite(value.doubleValue())) {
            throw new UserError(name + " must be a finite number above 0, got " + value);
        }
    }

    /**
     * Returns these settings with every null filled from {@code base}.
     *
     * @param base settings of lower precedence
     * @return the layered settings
     */
    public ServiceConfig over(ServiceConfig base) {
        return new ServiceConfig(or(input, base.input), or(follow, base.follow), or(k, base.k), or(sigma0, base.sigma0),
                or(sigma, base.sigma), or(update, base.update), or(batchSize, base.batchSize),
                or(maxDelayMillis, base.maxDelayMillis), or(kappa, base.kappa), or(tau, base.tau), or(size, base.size),
                or(population, base.population), or(step, base.step), or(every, base.every), or(seed, base.seed),
                or(initMeans, base.initMeans), or(initVariance, base.initVariance), or(driftWindow, base.driftWindow),
                or(driftThreshold, base.driftThreshold), or(driftDelta, base.driftDelta), or(bind, base.bind),
                or(port, base.port), or(rate, base.rate), or(rejects, base.rejects), or(checkpoint, base.checkpoint),
                or(checkpointIntervalSeconds, base.checkpointIntervalSeconds), or(maxBodyBytes, base.maxBodyBytes),
                or(history, base.history), or(recent, base.recent), or(model, base.model), or(columns, base.columns),
                or(weights, base.weights), or(alpha0, base.alpha0), or(beta0, base.beta0), or(nu0, base.nu0),
                or(mean0, base.mean0), or(covariance0, base.covariance0), or(plot, base.plot),
                kafka == null ? base.kafka : kafka.over(base.kafka), or(workers, base.workers), or(moves, base.moves),
                or(maxK, base.maxK),
                http == null ? base.http : http.over(base.http), or(jvmMetrics, base.jvmMetrics));
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }

    /**
     * Returns the stream's threads: the setting, or every available processor.
     *
     * @return at least 1
     * @throws UserError if the setting is below 1
     */
    public int streamWorkers() {
        if (workers != null && workers < 1) {
            throw new UserError("workers must be at least 1, got " + workers);
        }
        return workers != null ? workers : Runtime.getRuntime().availableProcessors();
    }

    /** σ0 of the known-variance model when none is given. */
    public static final double DEFAULT_SIGMA0 = 10.0;
    /** σ of the known-variance model when none is given. */
    public static final double DEFAULT_SIGMA = 1.0;

    /**
     * Returns the model these settings describe: the known-variance one with σ0 = {@value #DEFAULT_SIGMA0}
     * and σ = {@value #DEFAULT_SIGMA} unless given, and Dirichlet weights unless set, which a live
     * feed needs for its number of components to follow the data (see README, "Clusters that come
     * and go").
     *
     * @return the model's specification
     * @throws UserError for a setting that does not apply to the model, or an unknown name
     */
    public ModelSpec modelSpec() {
        boolean known = "known-variance".equals(model);
        // Boxed defaults: a ternary of double and Double would unbox a null σ of the other models.
        return ModelSpec.of(model, k, known && sigma0 == null ? Double.valueOf(DEFAULT_SIGMA0) : sigma0,
                known && sigma == null ? Double.valueOf(DEFAULT_SIGMA) : sigma, weights, WeightPrior.DIRICHLET, alpha0, beta0, nu0, mean0,
                covariance0, columns);
    }

    /**
     * Returns the stream options these settings describe, ready for the service's listeners.
     *
     * @return a builder with batching, rule, start and drift set
     */
    public StreamOptions.Builder streamOptions() {
        return streamOptions(1, modelSpec().weights());
    }

    /**
     * Returns the stream options these settings describe for a model of {@code dimension} values
     * per observation (initial means are K × D) with weights {@code weights} (moves need them learnt).
     *
     * @param dimension D
     * @param weights   the model's weight prior
     * @return a builder with batching, rule, start and drift set
     */
    public StreamOptions.Builder streamOptions(int dimension, WeightPrior weights) {
        return stream().options(dimension, weights);
    }

    /**
     * The stream's settings, resolved: the update rule built (and checked) from its name and
     * parameters, the change detector's settings, the threads.
     *
     * @return the settings
     * @throws UserError for a rule's missing or impossible parameter
     */
    public ServiceSettings.Stream stream() {
        return new ServiceSettings.Stream(k, batchSize, Duration.ofMillis(maxDelayMillis), update,
                UpdateRules.of(update, size, population, step, kappa, tau), every, seed, initMeans, initVariance,
                new DriftOptions(driftWindow, driftDelta, driftThreshold, DriftOptions.DEFAULTS.minObservations()),
                streamWorkers(), moves, maxK);
    }

    /**
     * Resolves complete settings (every field given or defaulted) into what the service runs with,
     * checking every one: the one place where {@code serve}'s settings are validated.
     *
     * @return the typed settings
     * @throws UserError naming the first setting that cannot work
     */
    public ServiceSettings resolve() {
        validate();
        ServiceSettings.Checkpointing saving = new ServiceSettings.Checkpointing(checkpoint == null ? null
                : Path.of(checkpoint), Duration.ofMillis(Math.max(1, Math.round(checkpointIntervalSeconds * 1000))));
        if (kafka != null && checkpoint != null) {
            throw new UserError("with Kafka the group's state topic holds the checkpoints; drop checkpoint " + checkpoint);
        }
        return new ServiceSettings(new ServiceSettings.Source(input, follow, seed, rate), modelSpec(), stream(), saving,
                new ServiceSettings.Server(bind, port, HttpSettings.policy(http, bind, maxBodyBytes)),
                new ServiceSettings.Dashboard(history, recent, plot), kafka == null ? null : kafka.complete(),
                rejects == null ? null : Path.of(rejects), !Boolean.FALSE.equals(jvmMetrics));
    }
}
