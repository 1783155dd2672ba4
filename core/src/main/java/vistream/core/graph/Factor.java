package vistream.core.graph;

import java.util.Arrays;
import java.util.List;

/**
 * A non-negative function of a few discrete variables, the working object of variable
 * elimination (MATHS.md §1). Values are row-major over the variables in the order held, the last
 * varying fastest, so a variable's stride is the product of the cardinalities after it.
 *
 * <p>Every operation walks its output once with an odometer and moves each input's index by
 * precomputed strides (Koller &amp; Friedman 2009, Algorithm 10.A.1): no entry is ever found by a
 * search. Values carry a power-of-two scale, {@code log2Scale}, so that long products of small
 * probabilities neither underflow nor lose a bit (scaling by 2^k is exact).
 */
final class Factor {

    /** The largest number of entries one factor may have: Java's largest array of doubles. */
    static final long MAX_ENTRIES = Integer.MAX_VALUE - 8;

    final int[] variables;
    final int[] cardinalities;
    final double[] values;
    /** The factor's true values are {@code values · 2^log2Scale}. */
    final long log2Scale;

    Factor(int[] variables, int[] cardinalities, double[] values, long log2Scale) {
        this.variables = variables;
        this.cardinalities = cardinalities;
        this.values = values;
        this.log2Scale = log2Scale;
    }

    /**
     * The factor p(v | parents(v)) of a CPT over (parents in declared order, v): exactly the
     * table's own layout (configuration-major, the last parent fastest, then v's state), so the
     * table is shared, not copied.
     */
    static Factor of(NetworkStructure structure, int v, ConditionalProbabilityTable cpt) {
        int[] parents = structure.parents(v);
        int[] scope = Arrays.copyOf(parents, parents.length + 1);
        scope[parents.length] = v;
        int[] cards = new int[scope.length];
        for (int i = 0; i < scope.length; i++) {
            cards[i] = structure.cardinality(scope[i]);
        }
        return new Factor(scope, cards, cpt.entries(), 0);
    }

    /** @return the number of entries, Π cardinalities */
    int size() {
        return values.length;
    }

    /**
     * This factor with observed variables fixed to their states: a slice, over the unobserved
     * variables only.
     *
     * @param evidence each variable's observed state, or −1 where unobserved
     */
    Factor reduce(int[] evidence) {
        int kept = 0;
        for (int v : variables) {
            if (evidence[v] < 0) {
                kept++;
            }
        }
        if (kept == variables.length) {
            return this;
        }
        int[] strides = strides(cardinalities);
        int[] scope = new int[kept];
        int[] cards = new int[kept];
        int[] keptStrides = new int[kept];
        int offset = 0;
        for (int i = 0, j = 0; i < variables.length; i++) {
            int state = evidence[variables[i]];
            if (state < 0) {
                scope[j] = variables[i];
                cards[j] = cardinalities[i];
                keptStrides[j++] = strides[i];
            } else {
                offset += state * strides[i];
            }
        }
        double[] out = new double[checkedSize(cards)];
        int[] digits = new int[kept];
        int at = offset;
        for (int o = 0; o < out.length; o++) {
            out[o] = values[at];
            for (int i = kept - 1; i >= 0; i--) {
                at += keptStrides[i];
                if (++digits[i] < cards[i]) {
                    break;
                }
                at -= cards[i] * keptStrides[i];
                digits[i] = 0;
            }
        }
        return rescaled(scope, cards, out, log2Scale);
    }

