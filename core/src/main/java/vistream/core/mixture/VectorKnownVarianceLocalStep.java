package vistream.core.mixture;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import vistream.core.numeric.LogProduct;

/**
 * The local step of {@link KnownVarianceGaussianMixture} with observations in SIMD lanes
 * ({@link LocalStepPath#VECTOR}): the same maths as {@link KnownVarianceLocalStep} (Blei et al.
 * 2017, eq. 26; MATHS.md §4), a block of {@value #BLOCK} observations at a time.
 *
 * <p>Per vector of observations: the K logits ℓ_k = a_k x + b_k and their maximum M; the shifted
 * logits s_k = ℓ_k − M and exp(s_k), zero where s_k is below {@link NegligibleTerms#cutoff} as
 * on the scalar path; Z = Σ_k exp(s_k); then φ_k = exp(s_k)/Z into Σφ, Σφx, Σφx² and the
 * entropy H(φ) = log Z − Σ_k φ_k s_k. Every exponential is computed (the scalar path computes only
 * the non-negligible ones): with four lanes that is still two to three times faster
 * (docs/BENCHMARKS.md, issue 17).
 *
 * <p>Determinism. The exponential ({@link #exp(DoubleVector)}) is Tang's reduction to
 * r = s − k·ln 2, |r| ≤ ½ ln 2, a polynomial of degree 11 for e<sup>r</sup> and 2<sup>k</sup> built in
 * the exponent bits: only IEEE additions, multiplications and fused multiply-adds, which every CPU
 * rounds alike (the JDK's own {@code VectorOperators.EXP} calls a CPU-specific library instead). Partial sums sit in
 * {@value #SLOTS} slots, observation i of a call in slot i mod {@value #SLOTS}, each slot summed
 * in order and the slots added in order at the end, whatever the vector width. So the result of
 * a call depends on its observations only: not on the thread, nor on the CPU as long as its
 * vectors hold at most {@value #SLOTS} doubles.
 *
 * <p>Σ_i log Z_i is kept, as on the scalar path, as a product with its rounding errors (see
 * {@link LogProduct}), one per slot, renormalised by an exact power of two every few blocks.
 *
 * <p>Loaded only when the {@code jdk.incubator.vector} module is present ({@link LocalStepPath}).
 * The working arrays are per thread and reused, so a call allocates nothing once a thread has
 * run one.
 */
final class VectorKnownVarianceLocalStep implements LocalStep {

    /** Accumulation slots: the observations of a call go to slot i mod 8, whatever the lanes. */
    static final int SLOTS = 8;
    /** Groups of {@value #SLOTS} observations per block: the buffers of a block stay in L1. */
    private static final int BLOCK_GROUPS = 8;
    /** Observations per block. */
    static final int BLOCK = BLOCK_GROUPS * SLOTS;

    private static final VectorSpecies<Double> SPECIES = species();
    private static final int LANES = SPECIES.length();

    /** log2(e), and 1.5 · 2⁵²: adding it rounds to an integer held in the low bits. */
    private static final double LOG2E = 1.4426950408889634;
    private static final double ROUNDING_SHIFT = 0x1.8p52;
    /** ln 2 in two parts (fdlibm's): k · LN2_HIGH is exact for |k| < 2²⁰. */
    private static final double LN2_HIGH = 6.93147180369123816490e-01;
    private static final double LN2_LOW = 1.90821492927058770002e-10;
    /**
     * e^r ≈ Σ P_n r^n on |r| ≤ ½ ln 2: the degree-11 Chebyshev fit of e^r (mpmath's chebyfit at
     * 50 digits), whose error with these rounded coefficients is below 1.7e-17 relative, a
     * sixth of an ulp; the Taylor series needs degree 13 for as much. P0 and P1 round to 1.0,
     * so the evaluation writes them as 1 and r.
     */
    private static final double P2 = 0.5000000000000019;
    private static final double P3 = 0.1666666666666668;
    private static final double P4 = 0.0416666666664881;
    private static final double P5 = 0.008333333333319601;
    private static final double P6 = 0.0013888888952314775;
    private static final double P7 = 0.00019841269890047113;
    private static final double P8 = 2.480148548232849e-05;
    private static final double P9 = 2.755724091857897e-06;
    private static final double P10 = 2.7632639639041463e-07;
    private static final double P11 = 2.511003760596411e-08;
    /** The bits of 1.0: adding k · 2⁵² to them gives the bits of 2^k. */
    private static final long ONE_BITS = Double.doubleToRawLongBits(1.0);
    /** The bits of {@link #ROUNDING_SHIFT}: adding a small integer to them adds it to the double. */
    private static final long ROUNDING_SHIFT_BITS = Double.doubleToRawLongBits(ROUNDING_SHIFT);
    private static final long MANTISSA_BITS = 0x000f_ffff_ffff_ffffL;
    private static final double SQRT2 = 1.4142135623730951;
    /** fdlibm's e_log.c: log(1 + f) = f − ½f² + s(½f² + Σ Lg_i s^{2i}), s = f/(2 + f). */
    private static final double LG1 = 6.666666666666735130e-01;
    private static final double LG2 = 3.999999999940941908e-01;
    private static final double LG3 = 2.857142874366239149e-01;
    private static final double LG4 = 2.222219843214978396e-01;
    private static final double LG5 = 1.818357216161805012e-01;
    private static final double LG6 = 1.531383769920937332e-01;
    private static final double LG7 = 1.479819860511658591e-01;

