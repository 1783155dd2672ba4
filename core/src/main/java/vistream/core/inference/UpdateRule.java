package vistream.core.inference;

import vistream.core.mixture.NaturalParameters;
import vistream.core.numeric.Checks;

/**
 * How a stream's global posterior absorbs one minibatch. Every rule is the linear update
 * <pre>
 *   λ' = keep · λ + priorWeight · η + add · t(S_B)
 * </pre>
 * of the natural parameters (and the same with the expected counts, without the prior), so one
 * code path serves all of them (see {@link Step}):
 * <ul>
 *   <li>{@link Svi}: λ' = (1 − ρ_t) λ + ρ_t (η + (N/|B|) t(S_B)), ρ_t = (t + τ)^(−κ)
 *       (Hoffman et al. 2013, eq. 25 and 26);</li>
 *   <li>{@link StreamingVb}: λ' = λ + t(S_B), the posterior after a batch is the prior of the next
 *       (Broderick et al. 2013, eq. 3);</li>
 *   <li>{@link PopulationVb}: SVI with the data-set size N replaced by the population size α, so
 *       the posterior describes the most recent α observations (McInerney et al. 2015);</li>
 *   <li>{@link ConstantStep}: SVI with a constant ρ, an exponential forgetting of old batches.</li>
 * </ul>
 * The batch counter t starts at 1 for the first batch.
 */
public sealed interface UpdateRule
        permits UpdateRule.Svi, UpdateRule.StreamingVb, UpdateRule.PopulationVb, UpdateRule.ConstantStep {

    /**
     * Returns the coefficients of the update for batch {@code t}.
     *
     * @param t         the batch number, from 1
     * @param batchSize |B|, the observations in the batch, at least 1
     * @return the step
     */
    Step step(long t, int batchSize);

    /**
     * How many observations the posterior stands for after batch {@code t}: N for SVI, α for
     * population VB and a constant step, the observations seen for streaming VB. The ELBO per
     * observation of a stream divides the global ELBO terms by it.
     *
     * @param observationsSeen observations absorbed so far, including this batch
     * @return the effective data size
     */
    double effectiveSize(long observationsSeen);

    /**
     * The coefficients of one update: λ' = keep · λ + priorWeight · η + add · t(S).
     *
     * @param keep        weight of the current posterior
     * @param priorWeight weight of the prior's natural parameters
     * @param add         weight of the batch's statistics
     * @param stepSize    the step size ρ reported for the batch (1 for streaming VB)
     */
    record Step(double keep, double priorWeight, double add, double stepSize) {

        /**
         * Returns keep · λ + priorWeight · η + add · t(S).
         *
         * @param current    λ
         * @param prior      η
         * @param statistics t(S), the batch's statistics in natural coordinates
         * @return the updated natural parameters
         */
        public NaturalParameters apply(NaturalParameters current, NaturalParameters prior, NaturalParameters statistics) {
            double[] l = current.values();
            double[] eta = prior.values();
            double[] t = statistics.values();
            if (eta.length != l.length || t.length != l.length) {
                throw new IllegalArgumentException("natural parameters of different sizes: " + l.length + ", "
                        + eta.length + " and " + t.length);
            }
            for (int i = 0; i < l.length; i++) {
                l[i] = keep * l[i] + priorWeight * eta[i] + add * t[i];
            }
            return new NaturalParameters(l);
        }

        /**
         * Returns keep · c + add · n for expected counts (which have no prior term).
         *
         * @param counts      the current effective counts
         * @param batchCounts the batch's Σ_i φ_ik
         * @return the updated counts
         */
        public double[] apply(double[] counts, double[] batchCounts) {
            double[] out = new double[counts.length];
            for (int k = 0; k < out.length; k++) {
                out[k] = keep * counts[k] + add * batchCounts[k];
            }
            return out;
        }
    }

    /**
     * Stochastic variational inference with the Robbins–Monro step ρ_t = (t + τ)^(−κ).
     *
     * @param dataSize N, the size of the data set the stream is sampled from
     * @param kappa    forgetting rate κ ∈ (0.5, 1]
     * @param tau      delay τ ≥ 0, down-weighting early batches
     */
    record Svi(double dataSize, double kappa, double tau) implements UpdateRule {

        /**
         * Validates the settings.
         *
         * @throws IllegalArgumentException if N is not positive, κ is outside (0.5, 1] or τ &lt; 0
         */
        public Svi {
            Checks.positiveFinite("data-set size N", dataSize);
            requireKappa(kappa);
            Checks.nonNegativeFinite("delay tau", tau);
        }

        @Override
        public Step step(long t, int batchSize) {
            return sviStep(Math.pow(t + tau, -kappa), dataSize, batchSize);
        }

        @Override
        public double effectiveSize(long observationsSeen) {
            return dataSize;
        }
    }

    /** Streaming variational Bayes: the posterior accumulates every batch's statistics. */
    record StreamingVb() implements UpdateRule {

        @Override
        public Step step(long t, int batchSize) {
            return new Step(1.0, 0.0, 1.0, 1.0);
        }

        @Override
        public double effectiveSize(long observationsSeen) {
            return Math.max(1, observationsSeen);
        }
    }

    /**
     * Population variational Bayes: SVI whose posterior stands for a population of α observations.
     *
     * @param population α, the population size
     * @param kappa      forgetting rate κ ∈ (0.5, 1]
     * @param tau        delay τ ≥ 0
     */
    record PopulationVb(double population, double kappa, double tau) implements UpdateRule {

        /**
         * Validates the settings.
         *
         * @throws IllegalArgumentException if α is not positive, κ is outside (0.5, 1] or τ &lt; 0
         */
        public PopulationVb {
            Checks.positiveFinite("population size alpha", population);
            requireKappa(kappa);
            Checks.nonNegativeFinite("delay tau", tau);
        }

        @Override
        public Step step(long t, int batchSize) {
            return sviStep(Math.pow(t + tau, -kappa), population, batchSize);
        }

        @Override
        public double effectiveSize(long observationsSeen) {
            return population;
        }
    }

    /**
     * A constant step ρ: each batch's weight decays by (1 − ρ) per later batch, so the posterior
     * follows a drifting stream with a memory of about 1/ρ batches.
     *
     * @param rho        the step size, in (0, 1]
     * @param population the data size the statistics are scaled to, as α in population VB
     */
    record ConstantStep(double rho, double population) implements UpdateRule {

        /**
         * Validates the settings.
         *
         * @throws IllegalArgumentException if ρ is outside (0, 1] or the population is not positive
         */
        public ConstantStep {
            if (!(rho > 0.0 && rho <= 1.0)) {
                throw new IllegalArgumentException("constant step size rho must be in (0, 1], got " + rho);
            }
            Checks.positiveFinite("population size", population);
        }

        @Override
        public Step step(long t, int batchSize) {
            return sviStep(rho, population, batchSize);
        }

        @Override
        public double effectiveSize(long observationsSeen) {
            return population;
        }
    }

    /** λ' = (1 − ρ) λ + ρ (η + (size / |B|) t(S)). */
    private static Step sviStep(double rho, double size, int batchSize) {
        return new Step(1.0 - rho, rho, rho * size / batchSize, rho);
    }

    private static void requireKappa(double kappa) {
        if (!(kappa > 0.5 && kappa <= 1.0)) {
            throw new IllegalArgumentException("forgetting rate kappa must be in (0.5, 1], got " + kappa);
        }
    }
}