    /**
     * The fused step of variable elimination: Π of the factors, summed or maximised over one
     * variable, without ever building the product over that variable. With {@code eliminated} −1,
     * the plain product over {@code scope}.
     *
     * @param factors    the factors to combine; every variable of theirs is in scope or eliminated
     * @param scope      the result's variables
     * @param scopeCards their cardinalities
     * @param eliminated the variable summed or maximised out, or −1
     * @param eliminatedCard its cardinality (1 when none)
     * @param maximise   max-product rather than sum-product
     * @param argmax     when maximising, receives the maximising state per result entry; else null
     * @return the combined factor, rescaled by a power of two so its largest entry is in [1/2, 1)
     */
    static Factor combine(List<Factor> factors, int[] scope, int[] scopeCards, int eliminated, int eliminatedCard,
                          boolean maximise, int[] argmax) {
        int m = factors.size();
        int n = scope.length;
        // strides[j][i]: how far factor j's index moves when result digit i moves (0 if absent).
        int[][] strides = new int[m][n];
        int[] eliminatedStride = new int[m];
        double[][] values = new double[m][];
        long log2Scale = 0;
        for (int j = 0; j < m; j++) {
            Factor f = factors.get(j);
            values[j] = f.values;
            log2Scale += f.log2Scale;
            int[] own = strides(f.cardinalities);
            for (int k = 0; k < f.variables.length; k++) {
                int at = indexOf(scope, f.variables[k]);
                if (at >= 0) {
                    strides[j][at] = own[k];
                } else if (f.variables[k] == eliminated) {
                    eliminatedStride[j] = own[k];
                } else {
                    throw new IllegalStateException("variable " + f.variables[k] + " is neither kept nor eliminated");
                }
            }
        }
        double[] out = new double[checkedSize(scopeCards)];
        if (eliminated >= 0 && !maximise && m == 2) {
            sumOfTwo(values[0], values[1], strides[0], strides[1], eliminatedStride[0], eliminatedStride[1],
                    eliminatedCard, scopeCards, out);
            return rescaled(scope, scopeCards, out, log2Scale);
        }
        if (eliminated >= 0 && !maximise && m == 3) {
            sumOfThree(values, strides, eliminatedStride, eliminatedCard, scopeCards, out);
            return rescaled(scope, scopeCards, out, log2Scale);
        }
        int[] index = new int[m];
        int[] digits = new int[n];
        for (int o = 0; o < out.length; o++) {
            if (eliminated < 0) {
                double p = 1.0;
                for (int j = 0; j < m; j++) {
                    p *= values[j][index[j]];
                }
                out[o] = p;
            } else {
                double best = maximise ? -1.0 : 0.0;
                int bestState = 0;
                for (int s = 0; s < eliminatedCard; s++) {
                    double p = 1.0;
                    for (int j = 0; j < m; j++) {
                        p *= values[j][index[j] + s * eliminatedStride[j]];
                    }
                    if (!maximise) {
                        best += p;
                    } else if (p > best) {
                        best = p;
                        bestState = s;
                    }
                }
                out[o] = best;
                if (argmax != null) {
                    argmax[o] = bestState;
                }
            }
            for (int i = n - 1; i >= 0; i--) {
                for (int j = 0; j < m; j++) {
                    index[j] += strides[j][i];
                }
                if (++digits[i] < scopeCards[i]) {
                    break;
                }
                for (int j = 0; j < m; j++) {
                    index[j] -= scopeCards[i] * strides[j][i];
                }
                digits[i] = 0;
            }
        }
        return rescaled(scope, scopeCards, out, log2Scale);
    }

    /**
     * Σ_s a[i + s·ea] · b[j + s·eb] for every output entry: the commonest step of elimination, two
     * factors and a sum, with its indices in locals so that the loop runs without array lookups
     * of the general case. The same products in the same order as the general loop.
     */
    private static void sumOfTwo(double[] a, double[] b, int[] sa, int[] sb, int ea, int eb, int r, int[] cards,
                                 double[] out) {
        int n = cards.length;
        int[] digits = new int[n];
        int i = 0;
        int j = 0;
        for (int o = 0; o < out.length; o++) {
            double sum = 0.0;
            for (int s = 0, x = i, y = j; s < r; s++, x += ea, y += eb) {
                sum += a[x] * b[y];
            }
            out[o] = sum;
            for (int d = n - 1; d >= 0; d--) {
                i += sa[d];
                j += sb[d];
                if (++digits[d] < cards[d]) {
                    break;
                }
                i -= cards[d] * sa[d];
                j -= cards[d] * sb[d];
                digits[d] = 0;
            }
        }
    }