    private static final ThreadLocal<Workspace> WORKSPACES = ThreadLocal.withInitial(Workspace::new);

    private final double[] slope;
    private final double[] offset;
    private final double cutoff;
    /** Blocks between renormalisations of the products of Z. */
    private final int blocksPerRenormalisation;
    private final KnownVarianceLocalStep scalar;

    VectorKnownVarianceLocalStep(double[] slope, double[] offset) {
        this.slope = slope;
        this.offset = offset;
        this.cutoff = NegligibleTerms.cutoff(slope.length);
        // Each Z is at most K (its largest term is 1), so a slot's product grows by at most
        // log2 K + 1 bits per group of SLOTS observations, BLOCK_GROUPS groups per block;
        // renormalised from [1, 2), it stays below 2^961 (the extra block is the tail's).
        double bits = BLOCK_GROUPS * (Math.log(slope.length) / Math.log(2.0) + 1.0);
        this.blocksPerRenormalisation = Math.max(1, (int) (960.0 / bits) - 1);
        this.scalar = new KnownVarianceLocalStep(slope, offset);
    }

    /**
     * Returns the number of doubles in the vectors this step uses: the CPU's preferred width,
     * at most {@value #SLOTS}. Touching it loads the vector module, so callers catch
     * {@link LinkageError}.
     */
    static int lanes() {
        return LANES;
    }

    /** The CPU's preferred vectors of doubles, or 8-lane ones where those hold more. */
    static VectorSpecies<Double> species() {
        VectorSpecies<Double> preferred = DoubleVector.SPECIES_PREFERRED;
        return preferred.length() <= SLOTS ? preferred : DoubleVector.SPECIES_512;
    }

    @Override
    public void accumulate(double[] data, int from, int to, SufficientStatistics into) {
        final int k = slope.length;
        Workspace w = WORKSPACES.get();
        w.reset(k);
        int n = to - from;
        int blocks = n / BLOCK;
        int sinceRenormalised = 0;
        for (int b = 0; b < blocks; b++) {
            block(data, from + b * BLOCK, BLOCK_GROUPS, w.ones, w);
            if (++sinceRenormalised == blocksPerRenormalisation) {
                w.renormalise();
                sinceRenormalised = 0;
            }
        }
        int rest = n - blocks * BLOCK;
        if (rest > 0) {
            // The last observations, padded to whole groups with zeros whose lane weight 0 keeps
            // them out of every sum: the same arithmetic as a full block, no scalar tail.
            System.arraycopy(data, from + blocks * BLOCK, w.tail, 0, rest);
            java.util.Arrays.fill(w.tail, rest, BLOCK, 0.0);
            java.util.Arrays.fill(w.tailWeight, 0, rest, 1.0);
            java.util.Arrays.fill(w.tailWeight, rest, BLOCK, 0.0);
            block(w.tail, 0, (rest + SLOTS - 1) / SLOTS, w.tailWeight, w);
        }
        boolean allFinite = true;
        for (int l = 0; l < LANES; l++) {
            // x · 0 is 0 for every finite x and NaN otherwise.
            allFinite &= w.invalid[l] == 0.0;
        }
        if (!allFinite) {
            // Refuse the first non-finite observation, as the scalar path does, before touching into.
            for (int i = from; i < to; i++) {
                KnownVarianceGaussianMixture.requireFinite(data[i], i);
            }
        }
        into.add(w.counts(k), w.moments(k), w.logNormalisers() - w.weightedLogits(), n);
    }

