package vistream.core.mixture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;
import static vistream.core.Rejections.assertMessage;
import static vistream.core.Tolerance.assertRelativelyClose;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import vistream.core.numeric.SpecialFunctions;

/**
 * The blocked local step of the Gaussian–Wishart mixture ({@link ObservationBlock}) against the
 * local step written plainly, one observation at a time, in this test; and against itself taken
 * one observation at a time, bit for bit.
 */
class GaussianWishartLocalStepTest {

    /**
     * Both sides compute the same sums in different orders and with different kernels (the
     * reference solves with pivoted LU and takes every exponential with {@code Math.exp}; the local
     * step uses the Cholesky factor, {@code FastExp} within one ulp, and drops terms below 2⁻⁵⁴/K
     * of the normaliser): they differ by a few rounding errors per observation, about 1e-15 of
     * each sum, and the responsibilities dropped add at most n · 2⁻⁵⁴ ≈ 1e-13 to a count.
     */
    private static final double AGREEMENT = 1e-12;

    /** Where each range starts: not at 0, so that the step reads the data at an offset. */
    private static final int FROM = 11;

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (int d : new int[] {1, 2, 3, 8, 32}) {
            int block = ObservationBlock.capacity(d);
            for (int k : new int[] {1, 5}) {
                // Smaller than a block; exactly one block; three blocks and a short one.
                for (int length : new int[] {5, block, 3 * block + 17}) {
                    out.add(Arguments.of(d, k, length));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "D = {0}, K = {1}, {2} observations")
    @MethodSource("cases")
    void agreesWithThePlainLocalStepOnTheStatisticsAndTheElbo(int d, int k, int length) {
        double[] data = mixtureData(new SplittableRandom(31L * d + k), FROM + length + 7, d, k);
        GaussianWishartMixture model = new GaussianWishartMixture(k, GaussianWishartPrior.defaults(data, d, k));
        NaturalParameters posterior = softPosterior(model, data, d, k);

        SufficientStatistics blocked = model.newStatistics();
        // Two calls, the first ending inside a block, as chunks of a larger batch would.
        int split = FROM + Math.min(length, 7);
        model.localStep(posterior).accumulate(data, FROM, split, blocked);
        model.localStep(posterior).accumulate(data, split, FROM + length, blocked);
        SufficientStatistics plain = plainLocalStep(model, posterior, data, FROM, FROM + length);

        String what = "D = " + d + ", K = " + k + ", n = " + length;
        assertEquals(plain.observations(), blocked.observations(), what);
        assertClose(plain, blocked, data, FROM, FROM + length, model.priorSettings().mean0(), what);
        assertRelativelyClose(model.elbo(model.globalStep(plain, 1.0), plain),
                model.elbo(model.globalStep(blocked, 1.0), blocked), AGREEMENT, what + ": ELBO");
    }

    @Test
    void blocksGiveTheSumsOfSingleObservationsBitForBit() {
        // A call of one observation makes a block of one; a call of many, blocks of the full size.
        // Counts and moments take their terms in the same order either way, so they agree exactly;
        // the entropy's Σ log Z_i is one logarithm per call, so it agrees to rounding. D = 15 and 16
        // are either side of the dimension where the moments' kernel changes.
        for (int d : new int[] {2, 3, 8, 15, 16, 32}) {
            int n = 2 * ObservationBlock.capacity(d) + 9;
            double[] data = mixtureData(new SplittableRandom(d), n, d, 4);
            GaussianWishartMixture model = new GaussianWishartMixture(4, GaussianWishartPrior.defaults(data, d, 4));
            LocalStep step = model.localStep(softPosterior(model, data, d, 4));
            SufficientStatistics together = model.newStatistics();
            step.accumulate(data, 0, n, together);
            SufficientStatistics oneByOne = model.newStatistics();
            for (int i = 0; i < n; i++) {
                step.accumulate(data, i, i + 1, oneByOne);
            }
            assertArrayEquals(oneByOne.counts(), together.counts(), 0.0, "D = " + d + ": counts");
            for (int j = 0; j < together.momentsLength(); j++) {
                assertEquals(oneByOne.moment(j), together.moment(j), 0.0, "D = " + d + ": moment " + j);
            }
            assertRelativelyClose(oneByOne.entropy(), together.entropy(), 1e-13, "D = " + d + ": entropy");
        }
    }

    @Test
    void aValueThatIsNotFiniteInALaterBlockIsNamedAndLeavesTheStatisticsUnchanged() {
        int d = 8;
        int n = 3 * ObservationBlock.capacity(d);
        double[] data = mixtureData(new SplittableRandom(4), n, d, 3);
        GaussianWishartMixture model = new GaussianWishartMixture(3, GaussianWishartPrior.defaults(data, d, 3));
        LocalStep step = model.localStep(softPosterior(model, data, d, 3));
        int bad = ObservationBlock.capacity(d) + 40;
        data[bad * d + 5] = Double.NEGATIVE_INFINITY;
        SufficientStatistics s = model.newStatistics();
        assertMessage("observation " + bad + " has value -Infinity in dimension 5",
                () -> step.accumulate(data, 0, n, s));
        assertEquals(0, s.observations());
        assertArrayEquals(new double[3], s.counts(), 0.0);
    }

    /**
     * The local step as its equations read (MATHS.md §4 and §6; Bishop 2006 eq. 10.46, 10.49,
     * 10.64–10.66 and 10.51–10.53 unnormalised), one observation at a time: logits
     * E[log π_k] + ½ E[log |Λ_k|] − D/(2β_k) − (D/2) log 2π − (ν_k/2)(x − m_k)ᵀ W_k (x − m_k) with
     * the quadratic form and log |W_k⁻¹| from a pivoted LU factor of W_k⁻¹, responsibilities by
     * {@code Math.exp} of every shifted logit, the entropy as −Σ φ log φ, and the moments of the
     * centred data summed over the full D × D square.
     */
    private static SufficientStatistics plainLocalStep(GaussianWishartMixture model, NaturalParameters posterior,
            double[] data, int from, int to) {
        assertEquals(WeightPrior.DIRICHLET, model.weightPrior(), "the reference reads Dirichlet weights");
        int k = model.components();
        int d = model.dimension();
        double[] m0 = model.priorSettings().mean0();
        GaussianWishartMixture.Component[] components = model.expectations(posterior);
        double alphaTotal = 0.0;
        for (int c = 0; c < k; c++) {
            alphaTotal += posterior.get(c); // Dirichlet weights: the block starts with α_1..α_K
        }
        double[] constant = new double[k];
        Lu[] scales = new Lu[k];
        for (int c = 0; c < k; c++) {
            GaussianWishartMixture.Component p = components[c];
            scales[c] = new Lu(p.inverseScale(), d);
            double eLogDet = d * Math.log(2.0) - scales[c].logAbsDeterminant();
            for (int i = 1; i <= d; i++) {
                eLogDet += SpecialFunctions.digamma((p.nu() + 1 - i) / 2);
            }
            double eLogPi = SpecialFunctions.digamma(posterior.get(c)) - SpecialFunctions.digamma(alphaTotal);
            constant[c] = eLogPi + 0.5 * eLogDet - d / (2 * p.beta()) - 0.5 * d * Math.log(2 * Math.PI);
        }
        double[] counts = new double[k];
        double[] moments = new double[k * (d + d * d)];
        double entropy = 0.0;
        double[] x = new double[d];
        double[] diff = new double[d];
        double[] logits = new double[k];
        for (int i = from; i < to; i++) {
            for (int a = 0; a < d; a++) {
                x[a] = data[i * d + a] - m0[a];
            }
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                for (int a = 0; a < d; a++) {
                    diff[a] = x[a] - components[c].mean()[a];
                }
                double[] y = scales[c].solve(diff);
                double form = 0.0;
                for (int a = 0; a < d; a++) {
                    form += diff[a] * y[a];
                }
                logits[c] = constant[c] - 0.5 * components[c].nu() * form;
                max = Math.max(max, logits[c]);
            }
            double z = 0.0;
            for (int c = 0; c < k; c++) {
                z += Math.exp(logits[c] - max);
            }
            for (int c = 0; c < k; c++) {
                double phi = Math.exp(logits[c] - max) / z;
                if (phi > 0) {
                    entropy -= phi * Math.log(phi);
                }
                counts[c] += phi;
                int o = c * (d + d * d);
                for (int a = 0; a < d; a++) {
                    moments[o + a] += phi * x[a];
                    for (int b = 0; b < d; b++) {
                        moments[o + d + a * d + b] += phi * x[a] * x[b];
                    }
                }
            }
        }
        SufficientStatistics out = model.newStatistics();
        out.add(counts, moments, entropy, to - from);
        return out;
    }

    /**
     * Compares each statistic relative to its own scale, or to one observation's worth of it where
     * that is larger: the local step drops responsibilities below 2⁻⁵⁴/K of an observation's
     * normaliser, which is small in absolute terms, not relative to a component that explains
     * almost nothing. A count's scale is itself or 1; Σφ x'_a's is √(N Q_aa) and Σφ x'_a x'_b's is
     * √(Q_aa Q_bb) (the Cauchy–Schwarz bounds of the sums of |terms| whose rounding they carry), with
     * N at least 1 and Q_aa = Σφ x'_a² at least the mean of x'_a² over the observations; the
     * entropy's is itself or one nat.
     */
    private static void assertClose(SufficientStatistics expected, SufficientStatistics actual, double[] data,
            int from, int to, double[] m0, String what) {
        int d = m0.length;
        double[] meanSquare = new double[d];
        for (int i = from; i < to; i++) {
            for (int a = 0; a < d; a++) {
                double x = data[i * d + a] - m0[a];
                meanSquare[a] += x * x / (to - from);
            }
        }
        int stride = d + d * d;
        for (int c = 0; c < expected.components(); c++) {
            double n = Math.max(expected.count(c), 1.0);
            within(expected.count(c), actual.count(c), n, what + ": count " + c);
            int o = c * stride;
            for (int a = 0; a < d; a++) {
                double qaa = Math.max(expected.moment(o + d + a * d + a), meanSquare[a]);
                within(expected.moment(o + a), actual.moment(o + a), Math.sqrt(n * qaa), what + ": S[" + c + "][" + a + "]");
                for (int b = 0; b < d; b++) {
                    double qbb = Math.max(expected.moment(o + d + b * d + b), meanSquare[b]);
                    int j = o + d + a * d + b;
                    within(expected.moment(j), actual.moment(j), Math.sqrt(qaa * qbb),
                            what + ": Q[" + c + "][" + a + "][" + b + "]");
                }
            }
        }
        within(expected.entropy(), actual.entropy(), Math.max(expected.entropy(), 1.0), what + ": entropy");
    }

    private static void within(double expected, double actual, double scale, String what) {
        if (!(Math.abs(expected - actual) <= AGREEMENT * scale)) {
            fail(what + ": expected " + expected + " but got " + actual + ", " + Math.abs(expected - actual) / scale
                    + " of its scale " + scale + " (more than " + AGREEMENT + ")");
        }
    }

    /**
     * A posterior whose responsibilities overlap: the hard assignment to the true centres, one
     * global step, then one CAVI iteration, so that every component explains a share of every
     * neighbouring cluster.
     */
    private static NaturalParameters softPosterior(GaussianWishartMixture model, double[] data, int d, int k) {
        double[] centres = new double[k * d];
        for (int c = 0; c < k; c++) {
            for (int a = 0; a < d; a++) {
                centres[c * d + a] = data[c * d + a];
            }
        }
        NaturalParameters start = model.initialPosterior(data, centres, 1.0);
        SufficientStatistics s = model.newStatistics();
        model.localStep(start).accumulate(data, 0, data.length / d, s);
        return model.globalStep(s, 1.0);
    }

    /**
     * n observations from k clusters whose centres are 1.5 apart per coordinate on average, with
     * correlated coordinates (x_a = c_a + z_a + ½ z_{a−1}); observation c is drawn from cluster c,
     * so that the first k observations seed one centre each.
     */
    private static double[] mixtureData(SplittableRandom random, int n, int d, int k) {
        double[] centres = new double[k * d];
        for (int j = 0; j < centres.length; j++) {
            centres[j] = 1.5 * random.nextGaussian();
        }
        double[] x = new double[n * d];
        for (int i = 0; i < n; i++) {
            int c = i < k ? i : random.nextInt(k);
            double previous = 0.0;
            for (int a = 0; a < d; a++) {
                double z = random.nextGaussian();
                x[i * d + a] = centres[c * d + a] + z + 0.5 * previous;
                previous = z;
            }
        }
        return x;
    }

    /** A square matrix's LU factorisation with partial pivoting (Golub & Van Loan, Algorithm 3.4.1). */
    private static final class Lu {
        private final double[] lu;
        private final int[] pivot;
        private final int d;

        Lu(double[] a, int d) {
            this.d = d;
            this.lu = a.clone();
            this.pivot = new int[d];
            for (int j = 0; j < d; j++) {
                int p = j;
                for (int i = j + 1; i < d; i++) {
                    if (Math.abs(lu[i * d + j]) > Math.abs(lu[p * d + j])) {
                        p = i;
                    }
                }
                pivot[j] = p;
                for (int c = 0; c < d; c++) {
                    double t = lu[j * d + c];
                    lu[j * d + c] = lu[p * d + c];
                    lu[p * d + c] = t;
                }
                for (int i = j + 1; i < d; i++) {
                    double f = lu[i * d + j] / lu[j * d + j];
                    lu[i * d + j] = f;
                    for (int c = j + 1; c < d; c++) {
                        lu[i * d + c] -= f * lu[j * d + c];
                    }
                }
            }
        }

        double logAbsDeterminant() {
            double sum = 0.0;
            for (int i = 0; i < d; i++) {
                sum += Math.log(Math.abs(lu[i * d + i]));
            }
            return sum;
        }

        /** Returns A⁻¹ b. */
        double[] solve(double[] b) {
            double[] y = b.clone();
            for (int j = 0; j < d; j++) {
                double t = y[j];
                y[j] = y[pivot[j]];
                y[pivot[j]] = t;
            }
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < i; j++) {
                    y[i] -= lu[i * d + j] * y[j];
                }
            }
            for (int i = d - 1; i >= 0; i--) {
                for (int j = i + 1; j < d; j++) {
                    y[i] -= lu[i * d + j] * y[j];
                }
                y[i] /= lu[i * d + i];
            }
            return y;
        }
    }
}
