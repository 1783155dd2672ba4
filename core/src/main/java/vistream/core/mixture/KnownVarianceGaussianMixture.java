package vistream.core.mixture;

import vistream.core.numeric.Checks;

/**
 * The lecture's Bayesian Gaussian mixture (Blei et al. 2017, §2.1 and §3.4) in one dimension:
 * <pre>
 *   μ_k ~ N(0, σ0²),  c_i ~ Categorical(1/K, …, 1/K),  x_i | c_i, μ ~ N(μ_{c_i}, σ²),  σ known,
 * </pre>
 * with mean-field factors q(μ_k) = N(m_k, s_k²) and q(c_i) = Categorical(φ_i). The weights are the
 * lecture's 1/K by default; with a {@link WeightFactor} they are learnt instead (π ~ Dirichlet(α0)
 * or a truncated Dirichlet process, with the factor q(π)), so that a component the data do not
 * need can be switched off.
 *
 * <p>Layouts. Natural parameters: the weights' block (none for uniform weights), then per
 * component (η1, η2) = (m_k / s_k², −1 / (2 s_k²)), so with uniform weights
 * λ = [η1_0, η2_0, η1_1, η2_1, …]. Moments: per component (Σ_i φ_ik x_i, Σ_i φ_ik x_i²).
 * The statistic of one observation in natural coordinates is (φ_ik x_i / σ², −φ_ik / (2σ²)),
 * which turns Blei et al.'s eq. 34–35 into λ_k = η + t(S_k).
 *
 * <p>Immutable and thread safe.
 */
public final class KnownVarianceGaussianMixture implements ConjugateMixture {

    private static final double LOG_2PI = Math.log(2.0 * Math.PI);

    private final int components;
    private final double sigma0;
    private final double sigma;
    private final double priorVariance;
    private final double variance;
    private final WeightFactor weights;
    private final ComponentLayout layout;
    private final int weightBlock;
    private final NaturalParameters prior;
    private final LocalStepPath path;

    /**
     * Creates the lecture's model, with weights 1/K.
     *
     * @param components K, the number of components, at least 1
     * @param sigma0     prior standard deviation σ0 of each component mean, between 1e-50 and 1e50
     * @param sigma      known standard deviation σ of each component, between 1e-50 and 1e50
     * @throws IllegalArgumentException naming the parameter that is out of range
     */
    public KnownVarianceGaussianMixture(int components, double sigma0, double sigma) {
        this(components, sigma0, sigma, new WeightFactor.Uniform());
    }

    /**
     * Creates the model with the given weights.
     *
     * @param components K, the number of components, at least 1 (with a Dirichlet process, the
     *                   truncation level)
     * @param sigma0     prior standard deviation σ0 of each component mean, between 1e-50 and 1e50
     * @param sigma      known standard deviation σ of each component, between 1e-50 and 1e50
     * @param weights    uniform, Dirichlet or stick-breaking weights
     * @throws IllegalArgumentException naming the parameter that is out of range
     */
    public KnownVarianceGaussianMixture(int components, double sigma0, double sigma, WeightFactor weights) {
        this(components, sigma0, sigma, weights, LocalStepPath.selected());
    }

    private KnownVarianceGaussianMixture(int components, double sigma0, double sigma, WeightFactor weights,
            LocalStepPath path) {
        this.path = java.util.Objects.requireNonNull(path, "path").requireAvailable();
        this.components = Checks.atLeast("number of components K", components, 1);
        // Within 1e-50 … 1e50, an observation's square over σ² summed over a long stream stays finite.
        Checks.scale("prior standard deviation sigma0",
                Checks.positiveFinite("prior standard deviation sigma0", sigma0));
        Checks.scale("component standard deviation sigma",
                Checks.positiveFinite("component standard deviation sigma", sigma));
        this.sigma0 = sigma0;
        this.sigma = sigma;
        this.priorVariance = sigma0 * sigma0;
        this.variance = sigma * sigma;
        this.weights = java.util.Objects.requireNonNull(weights, "weights");
        this.layout = new ComponentLayout(weights, components, 2, new double[] {0.0, -0.5 / priorVariance});
        this.weightBlock = layout.weightBlock();
        this.prior = new NaturalParameters(layout.prior());
    }

