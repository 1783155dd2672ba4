package vistream.core.graph;

import vistream.core.numeric.Checks;

/**
 * How CPTs are estimated from counts n_jk (configuration j, state k; n_j = Σ_k n_jk):
 * <ul>
 *   <li>{@link MaximumLikelihood}: θ_jk = n_jk / n_j; a configuration never seen gets the uniform
 *       distribution 1 / r (the likelihood says nothing about it);</li>
 *   <li>{@link Dirichlet}: the posterior mean under a symmetric Dirichlet(α) per row,
 *       θ_jk = (n_jk + α) / (n_j + r α);</li>
 *   <li>{@link BDeu}: the Bayesian Dirichlet equivalent uniform prior with equivalent sample size
 *       N′, α_jk = N′ / (q r), so θ_jk = (n_jk + N′/(q r)) / (n_j + N′/q).</li>
 * </ul>
 */
public sealed interface CptPrior permits CptPrior.MaximumLikelihood, CptPrior.Dirichlet, CptPrior.BDeu {

    /**
     * Returns the pseudo-count added to every entry of a table with q configurations of r states.
     *
     * @param configurations q
     * @param cardinality    r
     * @return α_jk
     */
    double pseudoCount(int configurations, int cardinality);

    /** Normalised counts. */
    record MaximumLikelihood() implements CptPrior {
        @Override
        public double pseudoCount(int configurations, int cardinality) {
            return 0.0;
        }
    }

    /**
     * A symmetric Dirichlet pseudo-count per entry.
     *
     * @param alpha α ≥ 0; 0 is maximum likelihood
     */
    record Dirichlet(double alpha) implements CptPrior {

        /**
         * Validates α.
         *
         * @throws IllegalArgumentException if α is negative or not finite
         */
        public Dirichlet {
            Checks.nonNegativeFinite("Dirichlet pseudo-count alpha", alpha);
        }

        @Override
        public double pseudoCount(int configurations, int cardinality) {
            return alpha;
        }
    }

    /**
     * BDeu with an equivalent sample size.
     *
     * @param equivalentSampleSize N′ &gt; 0
     */
    record BDeu(double equivalentSampleSize) implements CptPrior {

        /**
         * Validates N′.
         *
         * @throws IllegalArgumentException if N′ is not positive and finite
         */
        public BDeu {
            Checks.positiveFinite("BDeu equivalent sample size", equivalentSampleSize);
        }

        @Override
        public double pseudoCount(int configurations, int cardinality) {
            return equivalentSampleSize / ((double) configurations * cardinality);
        }
    }
}
