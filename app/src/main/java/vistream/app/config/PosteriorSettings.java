package vistream.app.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import vistream.core.inference.UpdateRule;
import vistream.core.mixture.ConjugateMixture;
import vistream.core.mixture.GaussianWishartMixture;
import vistream.core.mixture.GaussianWishartPrior;
import vistream.core.mixture.KnownVarianceGaussianMixture;

/**
 * The settings that give a posterior its meaning, by the names users give them: the model, its
 * K and dimension, the weights and every prior parameter (data-derived defaults included, as
 * resolved), and the update rule. A posterior read under other settings would be reinterpreted
 * (its natural parameters decoded with another σ, decayed by another rule), so a checkpoint
 * records these and a resume compares them, naming the first that differs; a Kafka group folds
 * only deltas whose {@link #digest()} matches (with the fold's own settings {@link #and added}).
 *
 * <p>Each value is kept as its canonical text (a double by {@link Double#toString}, which
 * round-trips exactly; an array as {@code [a, b, …]}), so two settings are equal when every value
 * is equal to the bit, and the texts serialise as they are.
 *
 * @param values setting name → canonical value, in a fixed order
 */
public record PosteriorSettings(Map<String, String> values) {

    /** Copies the map, keeping its order. */
    public PosteriorSettings {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /**
     * The settings of a model updated by a rule.
     *
     * @param model the model, as built (its priors resolved)
     * @param rule  the update rule with its parameters
     * @return the settings
     */
    public static PosteriorSettings of(ConjugateMixture model, UpdateRule rule) {
        Map<String, String> v = new LinkedHashMap<>();
        if (model instanceof KnownVarianceGaussianMixture known) {
            v.put("model", "known-variance");
            v.put("k", Integer.toString(known.components()));
            v.put("weights", Models.name(known.weightPrior()));
            v.put("alpha0", known.weightPrior().learnt() ? concentration(known.weights().toString()) : "none");
            v.put("sigma0", Double.toString(Math.sqrt(known.priorVariance())));
            v.put("sigma", Double.toString(Math.sqrt(known.variance())));
        } else if (model instanceof GaussianWishartMixture gw) {
            GaussianWishartPrior prior = gw.priorSettings();
            v.put("model", gw.covarianceType().name().toLowerCase(java.util.Locale.ROOT));
            v.put("dimension", Integer.toString(gw.dimension()));
            v.put("k", Integer.toString(gw.components()));
            v.put("weights", Models.name(gw.weightPrior()));
            v.put("alpha0", Double.toString(prior.alpha0()));
            v.put("beta0", Double.toString(prior.beta0()));
            v.put("nu0", Double.toString(prior.degreesOfFreedom0()));
            v.put("mean0", Arrays.toString(prior.mean0()));
            v.put("covariance0", Arrays.toString(prior.inverseScale0()));
        } else {
            v.put("model", model.toString());
        }
        v.put("update", describe(rule));
        v.put("prior", naturalParameters(model.prior().values()));
        return new PosteriorSettings(v);
    }

    /** The α0 inside a weight factor's name, such as {@code dirichlet(0.25)}. */
    private static String concentration(String factor) {
        int open = factor.indexOf('(');
        return open < 0 ? factor : factor.substring(open + 1, factor.length() - 1);
    }

    /** An update rule as users name it: {@code svi(size=…, kappa=…, tau=…)} and the like. */
    private static String describe(UpdateRule rule) {
        if (rule instanceof UpdateRule.Svi s) {
            return "svi(size=" + s.dataSize() + ", kappa=" + s.kappa() + ", tau=" + s.tau() + ")";
        }
        if (rule instanceof UpdateRule.StreamingVb) {
            return "svb";
        }
        if (rule instanceof UpdateRule.PopulationVb p) {
            return "pvb(population=" + p.population() + ", kappa=" + p.kappa() + ", tau=" + p.tau() + ")";
        }
        if (rule instanceof UpdateRule.ConstantStep c) {
            return "constant(step=" + c.rho() + ", population=" + c.population() + ")";
        }
        return rule.toString();
    }

    /** The prior's natural parameters to the bit, as a digest: what any prior setting changes. */
    private static String naturalParameters(double[] prior) {
        StringBuilder bits = new StringBuilder();
        for (double x : prior) {
            bits.append(Long.toHexString(Double.doubleToLongBits(x))).append(',');
        }
        return sha256(bits.toString()).substring(0, 16);
    }

    /**
     * Returns these settings and one more, for settings that matter beyond the posterior's meaning
     * (a Kafka group's fold also depends on its change detector and its moves).
     *
     * @param name  the setting's name
     * @param value its value, by {@link String#valueOf(Object)}
     * @return the larger settings
     */
    public PosteriorSettings and(String name, Object value) {
        Map<String, String> v = new LinkedHashMap<>(values);
        v.put(name, String.valueOf(value));
        return new PosteriorSettings(v);
    }

    /**
     * Names the first setting in which {@code other} differs from these.
     *
     * @param other settings to compare with, such as a checkpoint's
     * @return {@code "sigma 1.0; this run has sigma 2.0"} style text, or empty when they agree
     */
    public Optional<String> difference(PosteriorSettings other) {
        for (Map.Entry<String, String> e : other.values.entrySet()) {
            String mine = values.get(e.getKey());
            if (!e.getValue().equals(mine)) {
                return Optional.of(e.getKey() + " " + e.getValue() + "; this run has "
                        + (mine == null ? "no " + e.getKey() : e.getKey() + " " + mine));
            }
        }
        for (String name : values.keySet()) {
            if (!other.values.containsKey(name)) {
                return Optional.of("no " + name + "; this run has " + name + " " + values.get(name));
            }
        }
        return Optional.empty();
    }

    /**
     * Returns a setting's value as numbers, for a data-derived default to be taken back from a
     * checkpoint.
     *
     * @param name such as {@code mean0}
     * @return the numbers, or null when the setting is absent
     */
    public double[] numbers(String name) {
        String text = values.get(name);
        if (text == null) {
            return null;
        }
        String inner = text.strip();
        if (inner.startsWith("[") && inner.endsWith("]")) {
            inner = inner.substring(1, inner.length() - 1);
        }
        List<String> parts = inner.isBlank() ? List.of() : List.of(inner.split(","));
        double[] out = new double[parts.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = Double.parseDouble(parts.get(i).strip());
        }
        return out;
    }

    /** @return a SHA-256 hex digest of every name and value, in order */
    public String digest() {
        StringBuilder text = new StringBuilder();
        values.forEach((name, value) -> text.append(name).append('=').append(value).append('\n'));
        return sha256(text.toString());
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