    /**
     * Returns the same model with its local step on the given path: {@link LocalStepPath#SCALAR}
     * to get results that are bit-for-bit the same on every CPU, {@link LocalStepPath#VECTOR} for
     * speed. A new model is on {@link LocalStepPath#selected()}.
     *
     * @param localStepPath the path
     * @return the model on that path
     * @throws IllegalStateException for the vector path when the JVM lacks the
     *                               {@code jdk.incubator.vector} module
     */
    public KnownVarianceGaussianMixture onPath(LocalStepPath localStepPath) {
        return new KnownVarianceGaussianMixture(components, sigma0, sigma, weights, localStepPath);
    }

    /** @return the path this model's local step runs on */
    public LocalStepPath localStepPath() {
        return path;
    }

    /** @return the weights' factor */
    public WeightFactor weights() {
        return weights;
    }

    @Override
    public WeightPrior weightPrior() {
        return weights.prior();
    }

    @Override
    public KnownVarianceGaussianMixture withComponents(int k) {
        return new KnownVarianceGaussianMixture(k, sigma0, sigma, weights, path);
    }

    @Override
    public NaturalParameters recombine(NaturalParameters posterior, double[][] shares) {
        requireValid(posterior);
        NaturalParameters out = layout.recombine(posterior, shares);
        KnownVarianceGaussianMixture result = withComponents(shares.length);
        ComponentLayout.requireCounts(result.unvalidatedCounts(out));
        result.requireValid(out);
        return out;
    }

    /** Returns N_k = 2σ² (η2 of the prior − η2_k), read from the component's precision parameter. */
    @Override
    public double[] counts(NaturalParameters posterior) {
        requireValid(posterior);
        return unvalidatedCounts(posterior);
    }

    private double[] unvalidatedCounts(NaturalParameters posterior) {
        double[] out = new double[components];
        double eta2 = prior.get(weightBlock + 1);
        for (int k = 0; k < components; k++) {
            out[k] = 2.0 * variance * (eta2 - posterior.get(weightBlock + 2 * k + 1));
        }
        return out;
    }

    @Override
    public double[] weights(NaturalParameters posterior) {
        requireValid(posterior);
        return weights.meanWeights(posterior, 0, components);
    }

    @Override
    public NaturalParameters concatenate(NaturalParameters first, NaturalParameters second, int secondComponents) {
        return layout.concatenate(first, second, secondComponents);
    }

    @Override
    public int components() {
        return components;
    }

    @Override
    public int dimension() {
        return 1;
    }

    @Override
    public int momentsLength() {
        return 2 * components;
    }

    /**
     * Returns σ0².
     *
     * @return the prior variance of each component mean
     */
    public double priorVariance() {
        return priorVariance;
    }

    /**
     * Returns σ².
     *
     * @return the known variance of each component
     */
    public double variance() {
        return variance;
    }

    @Override
    public NaturalParameters prior() {
        return prior;
    }

    @Override
    public NaturalParameters initialPosterior(double[] means, double meanVariance) {
        if (means.length != components) {
            throw new IllegalArgumentException(
                    "expected " + components + " initial means (one per component), got " + means.length);
        }
        Checks.allFinite("initial mean", means);
        Checks.positiveFinite("initial variance", meanVariance);
        double[] eta = new double[layout.size()];
        // Learnt weights start as if each component had seen one observation: equal, and soon
        // outweighed by the data.
        double[] ones = new double[components];
        java.util.Arrays.fill(ones, 1.0);
        weights.writeStatistics(eta, 0, ones);
        double[] weightPrior = new double[weightBlock];
        weights.writePrior(weightPrior, 0, components);
        for (int j = 0; j < weightBlock; j++) {
            eta[j] += weightPrior[j];
        }
        for (int k = 0; k < components; k++) {
            eta[weightBlock + 2 * k] = means[k] / meanVariance;
            eta[weightBlock + 2 * k + 1] = -0.5 / meanVariance;
        }
        return new NaturalParameters(eta);
    }

    /**
     * Returns the posterior means m_k = η1 / (−2 η2).
     *
     * @param posterior λ
     * @return m_k for k = 0..K−1
     */
    @Override
    public double[] means(NaturalParameters posterior) {
        requireValid(posterior);
        double[] m = new double[components];
        for (int k = 0; k < components; k++) {
            m[k] = posterior.get(weightBlock + 2 * k) * (-0.5 / posterior.get(weightBlock + 2 * k + 1));
        }
        return m;
    }