    /**
     * Runs one block: {@code groups} groups of {@value #SLOTS} observations from
     * {@code x[start]}, added to the workspace's slots. First, per vector of observations, the
     * logits, their maximum, the clamped shifted logits and the exponentials, kept in the block's
     * buffers, and Z; then, per component, the sums, with each slot's accumulators in registers
     * for the whole block (stores per observation and component would bound the loop). One flat
     * method: vectors passed between methods that C2 does not inline would be boxed.
     */
    private void block(double[] x, int start, int groups, double[] laneWeight, Workspace w) {
        final int k = slope.length;
        final int size = groups * SLOTS;
        final double[] a = slope;
        final double[] b = offset;
        final double[] clamped = w.clamped;
        final double[] terms = w.terms;
        final double[] inverses = w.inverses;
        final double[] mantissa = w.mantissa;
        final double[] error = w.error;
        final DoubleVector cut = DoubleVector.broadcast(SPECIES, cutoff);
        DoubleVector invalid = DoubleVector.fromArray(SPECIES, w.invalid, 0);
        for (int v = 0; v < size; v += LANES) {
            final DoubleVector xv = DoubleVector.fromArray(SPECIES, x, start + v);
            invalid = invalid.add(xv.mul(0.0));
            // The maximum by compare and blend: Vector max keeps Math.max's rules for NaN and
            // −0.0 at the cost of several instructions. Neither matters here: a NaN comes only
            // from a non-finite observation, which is refused below, and −0.0 equals 0.0.
            DoubleVector max = xv.fma(a[0], b[0]);
            for (int j = 1; j < k; j++) {
                DoubleVector logit = xv.fma(a[j], b[j]);
                max = max.blend(logit, max.compare(VectorOperators.LT, logit));
            }
            DoubleVector z = DoubleVector.zero(SPECIES);
            for (int j = 0; j < k; j++) {
                DoubleVector s = xv.fma(a[j], b[j]).sub(max);
                // Below the cutoff the term is dropped, as NegligibleTerms drops it; the clamp
                // keeps the exponent in range and φ·s finite (φ is then 0).
                VectorMask<Double> negligible = s.compare(VectorOperators.LT, cut);
                DoubleVector sc = s.blend(cut, negligible);
                sc.intoArray(clamped, j * BLOCK + v);
                DoubleVector term = exp(sc).blend(0.0, negligible);
                term.intoArray(terms, j * BLOCK + v);
                z = z.add(term);
            }
            final DoubleVector weight = DoubleVector.fromArray(SPECIES, laneWeight, v);
            // 1/Z for observations, 0 for padding: a padded lane adds exact zeros below.
            weight.div(z).intoArray(inverses, v);
            // Π Z with the rounding error of each product found exactly by fma (LogProduct's
            // scheme), per slot; a padded lane multiplies by 1.
            final int h = v % SLOTS;
            DoubleVector factor = z.blend(1.0, weight.compare(VectorOperators.EQ, 0.0));
            DoubleVector m = DoubleVector.fromArray(SPECIES, mantissa, h);
            DoubleVector product = m.mul(factor);
            DoubleVector e = DoubleVector.fromArray(SPECIES, error, h).fma(factor, m.fma(factor, product.neg()));
            product.intoArray(mantissa, h);
            e.intoArray(error, h);
        }
        invalid.intoArray(w.invalid, 0);
        final double[] counts = w.counts;
        final double[] first = w.first;
        final double[] second = w.second;
        final double[] weighted = w.weighted;
        for (int j = 0; j < k; j++) {
            final int row = j * BLOCK;
            for (int h = 0; h < SLOTS; h += LANES) {
                final int o = j * SLOTS + h;
                DoubleVector count = DoubleVector.fromArray(SPECIES, counts, o);
                DoubleVector sum = DoubleVector.fromArray(SPECIES, first, o);
                DoubleVector squares = DoubleVector.fromArray(SPECIES, second, o);
                DoubleVector weightedLogit = DoubleVector.fromArray(SPECIES, weighted, h);
                for (int v = h; v < size; v += SLOTS) {
                    DoubleVector xv = DoubleVector.fromArray(SPECIES, x, start + v);
                    DoubleVector phi = DoubleVector.fromArray(SPECIES, terms, row + v)
                            .mul(DoubleVector.fromArray(SPECIES, inverses, v));
                    count = count.add(phi);
                    DoubleVector phiX = phi.mul(xv);
                    sum = sum.add(phiX);
                    squares = phiX.fma(xv, squares);
                    weightedLogit = phi.fma(DoubleVector.fromArray(SPECIES, clamped, row + v), weightedLogit);
                }
                count.intoArray(counts, o);
                sum.intoArray(first, o);
                squares.intoArray(second, o);
                weightedLogit.intoArray(weighted, h);
            }
        }
    }

