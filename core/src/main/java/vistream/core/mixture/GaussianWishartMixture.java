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
    private final GaussianWishartPrior prior;
    private final double[] centre;
    private final NaturalParameters priorParameters;

    /**
     * Creates the model.
     *
     * @param components K, at least 1
     * @param prior      the prior; its dimension is the model's
     * @throws IllegalArgumentException if K &lt; 1
     */
    public GaussianWishartMixture(int components, GaussianWishartPrior prior) {
        this.k = Checks.atLeast("number of components K", components, 1);
        this.prior = Objects.requireNonNull(prior, "prior");
        this.d = prior.dimension();
        this.stride = 3 + d + d * d;
        this.centre = prior.mean0();
        double[] eta = new double[k * stride];
        double[] w0inv = prior.inverseScale0();
        for (int c = 0; c < k; c++) {
            int o = c * stride;
            eta[o] = prior.alpha0();
            eta[o + 1] = prior.beta0();
            System.arraycopy(w0inv, 0, eta, o + 2 + d, d * d); // m0' = 0 in the centred frame
            eta[o + 2 + d + d * d] = prior.degreesOfFreedom0();
        }
        this.priorParameters = new NaturalParameters(eta);
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
     * Returns the statistics of data under given responsibilities, e.g. the hard labels of a
     * k-means start.
     *
     * @param data             observations, row-major
     * @param responsibilities n × K, row-major, each row summing to one
     * @return the statistics (with zero entropy: given responsibilities are not a local step)
     */
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
        double[] t = new double[k * stride];
        for (int c = 0; c < k; c++) {
            int o = c * stride;
            int m = c * (d + d * d);
            double n = statistics.count(c);
            t[o] = n;
            t[o + 1] = n;
            for (int j = 0; j < d + d * d; j++) {
                t[o + 2 + j] = statistics.moment(m + j);
            }
            t[o + 2 + d + d * d] = n;
        }
        return new NaturalParameters(t);
    }

    /** The expectations a component's posterior implies, computed once per posterior. */
    record Component(double alpha, double beta, double[] mean, double[] inverseScale, double[] cholesky,
            double logDetInverseScale, double nu, double expectedLogDetPrecision) {
    }

    Component[] expectations(NaturalParameters posterior) {
        if (posterior.size() != k * stride) {
            throw new IllegalArgumentException("expected " + k * stride + " natural parameters for K = " + k + ", D = "
                    + d + ", got " + posterior.size());
        }
        Component[] out = new Component[k];
        for (int c = 0; c < k; c++) {
            int o = c * stride;
            double alpha = posterior.get(o);
            double beta = posterior.get(o + 1);
            double nu = posterior.get(o + 2 + d + d * d);
            if (!(alpha > 0.0) || !(beta > 0.0) || !(nu > d - 1)) {
                throw new IllegalArgumentException("component " + c + " has an invalid posterior: alpha " + alpha
                        + ", beta " + beta + ", nu " + nu);
            }
            double[] mean = new double[d];
            for (int a = 0; a < d; a++) {
                mean[a] = posterior.get(o + 2 + a) / beta;
            }
            double[] winv = new double[d * d];
            for (int a = 0; a < d; a++) {
                for (int b = 0; b < d; b++) {
                    winv[a * d + b] = posterior.get(o + 2 + d + a * d + b) - beta * mean[a] * mean[b];
                }
            }
            double[] l;
            try {
                l = Cholesky.decompose(winv, d);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("component " + c + " has a scale matrix that is not positive definite", e);
            }
            double logDet = Cholesky.logDeterminant(l, d);
            // Bishop eq. 10.65: E[log |Λ|] = Σ ψ((ν + 1 − i)/2) + D log 2 + log |W|.
            double eLogDet = SpecialFunctions.wishartDigammaSum(nu, d) + d * LOG_2 - logDet;
            out[c] = new Component(alpha, beta, mean, winv, l, logDet, nu, eLogDet);
        }
        return out;
    }

    private static double[] expectedLogWeights(Component[] components) {
        double total = 0.0;
        for (Component c : components) {
            total += c.alpha();
        }
        double psiTotal = SpecialFunctions.digamma(total);
        double[] out = new double[components.length];
        for (int c = 0; c < components.length; c++) {
            out[c] = SpecialFunctions.digamma(components[c].alpha()) - psiTotal; // Bishop eq. 10.66
        }
        return out;
    }

    @Override
    public LocalStep localStep(NaturalParameters posterior) {
        Component[] comps = expectations(posterior);
        double[] eLogPi = expectedLogWeights(comps);
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
        double[] eLogPi = expectedLogWeights(comps);
        double alpha0 = prior.alpha0();
        double alphaTotal = 0.0;
        double sum = SpecialFunctions.logGamma(k * alpha0) - k * SpecialFunctions.logGamma(alpha0); // log C(α0), eq. B.23
        for (int c = 0; c < k; c++) {
            Component p = comps[c];
            alphaTotal += p.alpha();
            // E[log p(π)] − E[log q(π)] (eq. 10.73, 10.76), the log C(α) part added below.
            sum += (alpha0 - p.alpha()) * eLogPi[c] + SpecialFunctions.logGamma(p.alpha());
        }
        sum -= SpecialFunctions.logGamma(alphaTotal);
        double beta0 = prior.beta0();
        double nu0 = prior.degreesOfFreedom0();
        double[] w0inv = prior.inverseScale0();
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
        double[] eLogPi = expectedLogWeights(comps);
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
     * Returns log Σ_k (α_k/Σα) St(x | m_k, ((1 + β_k)/((ν_k + 1 − D) β_k)) W_k⁻¹, ν_k + 1 − D), the
     * variational posterior predictive (Bishop eq. 10.81).
     */
    @Override
    public PosteriorPredictive posteriorPredictive(NaturalParameters posterior) {
        Component[] comps = expectations(posterior);
        double alphaTotal = 0.0;
        for (Component c : comps) {
            alphaTotal += c.alpha();
        }
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
            logWeightAndNorm[c] = Math.log(p.alpha() / alphaTotal) + SpecialFunctions.logGamma(0.5 * (nuT + d))
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
        Component p = expectations(from)[component];
        Component q = expectations(to)[component];
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
     * Returns each component's covariance E[Λ_k]⁻¹ = W_k⁻¹ / ν_k (scikit-learn's {@code covariances_}).
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
     * Returns the expected weights α_k / Σα.
     *
     * @param posterior λ
     * @return K weights summing to one
     */
    public double[] weights(NaturalParameters posterior) {
        Component[] comps = expectations(posterior);
        double total = 0.0;
        for (Component c : comps) {
            total += c.alpha();
        }
        double[] out = new double[k];
        for (int c = 0; c < k; c++) {
            out[c] = comps[c].alpha() / total;
        }
        return out;
    }

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
}
