package vistream.core.mixture;

import java.util.Arrays;

import vistream.core.numeric.Cholesky;
import vistream.core.numeric.LogProduct;
import vistream.core.numeric.LogSumExp;

/**
 * The fused local step of {@link GaussianWishartMixture}: K logits per observation,
 * c_k − (ν_k/2) |L_k⁻¹ (x − m_k)|² by forward substitution (Bishop eq. 10.46 with 10.64–10.66),
 * the shifted exponentials that can count ({@link NegligibleTerms}), and the accumulation of
 * Σφ, Σφ x', Σφ x' x'ᵀ (centred) and the entropy of φ. Scratch arrays are allocated per call,
 * never per observation.
 *
 * <p>In several dimensions the observations are taken by blocks ({@link ObservationBlock}): each
 * component's substitution runs over a whole block at once and its scatter is updated by the
 * block's members together, which C2 vectorises; each observation's arithmetic, and the order in
 * which every sum takes its terms, are those of a loop over single observations, so the results
 * are the same bit for bit whatever the block size.
 *
 * <p>One dimension, the scikit-learn comparison's case, has its own loop: there the quadratic
 * form is a single scaled difference, and the general loop's bookkeeping would cost more than it.
 */
final class GaussianWishartLocalStep implements LocalStep {

    private final int k;
    private final int d;
    private final double[] centre;
    private final double[] constant;
    private final double[] halfNu;
    private final double[] shift;
    private final double[] chol;
    /** 1 / L_k,ii, so that the forward substitution multiplies. */
    private final double[] inverseDiagonal;
    /** D = 1: √(ν_k/2) / L_k, so that the logit is c_k − ((x − m_k) · scale_k)². */
    private final double[] scale;
    private final double cutoff;

    GaussianWishartLocalStep(int k, int d, double[] centre, double[] constant, double[] halfNu, double[] shift,
            double[] chol) {
        this.k = k;
        this.d = d;
        this.centre = centre;
        this.constant = constant;
        this.halfNu = halfNu;
        this.shift = shift;
        this.chol = chol;
        this.inverseDiagonal = new double[k * d];
        this.scale = new double[k];
        for (int c = 0; c < k; c++) {
            for (int i = 0; i < d; i++) {
                inverseDiagonal[c * d + i] = 1.0 / chol[c * d * d + i * d + i];
            }
            scale[c] = Math.sqrt(halfNu[c]) * inverseDiagonal[c * d];
        }
        this.cutoff = NegligibleTerms.cutoff(k);
    }

    @Override
    public void accumulate(double[] data, int from, int to, SufficientStatistics into) {
        if (d == 1) {
            accumulateUnivariate(data, from, to, into);
        } else {
            accumulateMultivariate(data, from, to, into);
        }
    }