    /** As {@link #sumOfTwo}, for three factors. */
    private static void sumOfThree(double[][] values, int[][] strides, int[] eliminatedStride, int r, int[] cards,
                                   double[] out) {
        double[] a = values[0];
        double[] b = values[1];
        double[] c = values[2];
        int[] sa = strides[0];
        int[] sb = strides[1];
        int[] sc = strides[2];
        int ea = eliminatedStride[0];
        int eb = eliminatedStride[1];
        int ec = eliminatedStride[2];
        int n = cards.length;
        int[] digits = new int[n];
        int i = 0;
        int j = 0;
        int k = 0;
        for (int o = 0; o < out.length; o++) {
            double sum = 0.0;
            for (int s = 0, x = i, y = j, z = k; s < r; s++, x += ea, y += eb, z += ec) {
                sum += a[x] * b[y] * c[z];
            }
            out[o] = sum;
            for (int d = n - 1; d >= 0; d--) {
                i += sa[d];
                j += sb[d];
                k += sc[d];
                if (++digits[d] < cards[d]) {
                    break;
                }
                i -= cards[d] * sa[d];
                j -= cards[d] * sb[d];
                k -= cards[d] * sc[d];
                digits[d] = 0;
            }
        }
    }

    /**
     * Scales values by an exact power of two so the largest lies in [1/2, 1): a product of such
     * factors cannot overflow, and underflows only for entries negligible beside its largest.
     * Zeros stay zero.
     */
    private static Factor rescaled(int[] scope, int[] cards, double[] out, long log2Scale) {
        double max = 0.0;
        for (double v : out) {
            max = Math.max(max, v);
        }
        if (max == 0.0 || !Double.isFinite(max)) {
            return new Factor(scope, cards, out, log2Scale);
        }
        int exponent = Math.getExponent(max) + 1;
        if (exponent == 0) {
            return new Factor(scope, cards, out, log2Scale);
        }
        // Math.scalb is exact while the results stay normal; subnormal inputs are far below any
        // exponent a probability factor reaches before it is rescaled here.
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.scalb(out[i], -exponent);
        }
        return new Factor(scope, cards, out, log2Scale + exponent);
    }

    /** @return the natural logarithm of this factor's sum, or −∞ if it is zero */
    double logSum() {
        double sum = 0.0;
        for (double v : values) {
            sum += v;
        }
        return Math.log(sum) + log2Scale * Math.log(2.0);
    }

    static int[] strides(int[] cards) {
        int[] strides = new int[cards.length];
        int s = 1;
        for (int i = cards.length - 1; i >= 0; i--) {
            strides[i] = s;
            s *= cards[i];
        }
        return strides;
    }

    private static int indexOf(int[] scope, int variable) {
        for (int i = 0; i < scope.length; i++) {
            if (scope[i] == variable) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The number of entries of a factor over variables of these cardinalities, saturating at
     * {@link Long#MAX_VALUE}: a product that wrapped round would look small.
     */
    static long size(int[] cards) {
        long n = 1;
        for (int c : cards) {
            n = Sizes.times(n, c);
        }
        return n;
    }

    private static int checkedSize(int[] cards) {
        long n = size(cards);
        if (n > MAX_ENTRIES) {
            throw new InferenceTooLargeException(n, MAX_ENTRIES);
        }
        return (int) n;
    }

    /** Mixed-radix digits of an index, the last fastest. */
    static void decode(long idx, int[] cards, int[] digits) {
        for (int i = cards.length - 1; i >= 0; i--) {
            digits[i] = (int) (idx % cards[i]);
            idx /= cards[i];
        }
    }
}
