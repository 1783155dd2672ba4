package vistream.core.mixture;

/**
 * The prior on a mixture's weights, with concentration α0 (scikit-learn's
 * {@code weight_concentration_prior}); {@link WeightFactor#of} makes its factor.
 */
public enum WeightPrior {

    /**
     * Fixed weights 1/K, the lecture's model (Blei et al. 2017, §2.1): nothing is learnt, so no
     * component can be switched off. Only the known-variance model takes it.
     */
    UNIFORM,

    /**
     * π ~ Dirichlet(α0, …, α0): q(π) = Dirichlet(α), α_k = α0 + N_k, E[log π_k] = ψ(α_k) − ψ(Σα)
     * (Bishop 2006, eq. 10.57 and 10.66).
     */
    DIRICHLET,

    /**
     * A Dirichlet process truncated at K sticks: v_k ~ Beta(1, α0), π_k = v_k Π_{j<k} (1 − v_j), with
     * q(v_k) = Beta(γ_k1, γ_k2), γ_k1 = 1 + N_k, γ_k2 = α0 + Σ_{j>k} N_j and
     * E[log π_k] = E[log v_k] + Σ_{j<k} E[log(1 − v_j)] (Blei and Jordan 2006, §3). Unneeded
     * components are left with almost no weight, so K is an upper bound.
     */
    DIRICHLET_PROCESS;

    /**
     * Returns whether the weights are learnt (every prior but {@link #UNIFORM}).
     *
     * @return true for Dirichlet and Dirichlet-process weights
     */
    public boolean learnt() {
        return this != UNIFORM;
    }
}
