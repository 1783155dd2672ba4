package vistream.core.mixture;

import java.util.Objects;

import vistream.core.numeric.Checks;
import vistream.core.numeric.Cholesky;
import vistream.core.numeric.SpecialFunctions;

/**
 * The Bayesian Gaussian mixture with unknown means and full covariances (Bishop 2006, §10.2;
 * scikit-learn's {@code BayesianGaussianMixture} with {@code covariance_type="full"} and a
 * Dirichlet weight prior):
 * <pre>
 *   π ~ Dirichlet(α0),  Λ_k ~ Wishart(W0, ν0),  μ_k | Λ_k ~ N(m0, (β0 Λ_k)⁻¹),
 *   c_i ~ Categorical(π),  x_i | c_i ~ N(μ_{c_i}, Λ_{c_i}⁻¹),
 * </pre>
 * with q(π) q(μ, Λ) Π_i q(c_i), q(π) Dirichlet(α) and each q(μ_k, Λ_k) Gaussian–Wishart.
 *
 * <p>Layout. The data are centred on m0 inside the model (x' = x − m0), so that sums of squares
 * never cancel catastrophically for data far from the origin. Natural parameters per component,
 * stride 3 + D + D²: [α_k, β_k, β_k m_k (D), W_k⁻¹ + β_k m_k m_kᵀ (D × D), ν_k], each linear in
 * the statistics N_k, S_k = Σφ x', Q_k = Σφ x' x'ᵀ (moments per component: S then Q), which is
 * Bishop's eq. 10.58–10.63 in natural form.
 *
 * <p>Immutable and thread safe.
 */
public final class GaussianWishartMixture implements ConjugateMixture {

    private static final double LOG_2PI = Math.log(2.0 * Math.PI);
    private static final double LOG_2 = Math.log(2.0);

    private final int k;
    private final int d;
    private final int stride;
    private final int weightBlock;
    private final WeightPrior weightPrior;
    private final WeightFactor weights;
    private final ComponentLayout layout;
    private final CovarianceType covarianceType;
    private final double[] inverseScale0;
    private final GaussianWishartPrior prior;
    private final double[] centre;
    private final NaturalParameters priorParameters;

    /**
     * Creates the model with Dirichlet weights.
     *
     * @param components K, at least 1
     * @param prior      the prior; its dimension is the model's
     * @throws IllegalArgumentException if K &lt; 1
     */
    public GaussianWishartMixture(int components, GaussianWishartPrior prior) {
        this(components, prior, WeightPrior.DIRICHLET);
    }

    /**
     * Creates the model.
     *
     * @param components  K, at least 1 (with a Dirichlet process, the truncation level)
     * @param prior       the prior; its dimension is the model's
     * @param weightPrior Dirichlet or truncated Dirichlet process, concentration {@code prior.alpha0()}
     * @throws IllegalArgumentException if K &lt; 1
     */
    public GaussianWishartMixture(int components, GaussianWishartPrior prior, WeightPrior weightPrior) {
        this(components, prior, weightPrior, CovarianceType.FULL);
    }

    /**
     * Creates the model.
     *
     * @param components     K, at least 1 (with a Dirichlet process, the truncation level)
     * @param prior          the prior; its covariance is projected onto the covariance type's family
     * @param weightPrior    Dirichlet or truncated Dirichlet process, concentration {@code prior.alpha0()}
     * @param covarianceType full, diagonal or spherical scale of each component's Wishart
     * @throws IllegalArgumentException if K &lt; 1
     */
    public GaussianWishartMixture(int components, GaussianWishartPrior prior, WeightPrior weightPrior,
            CovarianceType covarianceType) {
        this.k = Checks.atLeast("number of components K", components, 1);
        this.covarianceType = Objects.requireNonNull(covarianceType, "covarianceType");
        this.prior = Objects.requireNonNull(prior, "prior");
        this.weightPrior = Objects.requireNonNull(weightPrior, "weightPrior");
        this.d = prior.dimension();
        this.stride = 2 + d + d * d;
        this.weights = WeightFactor.of(weightPrior, prior.alpha0());
        this.centre = prior.mean0();
        double[] w0inv = prior.inverseScale0();
        covarianceType.project(w0inv, d);
        this.inverseScale0 = w0inv;
        double[] componentPrior = new double[stride];
        componentPrior[0] = prior.beta0();
        System.arraycopy(w0inv, 0, componentPrior, 1 + d, d * d); // m0' = 0 in the centred frame
        componentPrior[1 + d + d * d] = prior.degreesOfFreedom0();
        this.layout = new ComponentLayout(weights, k, stride, componentPrior);
        this.weightBlock = layout.weightBlock();
        this.priorParameters = new NaturalParameters(layout.prior());
    }