    /**
     * e<sup>s</sup> lane by lane for s in [−60, 0] (the clamped shifted logits): Tang's reduction
     * s = k·ln 2 + r, |r| ≤ ½ ln 2, with ln 2 in two parts so that r is exact; e<sup>r</sup> by a
     * polynomial of degree 11 evaluated by Estrin's scheme (five fused multiply-adds deep rather
     * than eleven: the loop is bound by latency); 2<sup>k</sup> written into the exponent bits.
     * Within one ulp of e<sup>s</sup> ({@code VectorLocalStepTest} checks it against
     * {@code StrictMath.exp}). Small enough for C2 to inline, so no vector is boxed.
     */
    static DoubleVector exp(DoubleVector s) {
        DoubleVector y = s.fma(DoubleVector.broadcast(SPECIES, LOG2E), DoubleVector.broadcast(SPECIES, ROUNDING_SHIFT));
        DoubleVector k = y.sub(ROUNDING_SHIFT);
        DoubleVector r = k.fma(DoubleVector.broadcast(SPECIES, -LN2_HIGH), s);
        r = k.fma(DoubleVector.broadcast(SPECIES, -LN2_LOW), r);
        DoubleVector r2 = r.mul(r);
        DoubleVector r4 = r2.mul(r2);
        DoubleVector r8 = r4.mul(r4);
        // e^r − 1 = r + r² Q(r), Q of degree 9 by Estrin's scheme; 1 is added last, in the
        // final fma with the scale, so that its rounding is the only one at the result's scale.
        DoubleVector q0 = r2.fma(r.fma(P5, P4), r.fma(P3, P2));
        DoubleVector q1 = r2.fma(r.fma(P9, P8), r.fma(P7, P6));
        DoubleVector q = r8.fma(r.fma(P11, P10), r4.fma(q1, q0));
        DoubleVector expm1 = r2.fma(q, r);
        // k sits in the low bits of y; shifted into the exponent field of 1.0 it makes 2^k.
        DoubleVector scale = y.reinterpretAsLongs().lanewise(VectorOperators.LSHL, 52).add(ONE_BITS).reinterpretAsDoubles();
        return scale.fma(expm1, scale);
    }

    /**
     * log z lane by lane for z ≥ 1 finite (the sums of a predictive's shifted terms, Z ∈ [1, K]):
     * fdlibm's {@code e_log.c} method. z = 2<sup>k</sup>·m with m in [√½, √2), f = m − 1,
     * s = f/(2 + f), so that log m = 2 atanh s = f − ½f² + s(½f² + R(s²)), R of degree 7 in s²
     * (fdlibm's Lg1..Lg7, error below 2<sup>−58</sup>), plus k·ln 2 in two parts. k comes from the
     * exponent bits and is made a double by adding and subtracting 1.5 · 2⁵², so the
     * long-to-double conversion that AVX2 lacks is not needed. Only IEEE additions,
     * multiplications, fused multiply-adds and one division: the same bits on every CPU, width and
     * in the interpreter. Within one ulp of {@code StrictMath.log} ({@code VectorLocalStepTest}).
     */
    static DoubleVector log(DoubleVector z) {
        LongVector bits = z.reinterpretAsLongs();
        DoubleVector m = bits.and(MANTISSA_BITS).or(ONE_BITS).reinterpretAsDoubles();
        DoubleVector k = bits.lanewise(VectorOperators.LSHR, 52).add(ROUNDING_SHIFT_BITS).reinterpretAsDoubles()
                .sub(ROUNDING_SHIFT + 1023.0);
        VectorMask<Double> high = m.compare(VectorOperators.GT, SQRT2);
        m = m.blend(m.mul(0.5), high);
        k = k.blend(k.add(1.0), high);
        DoubleVector f = m.sub(1.0);
        DoubleVector s = f.div(f.add(2.0));
        DoubleVector s2 = s.mul(s);
        DoubleVector s4 = s2.mul(s2);
        DoubleVector t1 = s4.mul(s4.fma(s4.fma(LG6, LG4), DoubleVector.broadcast(SPECIES, LG2)));
        DoubleVector t2 = s2.mul(s4.fma(s4.fma(s4.fma(LG7, LG5), DoubleVector.broadcast(SPECIES, LG3)),
                DoubleVector.broadcast(SPECIES, LG1)));
        DoubleVector r = t2.add(t1);
        DoubleVector halfSquare = f.mul(f).mul(0.5);
        DoubleVector inner = k.fma(DoubleVector.broadcast(SPECIES, LN2_LOW), s.mul(halfSquare.add(r)));
        return k.fma(DoubleVector.broadcast(SPECIES, LN2_HIGH), halfSquare.sub(inner).sub(f).neg());
    }