    /**
     * Returns the posterior variances s_k² = −1 / (2 η2).
     *
     * @param posterior λ
     * @return s_k² for k = 0..K−1
     */
    public double[] variances(NaturalParameters posterior) {
        requireValid(posterior);
        double[] s2 = new double[components];
        for (int k = 0; k < components; k++) {
            s2[k] = -0.5 / posterior.get(weightBlock + 2 * k + 1);
        }
        return s2;
    }

    @Override
    public LocalStep localStep(NaturalParameters posterior) {
        double[] m = means(posterior);
        double[] s2 = variances(posterior);
        // φ_ik ∝ exp{ E[log π_k] + E[μ_k] x_i / σ² − E[μ_k²] / (2σ²) } (Blei et al. 2017, eq. 26):
        // the terms that do not depend on k (−½ log 2πσ², −x²/2σ², and −log K for uniform
        // weights) cancel in the normalisation.
        double[] logPi = weights.prior().learnt() ? weights.expectedLogWeights(posterior, 0, components) : null;
        double[] slope = new double[components];
        double[] offset = new double[components];
        for (int k = 0; k < components; k++) {
            slope[k] = m[k] / variance;
            offset[k] = -(s2[k] + m[k] * m[k]) / (2.0 * variance);
            if (logPi != null) {
                offset[k] += logPi[k];
            }
        }
        return path.knownVariance(slope, offset);
    }

    @Override
    public SufficientStatistics statistics(double[] data, double[] responsibilities) {
        int n = data.length;
        if (responsibilities.length != n * components) {
            throw new IllegalArgumentException("expected " + n * components + " responsibilities, got "
                    + responsibilities.length);
        }
        double[] counts = new double[components];
        double[] moments = new double[2 * components];
        for (int i = 0; i < n; i++) {
            double x = data[i];
            for (int k = 0; k < components; k++) {
                double phi = responsibilities[i * components + k];
                counts[k] += phi;
                moments[2 * k] += phi * x;
                moments[2 * k + 1] += phi * x * x;
            }
        }
        SufficientStatistics s = newStatistics();
        s.add(counts, moments, 0.0, n);
        return s;
    }

    @Override
    public NaturalParameters naturalStatistics(SufficientStatistics statistics) {
        requireLayout(statistics);
        double[] t = new double[layout.size()];
        weights.writeStatistics(t, 0, statistics.counts());
        for (int k = 0; k < components; k++) {
            t[weightBlock + 2 * k] = statistics.moment(2 * k) / variance;
            t[weightBlock + 2 * k + 1] = -statistics.count(k) / (2.0 * variance);
        }
        return new NaturalParameters(t);
    }

    /**
     * Returns Σ_k { E[log p(μ_k)] + H(q(μ_k)) } with E[log p(μ_k)] = −½ log(2πσ0²) −
     * (s_k² + m_k²) / (2σ0²) and H = ½ log(2πe s_k²) (MATHS.md §4), plus the learnt weights'
     * −KL(q(π) ‖ p(π)).
     */
    @Override
    public double globalElbo(NaturalParameters posterior) {
        double[] m = means(posterior);
        double[] s2 = variances(posterior);
        double sum = weights.prior().learnt()
                ? weights.elbo(posterior, 0, components, weights.expectedLogWeights(posterior, 0, components)) : 0.0;
        for (int k = 0; k < components; k++) {
            double logPrior = -0.5 * (LOG_2PI + Math.log(priorVariance)) - (s2[k] + m[k] * m[k]) / (2.0 * priorVariance);
            double entropy = 0.5 * (LOG_2PI + 1.0 + Math.log(s2[k]));
            sum += logPrior + entropy;
        }
        return sum;
    }

