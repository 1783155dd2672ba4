package vistream.core.mixture;

/**
 * A mixture model whose global factors are conjugate exponential-family distributions, stated
 * as the three moves every variational algorithm needs (see docs/DESIGN.md):
 * <ol>
 *   <li>the <b>local step</b>: responsibilities φ of a batch and their expected sufficient
 *       statistics ({@link #localStep(NaturalParameters)});</li>
 *   <li>the <b>global step</b> in natural parameters: λ̂ = η + scale × t(statistics)
 *       ({@link #globalStep(SufficientStatistics, double)}; Blei et al. 2017, eq. 40 and
 *       Hoffman et al. 2013, eq. 32);</li>
 *   <li>the <b>ELBO terms</b>, split into the global part −KL(q(θ) ‖ p(θ)) and the local part
 *       E[log p(x, c | θ)] + H(φ), the latter computed from the statistics alone.</li>
 * </ol>
 * CAVI, stochastic variational inference, streaming variational Bayes and population VB drive
 * any implementation through these methods without knowing which model it is.
 *
 * <p>Every posterior of these algorithms is η + t(S) for some expected statistics S, and t is
 * linear per component, so the number of components can change without a pass over the data:
 * {@link #withComponents} gives the same model with another K, {@link #recombine} adds or
 * scales components' statistics (a merge, a removal, a share handed to a newborn) and
 * {@link #concatenate} appends components. The birth, merge and delete moves
 * ({@code vistream.core.moves}) are built on these three alone.
 *
 * <p>Observations are passed as row-major {@code double[]} arrays of {@link #dimension()}
 * values per observation. Implementations are immutable and thread safe.
 */
public interface ConjugateMixture {

    /**
     * Returns the number of mixture components K.
     *
     * @return K, at least 1
     */
    int components();

    /**
     * Returns the number of values per observation D.
     *
     * @return D, at least 1
     */
    int dimension();

    /**
     * Returns the length of the model-defined moments in {@link SufficientStatistics}: K blocks
     * of equal length, one per component, in component order.
     *
     * @return the moments length, a multiple of K
     */
    int momentsLength();

    /**
     * Returns the same model (family, prior of each component, prior of the weights) with
     * {@code k} components.
     *
     * @param k the number of components, at least 1
     * @return the model with K = k
     * @throws IllegalArgumentException if k &lt; 1
     */
    ConjugateMixture withComponents(int k);

    /**
     * Recombines the components of a posterior: component c of the result holds
     * Σ_j shares[c][j] times the expected statistics of component j, that is
     * λ'_c = η_c + Σ_j shares[c][j] (λ_j − η_c), with the weights rebuilt from the recombined
     * counts. A row with a single 1 copies a component; two 1s merge two; a row of zeros is a
     * component that has seen nothing (the prior); a share below 1 hands the rest of a component's
     * statistics elsewhere; a negative share subtracts statistics (of a concatenated posterior,
     * say), and the result must then still be a valid posterior. Exact: no data are needed,
     * because t(S) is linear.
     *
     * @param posterior λ of this model
     * @param shares    K' rows of K finite shares
     * @return λ' of {@code withComponents(shares.length)}
     * @throws IllegalArgumentException if λ does not fit this model, a row is not K long, a share
     *                                  is not finite, or the result is not a valid posterior (a
     *                                  negative count, a scale matrix that is not positive definite)
     */
    NaturalParameters recombine(NaturalParameters posterior, double[][] shares);

    /**
     * Returns the posterior whose components are those of {@code first} followed by those of
     * {@code second}, the weights rebuilt from both sets of counts.
     *
     * @param first            λ of this model
     * @param second           λ of {@code withComponents(secondComponents)}
     * @param secondComponents how many components {@code second} has
     * @return λ of {@code withComponents(components() + secondComponents)}
     * @throws IllegalArgumentException if a posterior does not fit its model
     */
    NaturalParameters concatenate(NaturalParameters first, NaturalParameters second, int secondComponents);

    /**
     * Returns how many observations each component's posterior holds: the expected count
     * Σ_i φ_ik of the statistics S in λ = η + t(S).
     *
     * @param posterior λ
     * @return K counts, each at least about 0 (rounding aside)
     */
    double[] counts(NaturalParameters posterior);

    /**
     * Returns the prior on the weights: fixed 1/K, or learnt (Dirichlet or a Dirichlet process).
     *
     * @return the weight prior
     */
    WeightPrior weightPrior();

    /**
     * Returns the expected weights E_q[π_k] (1/K for fixed uniform weights).
     *
     * @param posterior λ
     * @return K weights summing to one
     */
    double[] weights(NaturalParameters posterior);

    /**
     * Returns the natural parameters η of the prior over the global factors.
     *
     * @return the prior's natural parameters
     */
    NaturalParameters prior();

    /**
     * Returns a posterior whose component means are {@code means} and whose spread is given by
     * {@code variance}: the usual starting point of CAVI.
     *
     * @param means    K × D initial means, row-major; finite
     * @param variance initial variance of each factor; finite and positive
     * @return the natural parameters of that posterior
     * @throws IllegalArgumentException if the length is not K × D or a value is invalid
     */
    NaturalParameters initialPosterior(double[] means, double variance);

    /**
     * Returns a starting posterior for CAVI from centres chosen among the data (k-means++). The
     * default ignores the data and calls {@link #initialPosterior(double[], double)}; a model whose
     * spread must be learnt can do better by assigning the data to the centres.
     *
     * @param data     the observations, row-major
     * @param centres  K × D centres
     * @param variance initial variance of each factor
     * @return the natural parameters to start from
     */
    default NaturalParameters initialPosterior(double[] data, double[] centres, double variance) {
        return initialPosterior(centres, variance);
    }