    private void accumulateUnivariate(double[] data, int from, int to, SufficientStatistics into) {
        double[] logits = new double[k];
        double[] terms = new double[k];
        int[] kept = new int[k];
        double[] counts = new double[k];
        double[] moments = new double[2 * k];
        double origin = centre[0];
        LogProduct normalisers = new LogProduct(); // Σ_i log Z_i by one logarithm
        double weightedLogits = 0.0;
        for (int i = from; i < to; i++) {
            double x = data[i];
            requireFinite(data, i);
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                double t = (x - shift[c]) * scale[c];
                double l = constant[c] - t * t;
                logits[c] = l;
                max = Math.max(max, l);
            }
            int active = NegligibleTerms.keep(logits, k, max, cutoff, kept, terms);
            double z = 0.0;
            for (int m = 0; m < active; m++) {
                z += terms[m];
            }
            double inverseZ = 1.0 / z;
            double xc = x - origin;
            double xc2 = xc * xc;
            double weighted = 0.0;
            for (int m = 0; m < active; m++) {
                int c = kept[m];
                double phi = terms[m] * inverseZ;
                counts[c] += phi;
                moments[2 * c] += phi * xc;
                moments[2 * c + 1] += phi * xc2;
                weighted += phi * logits[c];
            }
            normalisers.multiply(z);
            weightedLogits += weighted;
        }
        into.add(counts, moments, normalisers.log() - weightedLogits, to - from);
    }

    /**
     * The blocked local step: per block of observations, every component's squared distances by
     * one substitution over the block ({@link ObservationBlock#squaredNorms}), then per observation
     * the logits, exponentials and responsibilities, then per component the rank-B update of its
     * moments by the observations it kept. Blocks, observations within a block, and each
     * component's members are taken in order, so every sum is the per-observation loop's.
     */
    private void accumulateMultivariate(double[] data, int from, int to, SufficientStatistics into) {
        int capacity = Math.min(ObservationBlock.capacity(d), to - from);
        ObservationBlock block = new ObservationBlock(d, capacity);
        double[][] blockLogits = new double[k][capacity]; // component c's logit of observation b at [c][b]
        double[] blockMax = new double[capacity];
        int[] members = new int[k * capacity]; // component c's kept observations from c · capacity, in order
        double[] memberPhi = new double[k * capacity]; // and their responsibilities φ_bc
        int[] memberCount = new int[k];
        double[] logits = new double[k];
        double[] terms = new double[k];
        int[] kept = new int[k];
        double[] counts = new double[k];
        double[][] firstMoments = new double[k][d];
        double[][][] scatter = new double[k][d][d]; // row by row, so that C2 vectorises their updates
        LogProduct normalisers = new LogProduct(); // Σ_i log Z_i by one logarithm
        double weightedLogits = 0.0;
        for (int first = from; first < to; first += capacity) {
            int size = Math.min(capacity, to - first);
            block.load(data, first, size, centre);
            for (int c = 0; c < k; c++) {
                double[] l = blockLogits[c];
                block.squaredNorms(chol, c * d * d, shift, inverseDiagonal, c * d, l);
                // log ρ_bc = c_k − (ν_k/2) |L_k⁻¹ (x_b − m_k)|²: the CAVI update of q(c_b) (MATHS.md §4)
                // for the Gaussian–Wishart components of §6, Bishop eq. 10.46 with 10.64.
                double constantC = constant[c];
                double halfNuC = halfNu[c];
                for (int b = 0; b < size; b++) {
                    l[b] = constantC - halfNuC * l[b];
                }
            }
            // Each observation's largest logit, component after component over the whole block: a
            // vectorised Math.max, where one observation's K maxima would be a chain of dependent
            // ones (the same maxima, taken in the same order).
            Arrays.fill(blockMax, 0, size, Double.NEGATIVE_INFINITY);
            for (int c = 0; c < k; c++) {
                double[] l = blockLogits[c];
                for (int b = 0; b < size; b++) {
                    blockMax[b] = Math.max(blockMax[b], l[b]);
                }
            }
            for (int b = 0; b < size; b++) {
                for (int c = 0; c < k; c++) {
                    logits[c] = blockLogits[c][b];
                }
                int active = NegligibleTerms.keep(logits, k, blockMax[b], cutoff, kept, terms);
                double z = 0.0;
                for (int m = 0; m < active; m++) {
                    z += terms[m];
                }
                double inverseZ = 1.0 / z;
                double weighted = 0.0;
                for (int m = 0; m < active; m++) {
                    int c = kept[m];
                    double phi = terms[m] * inverseZ;
                    counts[c] += phi;
                    weighted += phi * logits[c];
                    int slot = c * capacity + memberCount[c]++;
                    members[slot] = b;
                    memberPhi[slot] = phi;
                }
                normalisers.multiply(z);
                weightedLogits += weighted;
            }
            for (int c = 0; c < k; c++) {
                block.addMoments(members, memberPhi, c * capacity, memberCount[c], centre, firstMoments[c], scatter[c]);
                memberCount[c] = 0;
            }
        }
        // The layout of SufficientStatistics: per component S, then Q row-major. Only the lower
        // triangle of the scatter was summed; the upper one is its mirror image.
        int stride = d + d * d;
        double[] moments = new double[k * stride];
        for (int c = 0; c < k; c++) {
            int o = c * stride;
            System.arraycopy(firstMoments[c], 0, moments, o, d);
            for (int a = 0; a < d; a++) {
                for (int b = 0; b <= a; b++) {
                    double v = scatter[c][a][b];
                    moments[o + d + a * d + b] = v;
                    moments[o + d + b * d + a] = v;
                }
            }
        }
        into.add(counts, moments, normalisers.log() - weightedLogits, to - from);
    }

    @Override
    public void responsibilities(double[] data, int index, double[] out) {
        if (out.length != k) {
            throw new IllegalArgumentException("expected room for " + k + " responsibilities, got " + out.length);
        }
        requireFinite(data, index);
        double[] scratch = new double[d];
        for (int c = 0; c < k; c++) {
            out[c] = constant[c] - halfNu[c]
                    * Cholesky.inverseQuadraticForm(chol, c * d * d, data, index * d, shift, c * d, d, scratch);
        }
        LogSumExp.normaliseInPlace(out);
    }

    private void requireFinite(double[] data, int i) {
        for (int a = 0; a < d; a++) {
            if (!Double.isFinite(data[i * d + a])) {
                throw new IllegalArgumentException("observation " + i + " has value " + data[i * d + a]
                        + " in dimension " + a + "; observations must be finite");
            }
        }
    }
}
