package vistream.core.mixture;

import java.util.Objects;

import vistream.core.numeric.Checks;
import vistream.core.numeric.SpecialFunctions;

/**
 * The mixture weights' part of a model: the prior p(π) and its variational factor q(π), held in a
 * block of natural parameters in front of the components' blocks. Every model shares it, so that
 * the weights are one factor with one set of formulas rather than branches through each model:
 * <ul>
 *   <li>{@link Uniform}: π = (1/K, …, 1/K) fixed, the lecture's model; no parameters;</li>
 *   <li>{@link Dirichlet}: π ~ Dirichlet(α0, …, α0), q(π) = Dirichlet(α), α_k = α0 + N_k
 *       (Bishop 2006, eq. 10.57);</li>
 *   <li>{@link StickBreaking}: a Dirichlet process truncated at K sticks, v_k ~ Beta(1, α0),
 *       π_k = v_k Π_{j&lt;k} (1 − v_j), q(v_k) = Beta(γ_k1, γ_k2), γ_k1 = 1 + N_k,
 *       γ_k2 = α0 + Σ_{j&gt;k} N_j (Blei and Jordan 2006, §3).</li>
 * </ul>
 * Each block is linear in the expected counts N_k, so the update rules, merges and births act on
 * it like on every other natural parameter. Immutable.
 */
public sealed interface WeightFactor permits WeightFactor.Uniform, WeightFactor.Dirichlet, WeightFactor.StickBreaking {

    /**
     * Returns the factor of a weight prior.
     *
     * @param prior  which prior
     * @param alpha0 its concentration (ignored for {@link WeightPrior#UNIFORM}), between 1e-50 and 1e50
     * @return the factor
     * @throws IllegalArgumentException if the concentration is out of range
     */
    static WeightFactor of(WeightPrior prior, double alpha0) {
        return switch (Objects.requireNonNull(prior, "prior")) {
            case UNIFORM -> new Uniform();
            case DIRICHLET -> new Dirichlet(alpha0);
            case DIRICHLET_PROCESS -> new StickBreaking(alpha0);
        };
    }

    /** @return which prior this is */
    WeightPrior prior();

    /**
     * Returns how many natural parameters the factor holds for K components.
     *
     * @param k K
     * @return 0, K or 2K
     */
    int blockLength(int k);

    /**
     * Writes the prior's natural parameters for K components.
     *
     * @param into   the natural parameters being built
     * @param offset where the block starts
     * @param k      K
     */
    void writePrior(double[] into, int offset, int k);

    /**
     * Writes what expected counts add to the block, t(N).
     *
     * @param into   the increment being built
     * @param offset where the block starts
     * @param counts N_k for every component
     */
    void writeStatistics(double[] into, int offset, double[] counts);

    /**
     * Returns E_q[log π_k].
     *
     * @param posterior the natural parameters
     * @param offset    where the block starts
     * @param k         K
     * @return K expectations
     */
    double[] expectedLogWeights(NaturalParameters posterior, int offset, int k);

    /**
     * Returns E_q[log p(π)] − E_q[log q(π)], the weights' global ELBO terms.
     *
     * @param posterior     the natural parameters
     * @param offset        where the block starts
     * @param k             K
     * @param expectedLogPi E_q[log π_k] from {@link #expectedLogWeights}
     * @return −KL(q(π) ‖ p(π)), at most 0
     */
    double elbo(NaturalParameters posterior, int offset, int k, double[] expectedLogPi);

    /**
     * Returns E_q[log p(c | π)] = Σ_k N_k E[log π_k] for statistics with these counts.
     *
     * @param counts        N_k
     * @param observations  n = Σ_k N_k, as counted
     * @param expectedLogPi E_q[log π_k]
     * @return the labels' expected log prior
     */
    double labelElbo(double[] counts, long observations, double[] expectedLogPi);

    /**
     * Returns E_q[π_k], the expected weights.
     *
     * @param posterior the natural parameters
     * @param offset    where the block starts
     * @param k         K
     * @return K weights summing to one
     */
    double[] meanWeights(NaturalParameters posterior, int offset, int k);

    /**
     * Returns log E_q[π_k], the weight of each component in the posterior predictive.
     *
     * @param posterior the natural parameters
     * @param offset    where the block starts
     * @param k         K
     * @return K log weights
     */
    default double[] logMeanWeights(NaturalParameters posterior, int offset, int k) {
        double[] out = meanWeights(posterior, offset, k);
        for (int c = 0; c < k; c++) {
            out[c] = Math.log(out[c]);
        }
        return out;
    }

    /**
     * Returns the expected counts the block holds, N_k, for recombining components.
     *
     * @param posterior the natural parameters
     * @param offset    where the block starts
     * @param k         K
     * @return K counts, or null when the factor holds none ({@link Uniform})
     */
    double[] counts(NaturalParameters posterior, int offset, int k);