    @Override
    public GaussianWishartMixture withComponents(int components) {
        return new GaussianWishartMixture(components, prior, weightPrior, covarianceType);
    }

    @Override
    public NaturalParameters recombine(NaturalParameters posterior, double[][] shares) {
        expectations(posterior); // validates λ
        NaturalParameters out = layout.recombine(posterior, shares);
        GaussianWishartMixture result = withComponents(shares.length);
        ComponentLayout.requireCounts(result.counts(out));
        result.expectations(out); // a subtraction can leave a scale that is not positive definite
        return out;
    }

    @Override
    public NaturalParameters concatenate(NaturalParameters first, NaturalParameters second, int secondComponents) {
        return layout.concatenate(first, second, secondComponents);
    }

    @Override
    public WeightPrior weightPrior() {
        return weightPrior;
    }

    /** @return the covariance family */
    public CovarianceType covarianceType() {
        return covarianceType;
    }

    /** @return the prior */
    public GaussianWishartPrior priorSettings() {
        return prior;
    }

    @Override
    public int components() {
        return k;
    }

    @Override
    public int dimension() {
        return d;
    }

    @Override
    public int momentsLength() {
        return k * (d + d * d);
    }

    @Override
    public NaturalParameters prior() {
        return priorParameters;
    }

    /**
     * Starts from components centred on {@code means}, each as if it had seen one observation there
     * with covariance {@code variance}·I on top of the prior.
     */
    @Override
    public NaturalParameters initialPosterior(double[] means, double variance) {
        if (means.length != k * d) {
            throw new IllegalArgumentException("expected " + k * d + " initial mean values (K = " + k + " × D = " + d
                    + "), got " + means.length);
        }
        Checks.allFinite("initial mean", means);
        Checks.positiveFinite("initial variance", variance);
        SufficientStatistics s = newStatistics();
        double[] counts = new double[k];
        double[] moments = new double[momentsLength()];
        for (int c = 0; c < k; c++) {
            counts[c] = 1.0;
            int o = c * (d + d * d);
            for (int a = 0; a < d; a++) {
                double xa = means[c * d + a] - centre[a];
                moments[o + a] = xa;
                for (int b = 0; b < d; b++) {
                    moments[o + d + a * d + b] = xa * (means[c * d + b] - centre[b]) + (a == b ? variance : 0.0);
                }
            }
        }
        s.add(counts, moments, 0.0, k);
        return globalStep(s, 1.0);
    }