    /** Writes log z for each {@code z[i]} ≥ 1 by {@link #log(DoubleVector)}; for tests. */
    static void log(double[] z, double[] out) {
        for (int i = 0; i < z.length; i += LANES) {
            log(DoubleVector.fromArray(SPECIES, z, i)).intoArray(out, i);
        }
    }

    /**
     * Writes e<sup>s</sup> for each {@code s[i]} in [−60, 0] by {@link #exp(DoubleVector)}; for
     * tests. {@code s.length} must be a multiple of {@value #SLOTS}.
     */
    static void exp(double[] s, double[] out) {
        for (int i = 0; i < s.length; i += LANES) {
            exp(DoubleVector.fromArray(SPECIES, s, i)).intoArray(out, i);
        }
    }

    @Override
    public void responsibilities(double[] data, int index, double[] out) {
        // One observation: no lanes to fill. The scalar path's φ, equal to the vector path's
        // to rounding.
        scalar.responsibilities(data, index, out);
    }

    /** One thread's working arrays, grown to the largest K it has seen. */
    private static final class Workspace {

        private final double[] ones = new double[BLOCK];
        private final double[] tail = new double[BLOCK];
        private final double[] tailWeight = new double[BLOCK];
        private final double[] inverses = new double[BLOCK];
        private final double[] weighted = new double[SLOTS];
        private final double[] mantissa = new double[SLOTS];
        private final double[] error = new double[SLOTS];
        private final long[] exponent = new long[SLOTS];
        private final double[] invalid = new double[LANES];
        private double[] clamped = new double[0];
        private double[] terms = new double[0];
        private double[] counts = new double[0];
        private double[] first = new double[0];
        private double[] second = new double[0];

        Workspace() {
            java.util.Arrays.fill(ones, 1.0);
        }

        void reset(int k) {
            if (counts.length < k * SLOTS) {
                clamped = new double[k * BLOCK];
                terms = new double[k * BLOCK];
                counts = new double[k * SLOTS];
                first = new double[k * SLOTS];
                second = new double[k * SLOTS];
            }
            java.util.Arrays.fill(counts, 0, k * SLOTS, 0.0);
            java.util.Arrays.fill(first, 0, k * SLOTS, 0.0);
            java.util.Arrays.fill(second, 0, k * SLOTS, 0.0);
            java.util.Arrays.fill(weighted, 0.0);
            java.util.Arrays.fill(mantissa, 1.0);
            java.util.Arrays.fill(error, 0.0);
            java.util.Arrays.fill(exponent, 0L);
            java.util.Arrays.fill(invalid, 0.0);
        }

        /** Moves each slot's binary exponent out of its product: exact. */
        void renormalise() {
            for (int s = 0; s < SLOTS; s++) {
                int e = Math.getExponent(mantissa[s]);
                mantissa[s] = Math.scalb(mantissa[s], -e);
                error[s] = Math.scalb(error[s], -e);
                exponent[s] += e;
            }
        }

        double[] counts(int k) {
            double[] out = new double[k];
            for (int j = 0; j < k; j++) {
                out[j] = slotSum(counts, j * SLOTS);
            }
            return out;
        }

        /** Per component (Σφx, Σφx²), the layout of {@link KnownVarianceGaussianMixture}. */
        double[] moments(int k) {
            double[] out = new double[2 * k];
            for (int j = 0; j < k; j++) {
                out[2 * j] = slotSum(first, j * SLOTS);
                out[2 * j + 1] = slotSum(second, j * SLOTS);
            }
            return out;
        }

        double weightedLogits() {
            return slotSum(weighted, 0);
        }

        double logNormalisers() {
            double sum = 0.0;
            for (int s = 0; s < SLOTS; s++) {
                sum += LogProduct.log(mantissa[s], error[s], exponent[s]);
            }
            return sum;
        }

        private static double slotSum(double[] values, int offset) {
            double sum = 0.0;
            for (int s = 0; s < SLOTS; s++) {
                sum += values[offset + s];
            }
            return sum;
        }
    }
}