    /**
     * Checks that the block is a valid posterior.
     *
     * @param posterior the natural parameters
     * @param offset    where the block starts
     * @param k         K
     * @throws IllegalArgumentException naming the parameter that is not
     */
    default void requireValid(NaturalParameters posterior, int offset, int k) {
        for (int j = 0; j < blockLength(k); j++) {
            if (!(posterior.get(offset + j) > 0.0)) {
                throw new IllegalArgumentException("weight parameter " + j + " must be positive, got "
                        + posterior.get(offset + j));
            }
        }
    }

    /** The lecture's fixed weights 1/K: no parameters, E[log π_k] = −log K. */
    record Uniform() implements WeightFactor {

        @Override
        public WeightPrior prior() {
            return WeightPrior.UNIFORM;
        }

        @Override
        public int blockLength(int k) {
            return 0;
        }

        @Override
        public void writePrior(double[] into, int offset, int k) {
        }

        @Override
        public void writeStatistics(double[] into, int offset, double[] counts) {
        }

        @Override
        public double[] expectedLogWeights(NaturalParameters posterior, int offset, int k) {
            return logMeanWeights(posterior, offset, k);
        }

        @Override
        public double elbo(NaturalParameters posterior, int offset, int k, double[] expectedLogPi) {
            return 0.0;
        }

        /** Returns −n log K, as the lecture writes it (MATHS.md §4). */
        @Override
        public double labelElbo(double[] counts, long observations, double[] expectedLogPi) {
            return -observations * Math.log(counts.length);
        }

        @Override
        public double[] meanWeights(NaturalParameters posterior, int offset, int k) {
            double[] out = new double[k];
            java.util.Arrays.fill(out, 1.0 / k);
            return out;
        }

        @Override
        public double[] logMeanWeights(NaturalParameters posterior, int offset, int k) {
            double[] out = new double[k];
            java.util.Arrays.fill(out, -Math.log(k));
            return out;
        }

        @Override
        public double[] counts(NaturalParameters posterior, int offset, int k) {
            return null;
        }

        @Override
        public String toString() {
            return "uniform";
        }
    }

    /**
     * Symmetric Dirichlet weights.
     *
     * @param alpha0 the concentration α0 of each component, between 1e-50 and 1e50
     */
    record Dirichlet(double alpha0) implements WeightFactor {

        /**
         * Validates the concentration.
         *
         * @throws IllegalArgumentException if α0 is not finite and positive
         */
        public Dirichlet {
            Checks.scale("weight concentration alpha0", Checks.positiveFinite("weight concentration alpha0", alpha0));
        }

        @Override
        public WeightPrior prior() {
            return WeightPrior.DIRICHLET;
        }

        @Override
        public int blockLength(int k) {
            return k;
        }

        @Override
        public void writePrior(double[] into, int offset, int k) {
            for (int c = 0; c < k; c++) {
                into[offset + c] = alpha0;
            }
        }

        @Override
        public void writeStatistics(double[] into, int offset, double[] counts) {
            System.arraycopy(counts, 0, into, offset, counts.length);
        }

        /** ψ(α_k) − ψ(Σα) (Bishop eq. 10.66). */
        @Override
        public double[] expectedLogWeights(NaturalParameters posterior, int offset, int k) {
            double total = 0.0;
            for (int c = 0; c < k; c++) {
                total += posterior.get(offset + c);
            }
            double psiTotal = SpecialFunctions.digamma(total);
            double[] out = new double[k];
            for (int c = 0; c < k; c++) {
                out[c] = SpecialFunctions.digamma(posterior.get(offset + c)) - psiTotal;
            }
            return out;
        }

        /** log C(α0) − log C(α) + Σ (α0 − α_k) E[log π_k] (Bishop eq. 10.73, 10.76, B.23). */
        @Override
        public double elbo(NaturalParameters posterior, int offset, int k, double[] expectedLogPi) {
            double alphaTotal = 0.0;
            double sum = SpecialFunctions.logGamma(k * alpha0) - k * SpecialFunctions.logGamma(alpha0);
            for (int c = 0; c < k; c++) {
                double alpha = posterior.get(offset + c);
                alphaTotal += alpha;
                sum += (alpha0 - alpha) * expectedLogPi[c] + SpecialFunctions.logGamma(alpha);
            }
            return sum - SpecialFunctions.logGamma(alphaTotal);
        }

        @Override
        public double labelElbo(double[] counts, long observations, double[] expectedLogPi) {
            return learnedLabelElbo(counts, expectedLogPi);
        }

        /** α_k / Σα. */
        @Override
        public double[] meanWeights(NaturalParameters posterior, int offset, int k) {
            double total = 0.0;
            for (int c = 0; c < k; c++) {
                total += posterior.get(offset + c);
            }
            double[] out = new double[k];
            for (int c = 0; c < k; c++) {
                out[c] = posterior.get(offset + c) / total;
            }
            return out;
        }