    /**
     * Starts from the data assigned to their nearest centre (hard responsibilities) and one global
     * step: scikit-learn's k-means start without its Lloyd iterations, so that every component
     * begins with the spread of its own points rather than a guess.
     */
    @Override
    public NaturalParameters initialPosterior(double[] data, double[] centres, double variance) {
        if (centres.length != k * d) {
            throw new IllegalArgumentException("expected " + k * d + " centre values, got " + centres.length);
        }
        int n = data.length / d;
        double[] responsibilities = new double[n * k];
        for (int i = 0; i < n; i++) {
            int best = 0;
            double bestDistance = Double.POSITIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                double distance = 0.0;
                for (int a = 0; a < d; a++) {
                    double diff = data[i * d + a] - centres[c * d + a];
                    distance += diff * diff;
                }
                if (distance < bestDistance) {
                    bestDistance = distance;
                    best = c;
                }
            }
            responsibilities[i * k + best] = 1.0;
        }
        return globalStep(statistics(data, responsibilities), 1.0);
    }

    @Override
    public SufficientStatistics statistics(double[] data, double[] responsibilities) {
        int n = data.length / d;
        if (responsibilities.length != n * k) {
            throw new IllegalArgumentException("expected " + n * k + " responsibilities, got " + responsibilities.length);
        }
        double[] counts = new double[k];
        double[] moments = new double[momentsLength()];
        double[] x = new double[d];
        for (int i = 0; i < n; i++) {
            for (int a = 0; a < d; a++) {
                x[a] = data[i * d + a] - centre[a];
            }
            for (int c = 0; c < k; c++) {
                double phi = responsibilities[i * k + c];
                counts[c] += phi;
                accumulate(moments, c, x, phi, d);
            }
        }
        SufficientStatistics s = newStatistics();
        s.add(counts, moments, 0.0, n);
        return s;
    }

    static void accumulate(double[] moments, int c, double[] x, double phi, int d) {
        int o = c * (d + d * d);
        for (int a = 0; a < d; a++) {
            double px = phi * x[a];
            moments[o + a] += px;
            int row = o + d + a * d;
            for (int b = 0; b < d; b++) {
                moments[row + b] += px * x[b];
            }
        }
    }

    @Override
    public NaturalParameters naturalStatistics(SufficientStatistics statistics) {
        if (statistics.components() != k || statistics.momentsLength() != momentsLength()) {
            throw new IllegalArgumentException("statistics of another model");
        }
        double[] t = new double[weightBlock + k * stride];
        weights.writeStatistics(t, 0, statistics.counts());
        for (int c = k - 1; c >= 0; c--) {
            double n = statistics.count(c);
            int o = weightBlock + c * stride;
            int m = c * (d + d * d);
            t[o] = n;
            for (int j = 0; j < d + d * d; j++) {
                t[o + 1 + j] = statistics.moment(m + j);
            }
            t[o + 1 + d + d * d] = n;
        }
        return new NaturalParameters(t);
    }

    /** The expectations a component's posterior implies, computed once per posterior. */
    record Component(double beta, double[] mean, double[] inverseScale, double[] cholesky,
            double logDetInverseScale, double nu, double expectedLogDetPrecision) {
    }

    Component[] expectations(NaturalParameters posterior) {
        requireSize(posterior);
        weights.requireValid(posterior, 0, k);
        Component[] out = new Component[k];
        for (int c = 0; c < k; c++) {
            int o = weightBlock + c * stride;
            double beta = posterior.get(o);
            double nu = posterior.get(o + 1 + d + d * d);
            if (!(beta > 0.0) || !(nu > d - 1)) {
                throw new IllegalArgumentException("component " + c + " has an invalid posterior: beta " + beta + ", nu " + nu);
            }
            double[] mean = new double[d];
            for (int a = 0; a < d; a++) {
                mean[a] = posterior.get(o + 1 + a) / beta;
            }
            double[] winv = new double[d * d];
            for (int a = 0; a < d; a++) {
                // The lower triangle, mirrored: (β m_a) m_b and (β m_b) m_a may round apart.
                for (int b = 0; b <= a; b++) {
                    double v = posterior.get(o + 1 + d + a * d + b) - beta * mean[a] * mean[b];
                    winv[a * d + b] = v;
                    winv[b * d + a] = v;
                }
            }
            // The optimal scale within a restricted family is the projection of the full one.
            covarianceType.project(winv, d);
            double[] l;
            try {
                l = Cholesky.decompose(winv, d);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("component " + c + " has a scale matrix that is not positive definite", e);
            }
            double logDet = Cholesky.logDeterminant(l, d);
            // Bishop eq. 10.65: E[log |Λ|] = Σ ψ((ν + 1 − i)/2) + D log 2 + log |W|.
            double eLogDet = SpecialFunctions.wishartDigammaSum(nu, d) + d * LOG_2 - logDet;
            out[c] = new Component(beta, mean, winv, l, logDet, nu, eLogDet);
        }
        return out;
    }

    private void requireSize(NaturalParameters posterior) {
        if (posterior.size() != weightBlock + k * stride) {
            throw new IllegalArgumentException("expected " + (weightBlock + k * stride) + " natural parameters for K = "
                    + k + ", D = " + d + ", got " + posterior.size());
        }
    }

    /** E[log π_k] under q (see {@link WeightFactor}). */
    private double[] expectedLogWeights(NaturalParameters posterior) {
        return weights.expectedLogWeights(posterior, 0, k);
    }

    @Override
    public LocalStep localStep(NaturalParameters posterior) {
        Component[] comps = expectations(posterior);
        double[] eLogPi = expectedLogWeights(posterior);
        double[] constant = new double[k];
        double[] halfNu = new double[k];
        double[] shift = new double[k * d];
        double[] chol = new double[k * d * d];
        for (int c = 0; c < k; c++) {
            Component p = comps[c];
            // Bishop eq. 10.46 with 10.64–10.66: log ρ = E[log π] + ½E[log|Λ|] − D/(2β) − (D/2) log 2π − (ν/2)(x−m)ᵀW(x−m).
            constant[c] = eLogPi[c] + 0.5 * p.expectedLogDetPrecision() - d / (2.0 * p.beta()) - 0.5 * d * LOG_2PI;
            halfNu[c] = 0.5 * p.nu();
            for (int a = 0; a < d; a++) {
                shift[c * d + a] = centre[a] + p.mean()[a];
            }
            System.arraycopy(p.cholesky(), 0, chol, c * d * d, d * d);
        }
        return new GaussianWishartLocalStep(k, d, centre, constant, halfNu, shift, chol);
    }

    @Override
    public double globalElbo(NaturalParameters posterior) {
        Component[] comps = expectations(posterior);
        double sum = weights.elbo(posterior, 0, k, expectedLogWeights(posterior));
        double beta0 = prior.beta0();
        double nu0 = prior.degreesOfFreedom0();
        double[] w0inv = inverseScale0;
        double[] l0 = Cholesky.decompose(w0inv, d);
        double logB0 = logWishartNormaliser(Cholesky.logDeterminant(l0, d), nu0);
        double[] scratch = new double[d];
        for (int c = 0; c < k; c++) {
            Component p = comps[c];
            double quad = Cholesky.inverseQuadraticForm(p.cholesky(), p.mean(), 0, null, d, scratch);
            double trace = Cholesky.traceOfInverseTimes(p.cholesky(), w0inv, d);
            // E[log p(μ, Λ)], eq. 10.74 (m0 = 0 in the centred frame).
            double logPrior = 0.5 * (d * Math.log(beta0 / (2 * Math.PI)) + p.expectedLogDetPrecision()
                    - d * beta0 / p.beta() - beta0 * p.nu() * quad)
                    + logB0 + 0.5 * (nu0 - d - 1) * p.expectedLogDetPrecision() - 0.5 * p.nu() * trace;
            // E[log q(μ, Λ)], eq. 10.77 with the Wishart entropy of eq. B.82.
            double logB = logWishartNormaliser(p.logDetInverseScale(), p.nu());
            double entropyLambda = -logB - 0.5 * (p.nu() - d - 1) * p.expectedLogDetPrecision() + 0.5 * p.nu() * d;
            double logQ = 0.5 * p.expectedLogDetPrecision() + 0.5 * d * Math.log(p.beta() / (2 * Math.PI)) - 0.5 * d
                    - entropyLambda;
            sum += logPrior - logQ;
        }
        return sum;
    }

    /** log B(W, ν) of eq. B.79, from log |W⁻¹|. */
    private double logWishartNormaliser(double logDetInverseScale, double nu) {
        return 0.5 * nu * logDetInverseScale - 0.5 * nu * d * LOG_2 - SpecialFunctions.multivariateLogGamma(0.5 * nu, d);
    }

    @Override
    public double localElbo(NaturalParameters posterior, SufficientStatistics statistics) {
        if (statistics.components() != k || statistics.momentsLength() != momentsLength()) {
            throw new IllegalArgumentException("statistics of another model");
        }
        Component[] comps = expectations(posterior);
        double[] eLogPi = expectedLogWeights(posterior);
        double sum = statistics.entropy();
        double[] scatter = new double[d * d];
        for (int c = 0; c < k; c++) {
            Component p = comps[c];
            double n = statistics.count(c);
            int o = c * (d + d * d);
            double[] m = p.mean();
            // Σφ (x − m)(x − m)ᵀ = Q − S mᵀ − m Sᵀ + N m mᵀ, in the centred frame.
            for (int a = 0; a < d; a++) {
                for (int b = 0; b < d; b++) {
                    scatter[a * d + b] = statistics.moment(o + d + a * d + b) - statistics.moment(o + a) * m[b]
                            - m[a] * statistics.moment(o + b) + n * m[a] * m[b];
                }
            }
            double trace = Cholesky.traceOfInverseTimes(p.cholesky(), scatter, d);
            // E[log p(x | c, μ, Λ)], eq. 10.71, and E[log p(c | π)], eq. 10.72.
            sum += n * eLogPi[c] + 0.5 * n * (p.expectedLogDetPrecision() - d / p.beta() - d * LOG_2PI)
                    - 0.5 * p.nu() * trace;
        }
        return sum;
    }

    /**
     * Returns log Σ_k E[π_k] St(x | m_k, ((1 + β_k)/((ν_k + 1 − D) β_k)) W_k⁻¹, ν_k + 1 − D), the
     * variational posterior predictive (Bishop eq. 10.81).
     */
    @Override
    public PosteriorPredictive posteriorPredictive(NaturalParameters posterior) {
        Component[] comps = expectations(posterior);
        double[] logWeights = weights.logMeanWeights(posterior, 0, k);
        double[] logWeightAndNorm = new double[k];
        double[] dof = new double[k];
        double[] scale = new double[k];
        double[] shift = new double[k * d];
        double[] chol = new double[k * d * d];
        for (int c = 0; c < k; c++) {
            Component p = comps[c];
            double nuT = p.nu() + 1 - d;
            double s = (1 + p.beta()) / (nuT * p.beta());
            dof[c] = nuT;
            scale[c] = s;
            logWeightAndNorm[c] = logWeights[c] + SpecialFunctions.logGamma(0.5 * (nuT + d))
                    - SpecialFunctions.logGamma(0.5 * nuT) - 0.5 * d * Math.log(nuT * Math.PI)
                    - 0.5 * (d * Math.log(s) + p.logDetInverseScale());
            for (int a = 0; a < d; a++) {
                shift[c * d + a] = centre[a] + p.mean()[a];
            }
            System.arraycopy(p.cholesky(), 0, chol, c * d * d, d * d);
        }
        return new StudentTMixture(k, d, logWeightAndNorm, dof, scale, shift, chol);
    }

    @Override
    public double componentDivergence(NaturalParameters from, NaturalParameters to, int component) {
        return divergence(expectations(from)[component], expectations(to)[component]);
    }

    @Override
    public double[] componentDivergences(NaturalParameters from, NaturalParameters to) {
        Component[] p = expectations(from);
        Component[] q = expectations(to);
        double[] out = new double[k];
        for (int c = 0; c < k; c++) {
            out[c] = divergence(p[c], q[c]);
        }
        return out;
    }

    /** KL(q ‖ p) between two components' Gaussian–Wishart factors. */
    private double divergence(Component p, Component q) {
        double[] scratch = new double[d];
        // KL(Wishart(W_q, ν_q) ‖ Wishart(W_p, ν_p)) + E_q[KL(N(m_q, (β_qΛ)⁻¹) ‖ N(m_p, (β_pΛ)⁻¹))].
        double wishart = logWishartNormaliser(q.logDetInverseScale(), q.nu())
                - logWishartNormaliser(p.logDetInverseScale(), p.nu())
                + 0.5 * (q.nu() - p.nu()) * q.expectedLogDetPrecision()
                - 0.5 * q.nu() * d + 0.5 * q.nu() * Cholesky.traceOfInverseTimes(q.cholesky(), p.inverseScale(), d);
        double[] diff = new double[d];
        for (int a = 0; a < d; a++) {
            diff[a] = q.mean()[a] - p.mean()[a];
        }
        double gaussian = 0.5 * (d * Math.log(q.beta() / p.beta()) + d * p.beta() / q.beta() - d
                + p.beta() * q.nu() * Cholesky.inverseQuadraticForm(q.cholesky(), diff, 0, null, d, scratch));
        return Math.max(0.0, wishart + gaussian);
    }

    /** Returns the posterior mean of each component's mean, m_k, K × D. */
    @Override
    public double[] means(NaturalParameters posterior) {
        Component[] comps = expectations(posterior);
        double[] out = new double[k * d];
        for (int c = 0; c < k; c++) {
            for (int a = 0; a < d; a++) {
                out[c * d + a] = centre[a] + comps[c].mean()[a];
            }
        }
        return out;
    }

    /**
     * Returns each component's covariance E[Λ_k]⁻¹ = W_k⁻¹ / ν_k as a full matrix, whatever the
     * covariance type (see {@link #covarianceParameters} for scikit-learn's compact shapes).
     *
     * @param posterior λ
     * @return K × D × D, row-major
     */
    @Override
    public double[] componentCovariances(NaturalParameters posterior) {
        return covariances(posterior);
    }

    /**
     * The same as {@link #componentCovariances}, by scikit-learn's name.
     *
     * @param posterior λ
     * @return K × D × D, row-major
     */
    public double[] covariances(NaturalParameters posterior) {
        Component[] comps = expectations(posterior);
        double[] out = new double[k * d * d];
        for (int c = 0; c < k; c++) {
            for (int j = 0; j < d * d; j++) {
                out[c * d * d + j] = comps[c].inverseScale()[j] / comps[c].nu();
            }
        }
        return out;
    }

    /**
     * Returns the covariances in scikit-learn's shape for the covariance type: K × D × D for full,
     * K × D (the diagonals) for diag, K (one variance each) for spherical.
     *
     * @param posterior λ
     * @return the covariances, row-major
     */
    public double[] covarianceParameters(NaturalParameters posterior) {
        double[] full = covariances(posterior);
        if (covarianceType == CovarianceType.FULL) {
            return full;
        }
        double[] out = new double[covarianceType == CovarianceType.DIAG ? k * d : k];
        for (int c = 0; c < k; c++) {
            if (covarianceType == CovarianceType.DIAG) {
                for (int a = 0; a < d; a++) {
                    out[c * d + a] = full[c * d * d + a * d + a];
                }
            } else {
                out[c] = full[c * d * d];
            }
        }
        return out;
    }

    /**
     * Returns the expected weights: α_k / Σα for Dirichlet weights; for a Dirichlet process
     * E[v_k] Π_{j<k} E[1 − v_j], renormalised over the K sticks as scikit-learn does.
     *
     * @param posterior λ
     * @return K weights summing to one
     */
    /** Returns N_k = β_k − β0. */
    @Override
    public double[] counts(NaturalParameters posterior) {
        requireSize(posterior);
        double[] out = new double[k];
        for (int c = 0; c < k; c++) {
            out[c] = posterior.get(weightBlock + c * stride) - prior.beta0();
        }
        return out;
    }

    @Override
    public double[] weights(NaturalParameters posterior) {
        requireSize(posterior);
        return weights.meanWeights(posterior, 0, k);
    }

    /**
     * Returns how many components carry an expected weight of at least {@code threshold}: the
     * effective number of components of a (Dirichlet-process) fit.
     *
     * @param posterior λ
     * @param threshold a weight in (0, 1), e.g. {@value #EFFECTIVE_WEIGHT}
     * @return the count
     */
    public int effectiveComponents(NaturalParameters posterior, double threshold) {
        int count = 0;
        for (double w : weights(posterior)) {
            if (w >= threshold) {
                count++;
            }
        }
        return count;
    }

    /**
     * The default weight above which a component counts as effective: one hundredth, so that a
     * component must explain at least one observation in a hundred.
     */
    public static final double EFFECTIVE_WEIGHT = 0.01;

    /** Returns diag((β_k E[Λ_k])⁻¹) = diag(W_k⁻¹) / (β_k ν_k): the spread of each mean's posterior. */
    @Override
    public double[] meanVariances(NaturalParameters posterior) {
        Component[] comps = expectations(posterior);
        double[] out = new double[k * d];
        for (int c = 0; c < k; c++) {
            for (int a = 0; a < d; a++) {
                out[c * d + a] = comps[c].inverseScale()[a * d + a] / (comps[c].beta() * comps[c].nu());
            }
        }
        return out;
    }

    /** Names the model and every parameter it was built with. */
    @Override
    public String toString() {
        return "GaussianWishartMixture[components=" + k + ", dimension=" + d + ", covarianceType=" + covarianceType
                + ", weightPrior=" + weightPrior + ", prior=" + prior + "]";
    }
}
