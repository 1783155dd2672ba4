package vistream.core.mixture;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The posterior predictive of {@link KnownVarianceGaussianMixture} with observations in SIMD lanes
 * ({@link LocalStepPath#VECTOR}): the prequential score a stream computes for every observation,
 * log Σ_k exp{c_k − (x − m_k)² / (2 v_k)} and each component's share, a block of observations at a
 * time. The K terms, their maximum, the exponentials and the logarithm of each sum are computed in
 * lanes with {@link VectorKnownVarianceLocalStep#exp} and {@link VectorKnownVarianceLocalStep#log};
 * the shares, written observation by observation and only when asked for, stay scalar. Terms that cannot reach the
 * sum's last bit are dropped as {@link NegligibleTerms} drops them, so the shares are those of
 * {@link KnownVariancePredictive} to rounding, and single observations are scored by it.
 *
 * <p>Deterministic as the vector local step is: every lane's arithmetic is IEEE additions,
 * multiplications, fused multiply-adds and (in the logarithm) one division, the same on every CPU,
 * and no sum runs across lanes.
 */
final class VectorKnownVariancePredictive implements PosteriorPredictive {

    private static final VectorSpecies<Double> SPECIES = VectorKnownVarianceLocalStep.species();
    private static final int LANES = SPECIES.length();
    /** Observations per block: the terms of a block (K × 64 doubles) stay in L1. */
    private static final int BLOCK = 64;

    private static final ThreadLocal<double[][]> WORKSPACES = ThreadLocal.withInitial(() -> new double[4][0]);

    private final double[] mean;
    private final double[] halfPrecision;
    private final double[] logNormaliser;
    private final double cutoff;
    private final KnownVariancePredictive scalar;

    VectorKnownVariancePredictive(double[] mean, double[] precision, double[] logNormaliser) {
        this.mean = mean;
        this.logNormaliser = logNormaliser;
        this.halfPrecision = new double[mean.length];
        for (int k = 0; k < mean.length; k++) {
            halfPrecision[k] = -0.5 * precision[k];
        }
        this.cutoff = NegligibleTerms.cutoff(mean.length);
        this.scalar = new KnownVariancePredictive(mean, precision, logNormaliser);
    }

    @Override
    public int components() {
        return mean.length;
    }

    @Override
    public double logDensity(double[] data, int index) {
        return scalar.logDensity(data, index);
    }

    @Override
    public double logDensity(double[] data, int index, double[] shares) {
        return scalar.logDensity(data, index, shares);
    }

    @Override
    public void logDensities(double[] data, int from, int to, double[] logDensities) {
        score(data, from, to, logDensities, null);
    }

    @Override
    public void logDensities(double[] data, int from, int to, double[] logDensities, double[] shares) {
        score(data, from, to, logDensities, shares);
    }

    /** Both forms of {@link #logDensities}: the shares are written unless {@code shares} is null. */
    private void score(double[] data, int from, int to, double[] logDensities, double[] shares) {
        for (int i = from; i < to; i++) {
            // Checked first, as the scalar path refuses the first non-finite observation before
            // writing anything after it; a pass over a batch costs little beside K exponentials.
            KnownVarianceGaussianMixture.requireFinite(data[i], i);
        }
        final int k = mean.length;
        double[][] w = WORKSPACES.get();
        if (w[0].length < k * BLOCK) {
            w[0] = new double[k * BLOCK];
            w[1] = new double[BLOCK];
            w[2] = new double[BLOCK];
            w[3] = new double[BLOCK];
        }
        final double[] terms = w[0];
        final double[] max = w[1];
        final double[] sum = w[2];
        final double[] tail = w[3];
        int i = from;
        for (; i + BLOCK <= to; i += BLOCK) {
            block(data, i, BLOCK, shares == null ? null : terms, max, sum);
            finish(i, BLOCK, BLOCK, terms, max, sum, logDensities, shares);
        }
        if (i < to) {
            // The last observations, padded with zeros (finite, and never written out).
            int rest = to - i;
            int padded = (rest + LANES - 1) / LANES * LANES;
            System.arraycopy(data, i, tail, 0, rest);
            java.util.Arrays.fill(tail, rest, padded, 0.0);
            block(tail, 0, padded, shares == null ? null : terms, max, sum);
            finish(i, rest, padded, terms, max, sum, logDensities, shares);
        }
    }

    /**
     * The terms of {@code size} observations from {@code x[start]} (a multiple of the lanes) into
     * {@code terms[k · BLOCK + i]} (unless {@code terms} is null: no shares wanted), with each
     * observation's largest logit and the sum of its shifted terms. One flat method, so that no vector is boxed.
     */
    private void block(double[] x, int start, int size, double[] terms, double[] max, double[] sum) {
        final int k = mean.length;
        final double[] m = mean;
        final double[] h = halfPrecision;
        final double[] c = logNormaliser;
        final DoubleVector cut = DoubleVector.broadcast(SPECIES, cutoff);
        for (int v = 0; v < size; v += LANES) {
            final DoubleVector xv = DoubleVector.fromArray(SPECIES, x, start + v);
            // log w_j − ½ log 2πv_j − (x − m_j)² / (2 v_j), from x − m_j as the scalar path
            // writes it: no cancellation far from a component.
            DoubleVector d = xv.sub(m[0]);
            DoubleVector top = d.mul(d).fma(h[0], c[0]);
            for (int j = 1; j < k; j++) {
                DoubleVector dj = xv.sub(m[j]);
                DoubleVector logit = dj.mul(dj).fma(h[j], c[j]);
                top = top.blend(logit, top.compare(VectorOperators.LT, logit));
            }
            DoubleVector z = DoubleVector.zero(SPECIES);
            for (int j = 0; j < k; j++) {
                DoubleVector dj = xv.sub(m[j]);
                DoubleVector s = dj.mul(dj).fma(h[j], c[j]).sub(top);
                VectorMask<Double> negligible = s.compare(VectorOperators.LT, cut);
                DoubleVector term = VectorKnownVarianceLocalStep.exp(s.blend(cut, negligible)).blend(0.0, negligible);
                if (terms != null) {
                    term.intoArray(terms, j * BLOCK + v);
                }
                z = z.add(term);
            }
            top.intoArray(max, v);
            z.intoArray(sum, v);
        }
    }

    /**
     * Writes the log densities of {@code count} observations from index {@code first} (the block
     * computed {@code padded}, a multiple of the lanes), and their shares unless {@code shares} is
     * null.
     */
    private void finish(int first, int count, int padded, double[] terms, double[] max, double[] sum,
            double[] logDensities, double[] shares) {
        final int k = mean.length;
        // M + log Z in lanes (Z ≥ 1: its largest term is 1), over the padded lanes too (finite),
        // into max, whose first count values are the block's.
        for (int v = 0; v < padded; v += LANES) {
            DoubleVector.fromArray(SPECIES, max, v)
                    .add(VectorKnownVarianceLocalStep.log(DoubleVector.fromArray(SPECIES, sum, v))).intoArray(max, v);
        }
        System.arraycopy(max, 0, logDensities, first, count);
        if (shares == null) {
            return;
        }
        for (int i = 0; i < count; i++) {
            double inverse = 1.0 / sum[i];
            int row = (first + i) * k;
            for (int j = 0; j < k; j++) {
                shares[row + j] = terms[j * BLOCK + i] * inverse;
            }
        }
    }
}