        /** α_k − α0. */
        @Override
        public double[] counts(NaturalParameters posterior, int offset, int k) {
            double[] out = new double[k];
            for (int c = 0; c < k; c++) {
                out[c] = posterior.get(offset + c) - alpha0;
            }
            return out;
        }

        @Override
        public String toString() {
            return "dirichlet(" + alpha0 + ")";
        }
    }

    /**
     * A Dirichlet process truncated at K sticks; unneeded components are left with almost no
     * weight.
     *
     * @param alpha0 the concentration α0, between 1e-50 and 1e50
     */
    record StickBreaking(double alpha0) implements WeightFactor {

        /**
         * Validates the concentration.
         *
         * @throws IllegalArgumentException if α0 is not finite and positive
         */
        public StickBreaking {
            Checks.scale("weight concentration alpha0", Checks.positiveFinite("weight concentration alpha0", alpha0));
        }

        @Override
        public WeightPrior prior() {
            return WeightPrior.DIRICHLET_PROCESS;
        }

        @Override
        public int blockLength(int k) {
            return 2 * k;
        }

        @Override
        public void writePrior(double[] into, int offset, int k) {
            for (int c = 0; c < k; c++) {
                into[offset + 2 * c] = 1.0;
                into[offset + 2 * c + 1] = alpha0;
            }
        }

        /** γ_k1 gains N_k, γ_k2 gains Σ_{j&gt;k} N_j. */
        @Override
        public void writeStatistics(double[] into, int offset, double[] counts) {
            double later = 0.0;
            for (int c = counts.length - 1; c >= 0; c--) {
                into[offset + 2 * c] = counts[c];
                into[offset + 2 * c + 1] = later;
                later += counts[c];
            }
        }

        /** E[log v_k] + Σ_{j&lt;k} E[log(1 − v_j)]. */
        @Override
        public double[] expectedLogWeights(NaturalParameters posterior, int offset, int k) {
            double[] out = new double[k];
            double before = 0.0;
            for (int c = 0; c < k; c++) {
                double a = posterior.get(offset + 2 * c);
                double b = posterior.get(offset + 2 * c + 1);
                double psiSum = SpecialFunctions.digamma(a + b);
                out[c] = SpecialFunctions.digamma(a) - psiSum + before;
                before += SpecialFunctions.digamma(b) - psiSum;
            }
            return out;
        }

        /** Σ_k −KL(Beta(γ_k1, γ_k2) ‖ Beta(1, α0)). */
        @Override
        public double elbo(NaturalParameters posterior, int offset, int k, double[] expectedLogPi) {
            double sum = 0.0;
            for (int c = 0; c < k; c++) {
                double a = posterior.get(offset + 2 * c);
                double b = posterior.get(offset + 2 * c + 1);
                double psiSum = SpecialFunctions.digamma(a + b);
                double eLogV = SpecialFunctions.digamma(a) - psiSum;
                double eLog1mV = SpecialFunctions.digamma(b) - psiSum;
                double logPrior = -logBeta(1.0, alpha0) + (alpha0 - 1.0) * eLog1mV;
                double logQ = -logBeta(a, b) + (a - 1.0) * eLogV + (b - 1.0) * eLog1mV;
                sum += logPrior - logQ;
            }
            return sum;
        }

        @Override
        public double labelElbo(double[] counts, long observations, double[] expectedLogPi) {
            return learnedLabelElbo(counts, expectedLogPi);
        }

        /** E[v_k] Π_{j&lt;k} E[1 − v_j], renormalised over the K sticks as scikit-learn does. */
        @Override
        public double[] meanWeights(NaturalParameters posterior, int offset, int k) {
            double[] out = new double[k];
            double total = 0.0;
            double remaining = 1.0;
            for (int c = 0; c < k; c++) {
                double a = posterior.get(offset + 2 * c);
                double b = posterior.get(offset + 2 * c + 1);
                out[c] = remaining * a / (a + b);
                remaining *= b / (a + b);
                total += out[c];
            }
            for (int c = 0; c < k; c++) {
                out[c] /= total;
            }
            return out;
        }

        /** γ_k1 − 1. */
        @Override
        public double[] counts(NaturalParameters posterior, int offset, int k) {
            double[] out = new double[k];
            for (int c = 0; c < k; c++) {
                out[c] = posterior.get(offset + 2 * c) - 1.0;
            }
            return out;
        }

        private static double logBeta(double a, double b) {
            return SpecialFunctions.logGamma(a) + SpecialFunctions.logGamma(b) - SpecialFunctions.logGamma(a + b);
        }

        @Override
        public String toString() {
            return "dirichlet-process(" + alpha0 + ")";
        }
    }

    private static double learnedLabelElbo(double[] counts, double[] expectedLogPi) {
        double sum = 0.0;
        for (int c = 0; c < counts.length; c++) {
            sum += counts[c] * expectedLogPi[c];
        }
        return sum;
    }
}