    /**
     * Prepares the local step for a fixed posterior.
     *
     * @param posterior the current global natural parameters λ
     * @return the local step, holding per-component constants derived from λ
     * @throws IllegalArgumentException if λ is not a valid posterior of this model
     */
    LocalStep localStep(NaturalParameters posterior);

    /**
     * Returns the expected sufficient statistics of observations under given responsibilities
     * (hard labels of a start, or responsibilities a move reweights), with no entropy: they are
     * not a local step's.
     *
     * @param data             observations, row-major
     * @param responsibilities n × K, row-major, each finite and at least 0 (rows need not sum to one)
     * @return the statistics
     * @throws IllegalArgumentException if the lengths disagree
     */
    SufficientStatistics statistics(double[] data, double[] responsibilities);

    /**
     * Returns t(S): what the statistics add to the natural parameters. Linear in the
     * statistics, so that the statistics of disjoint batches add in natural-parameter space.
     *
     * @param statistics expected sufficient statistics from {@link LocalStep#accumulate}
     * @return the natural-parameter increment
     */
    NaturalParameters naturalStatistics(SufficientStatistics statistics);

    /**
     * Returns the global step λ̂ = η + scale × t(S). CAVI uses scale 1; stochastic
     * variational inference uses N / |B| (Hoffman et al. 2013, eq. 32).
     *
     * @param statistics expected sufficient statistics
     * @param scale      how many times the statistics count
     * @return the natural parameters of the optimal global factors given the statistics
     */
    default NaturalParameters globalStep(SufficientStatistics statistics, double scale) {
        return prior().plus(naturalStatistics(statistics), scale);
    }

    /**
     * Returns new, empty statistics of this model's layout.
     *
     * @return an empty accumulator
     */
    default SufficientStatistics newStatistics() {
        return new SufficientStatistics(components(), momentsLength());
    }

    /**
     * Returns the global ELBO terms E_q[log p(θ)] − E_q[log q(θ)] = −KL(q(θ) ‖ p(θ)).
     *
     * @param posterior λ
     * @return the global terms, at most 0
     */
    double globalElbo(NaturalParameters posterior);

    /**
     * Returns the local ELBO terms E_q[log p(x, c | θ)] + H(φ) of the observations summarised by
     * {@code statistics}, evaluated under {@code posterior} (which need not be the posterior the
     * statistics were computed with).
     *
     * @param posterior  λ
     * @param statistics the observations' expected sufficient statistics
     * @return the local terms
     */
    double localElbo(NaturalParameters posterior, SufficientStatistics statistics);

    /**
     * Returns the full evidence lower bound, every constant included, so that it is comparable
     * with the exact log evidence: ELBO = global terms + local terms ≤ log p(x).
     *
     * @param posterior  λ
     * @param statistics the expected sufficient statistics of all observations
     * @return the ELBO
     */
    default double elbo(NaturalParameters posterior, SufficientStatistics statistics) {
        return globalElbo(posterior) + localElbo(posterior, statistics);
    }

    /**
     * Prepares the variational posterior predictive for a fixed posterior.
     *
     * @param posterior λ
     * @return the predictive density, ready to score observations without allocating
     * @throws IllegalArgumentException if λ is not a valid posterior of this model
     */
    PosteriorPredictive posteriorPredictive(NaturalParameters posterior);

    /**
     * Returns the log density of one new observation under the variational posterior predictive
     * p(x* | x) ≈ ∫ p(x* | θ) q(θ) dθ. To score many observations, prepare
     * {@link #posteriorPredictive(NaturalParameters)} once instead.
     *
     * @param posterior λ
     * @param data      observations, row-major
     * @param index     which observation
     * @return the log predictive density
     * @throws IllegalArgumentException if the observation is not finite
     */
    default double logPredictiveDensity(NaturalParameters posterior, double[] data, int index) {
        return posteriorPredictive(posterior).logDensity(data, index);
    }

    /**
     * Returns KL(q_to(θ_k) ‖ q_from(θ_k)): how far component k's global factor moved between two
     * posteriors, in nats. Zero when they are equal; the drift measure of a stream.
     *
     * @param from      the earlier posterior
     * @param to        the later posterior
     * @param component k
     * @return the Kullback–Leibler divergence, at least 0
     */
    double componentDivergence(NaturalParameters from, NaturalParameters to, int component);

    /**
     * Returns {@link #componentDivergence} for every component at once, preparing each posterior's
     * expectations once rather than once per component.
     *
     * @param from the earlier posterior
     * @param to   the later posterior
     * @return K divergences, each at least 0
     */
    default double[] componentDivergences(NaturalParameters from, NaturalParameters to) {
        double[] out = new double[components()];
        for (int k = 0; k < out.length; k++) {
            out[k] = componentDivergence(from, to, k);
        }
        return out;
    }

    /**
     * Returns each component's covariance as the posterior expects it, E[Λ_k]⁻¹ (a known covariance
     * is returned as it is).
     *
     * @param posterior λ
     * @return K × D × D, row-major
     */
    double[] componentCovariances(NaturalParameters posterior);

    /**
     * Returns the posterior variance of each component's mean, per dimension: how sure the
     * posterior is of where each component sits.
     *
     * @param posterior λ
     * @return K × D variances, row-major
     */
    double[] meanVariances(NaturalParameters posterior);

    /**
     * Returns the posterior expected mean of each component.
     *
     * @param posterior λ
     * @return K × D means, row-major
     */
    double[] means(NaturalParameters posterior);
}