    /**
     * Returns E[log p(c | π)] + Σ_k [ −(N_k / 2) log(2πσ²) − (Q_k − 2 m_k S_k + N_k (s_k² + m_k²)) / (2σ²) ]
     * + H(φ), with N_k = Σ φ_ik, S_k = Σ φ_ik x_i, Q_k = Σ φ_ik x_i²: the data terms of MATHS.md §4
     * written through the statistics, so no second pass over the data is needed. E[log p(c | π)]
     * is −n log K for the lecture's weights and Σ_k N_k E[log π_k] for learnt ones.
     */
    @Override
    public double localElbo(NaturalParameters posterior, SufficientStatistics statistics) {
        requireLayout(statistics);
        double[] m = means(posterior);
        double[] s2 = variances(posterior);
        double[] logPi = weights.expectedLogWeights(posterior, 0, components);
        double sum = weights.labelElbo(statistics.counts(), statistics.observations(), logPi) + statistics.entropy();
        double logNormaliser = LOG_2PI + Math.log(variance);
        for (int k = 0; k < components; k++) {
            double n = statistics.count(k);
            double s = statistics.moment(2 * k);
            double q = statistics.moment(2 * k + 1);
            double secondMoment = s2[k] + m[k] * m[k];
            sum += -0.5 * n * logNormaliser - (q - 2.0 * m[k] * s + n * secondMoment) / (2.0 * variance);
        }
        return sum;
    }

    /**
     * Returns log Σ_k E[π_k] N(x* | m_k, σ² + s_k²): with q(μ_k) Gaussian, integrating μ_k out of
     * the likelihood adds the posterior variance to the known one (E[π_k] = 1/K for the lecture's
     * weights).
     */
    @Override
    public PosteriorPredictive posteriorPredictive(NaturalParameters posterior) {
        double[] m = means(posterior);
        double[] s2 = variances(posterior);
        double[] logWeight = weights.logMeanWeights(posterior, 0, components);
        double[] precision = new double[components];
        double[] logNormaliser = new double[components];
        for (int k = 0; k < components; k++) {
            double v = variance + s2[k];
            precision[k] = 1.0 / v;
            logNormaliser[k] = logWeight[k] - 0.5 * (LOG_2PI + Math.log(v));
        }
        return path.knownVariancePredictive(m, precision, logNormaliser);
    }

    /**
     * Returns KL(N(m', s'²) ‖ N(m, s²)) = ½ [log(s² / s'²) + (s'² + (m' − m)²) / s² − 1] for
     * component k, where primes mark {@code to}.
     */
    @Override
    public double componentDivergence(NaturalParameters from, NaturalParameters to, int component) {
        return componentDivergences(from, to)[component];
    }

    @Override
    public double[] componentDivergences(NaturalParameters from, NaturalParameters to) {
        double[] m0 = means(from);
        double[] v0 = variances(from);
        double[] m1 = means(to);
        double[] v1 = variances(to);
        double[] out = new double[components];
        for (int k = 0; k < components; k++) {
            double d = m1[k] - m0[k];
            double ratio = v1[k] / v0[k];
            // ratio − 1 − log(ratio) ≥ 0 exactly in real arithmetic; clamp rounding below zero.
            out[k] = Math.max(0.0, 0.5 * (ratio - 1.0 - Math.log(ratio) + d * d / v0[k]));
        }
        return out;
    }

    /** Returns σ² for every component: the lecture's model knows it. */
    @Override
    public double[] componentCovariances(NaturalParameters posterior) {
        requireValid(posterior);
        double[] out = new double[components];
        java.util.Arrays.fill(out, variance);
        return out;
    }

    @Override
    public double[] meanVariances(NaturalParameters posterior) {
        return variances(posterior);
    }

    private void requireValid(NaturalParameters posterior) {
        layout.requireSize(posterior);
        weights.requireValid(posterior, 0, components);
        for (int k = 0; k < components; k++) {
            if (!(posterior.get(weightBlock + 2 * k + 1) < 0.0)) {
                throw new IllegalArgumentException("component " + k
                        + " has a non-negative precision parameter η2 = " + posterior.get(weightBlock + 2 * k + 1));
            }
        }
    }

    private void requireLayout(SufficientStatistics statistics) {
        if (statistics.components() != components || statistics.momentsLength() != 2 * components) {
            throw new IllegalArgumentException("statistics of another model: expected K = " + components
                    + ", got K = " + statistics.components());
        }
    }

    static void requireFinite(double x, int index) {
        if (!Double.isFinite(x)) {
            throw new IllegalArgumentException("observation " + index + " is " + x + "; observations must be finite");
        }
    }

    /** Names the model and every parameter it was built with. */
    @Override
    public String toString() {
        return "KnownVarianceGaussianMixture[components=" + components + ", priorVariance=" + priorVariance
                + ", variance=" + variance + (weights.prior().learnt() ? ", weights=" + weights : "") + "]";
    }
}
