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
 *
 * <p>Two representations. A <b>linear</b> factor holds values; every product that lands below
 * the smallest normal double (where it would lose bits, or vanish) marks the result
 * {@link #imprecise}. A <b>log-space</b> factor holds natural logarithms, so no product underflows
 * whatever the evidence: elimination reruns in it when a linear run was marked (a rare, slower
 * path; sums are log-sum-exp shifted by their maximum).
 */
final class Factor {

    /** The largest number of entries one factor may have: Java's largest array of doubles. */
    static final long MAX_ENTRIES = Integer.MAX_VALUE - 8;

    final int[] variables;
    final int[] cardinalities;
    final double[] values;
    /** A linear factor's true values are {@code values · 2^log2Scale}; 0 in log space. */
    final long log2Scale;
    /** Whether values are natural logarithms. */
    final boolean logSpace;
    /** Whether some product of a linear factor fell below the normal doubles on its way here. */
    final boolean imprecise;

    Factor(int[] variables, int[] cardinalities, double[] values, long log2Scale) {
        this(variables, cardinalities, values, log2Scale, false, false);
    }

    private Factor(int[] variables, int[] cardinalities, double[] values, long log2Scale, boolean logSpace,
                   boolean imprecise) {
        this.variables = variables;
        this.cardinalities = cardinalities;
        this.values = values;
        this.log2Scale = log2Scale;
        this.logSpace = logSpace;
        this.imprecise = imprecise;
    }

    /** @return this linear factor in log space: log values with the scale folded in */
    Factor toLogSpace() {
        if (logSpace) {
            return this;
        }
        double shift = log2Scale * Math.log(2.0);
        double[] logs = new double[values.length];
        for (int i = 0; i < logs.length; i++) {
            logs[i] = Math.log(values[i]) + shift;
        }
        return new Factor(variables, cardinalities, logs, 0, true, false);
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
        return logSpace ? new Factor(scope, cards, out, 0, true, false) : rescaled(scope, cards, out, log2Scale, false);
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
        boolean logSpace = !factors.isEmpty() && factors.get(0).logSpace;
        boolean imprecise = false;
        for (Factor f : factors) {
            if (f.logSpace != logSpace) {
                throw new IllegalStateException("linear and log-space factors mixed");
            }
            imprecise |= f.imprecise;
        }
        double[] out = new double[checkedSize(scopeCards)];
        if (logSpace) {
            combineLogs(values, strides, eliminatedStride, eliminated >= 0 ? eliminatedCard : 0, maximise, argmax,
                    scopeCards, out);
            return new Factor(scope, scopeCards, out, 0, true, false);
        }
        if (eliminated >= 0 && !maximise && m == 2) {
            imprecise |= sumOfTwo(values[0], values[1], strides[0], strides[1], eliminatedStride[0],
                    eliminatedStride[1], eliminatedCard, scopeCards, out);
            return rescaled(scope, scopeCards, out, log2Scale, imprecise);
        }
        if (eliminated >= 0 && !maximise && m == 3) {
            imprecise |= sumOfThree(values, strides, eliminatedStride, eliminatedCard, scopeCards, out);
            return rescaled(scope, scopeCards, out, log2Scale, imprecise);
        }
        int[] index = new int[m];
        int[] digits = new int[n];
        for (int o = 0; o < out.length; o++) {
            if (eliminated < 0) {
                double p = 1.0;
                for (int j = 0; j < m; j++) {
                    p *= values[j][index[j]];
                }
                if (p < Double.MIN_NORMAL) {
                    imprecise |= lost(p, values, index, 0, eliminatedStride);
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
                    if (p < Double.MIN_NORMAL) {
                        imprecise |= lost(p, values, index, s, eliminatedStride);
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
        return rescaled(scope, scopeCards, out, log2Scale, imprecise);
    }

    /**
     * Whether a product below the smallest normal double lost something: it did unless it is an
     * exact zero made by a zero factor (subnormals carry fewer bits; a product of non-zero
     * factors that rounds to zero has vanished).
     */
    private static boolean lost(double product, double[][] values, int[] index, int s, int[] eliminatedStride) {
        if (product != 0.0) {
            return true;
        }
        for (int j = 0; j < values.length; j++) {
            if (values[j][index[j] + s * eliminatedStride[j]] == 0.0) {
                return false;
            }
        }
        return true;
    }

    /**
     * The log-space combine: products are sums of logarithms; a sum over the eliminated variable
     * is log Σ exp(t_s) shifted by the largest t_s; a maximum keeps its argmax. With
     * {@code eliminatedCard} 0, the plain product.
     */
    private static void combineLogs(double[][] values, int[][] strides, int[] eliminatedStride, int eliminatedCard,
                                    boolean maximise, int[] argmax, int[] cards, double[] out) {
        int m = values.length;
        int n = cards.length;
        int[] index = new int[m];
        int[] digits = new int[n];
        double[] terms = new double[Math.max(1, eliminatedCard)];
        for (int o = 0; o < out.length; o++) {
            int states = Math.max(1, eliminatedCard);
            double max = Double.NEGATIVE_INFINITY;
            int bestState = 0;
            for (int s = 0; s < states; s++) {
                double t = 0.0;
                for (int j = 0; j < m; j++) {
                    t += values[j][index[j] + s * eliminatedStride[j]];
                }
                terms[s] = t;
                if (t > max) {
                    max = t;
                    bestState = s;
                }
            }
            if (eliminatedCard == 0 || maximise || max == Double.NEGATIVE_INFINITY) {
                out[o] = max;
            } else {
                double sum = 0.0;
                for (int s = 0; s < states; s++) {
                    sum += Math.exp(terms[s] - max);
                }
                out[o] = max + Math.log(sum);
            }
            if (argmax != null) {
                argmax[o] = bestState;
            }
            for (int i = n - 1; i >= 0; i--) {
                for (int j = 0; j < m; j++) {
                    index[j] += strides[j][i];
                }
                if (++digits[i] < cards[i]) {
                    break;
                }
                for (int j = 0; j < m; j++) {
                    index[j] -= cards[i] * strides[j][i];
                }
                digits[i] = 0;
            }
        }
    }

    /**
     * Σ_s a[i + s·ea] · b[j + s·eb] for every output entry: the commonest step of elimination, two
     * factors and a sum, with its indices in locals so that the loop runs without array lookups
     * of the general case. The same products in the same order as the general loop.
     */
    private static boolean sumOfTwo(double[] a, double[] b, int[] sa, int[] sb, int ea, int eb, int r, int[] cards,
                                    double[] out) {
        boolean lost = false;
        int n = cards.length;
        int[] digits = new int[n];
        int i = 0;
        int j = 0;
        for (int o = 0; o < out.length; o++) {
            double sum = 0.0;
            for (int s = 0, x = i, y = j; s < r; s++, x += ea, y += eb) {
                double p = a[x] * b[y];
                if (p < Double.MIN_NORMAL) {
                    lost |= p != 0.0 || a[x] != 0.0 && b[y] != 0.0;
                }
                sum += p;
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
        return lost;
    }

    /** As {@link #sumOfTwo}, for three factors. */
    private static boolean sumOfThree(double[][] values, int[][] strides, int[] eliminatedStride, int r, int[] cards,
                                      double[] out) {
        boolean lost = false;
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
                double p = a[x] * b[y] * c[z];
                if (p < Double.MIN_NORMAL) {
                    lost |= p != 0.0 || a[x] != 0.0 && b[y] != 0.0 && c[z] != 0.0;
                }
                sum += p;
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
        return lost;
    }

    /**
     * Scales values by an exact power of two so the largest lies in [1/2, 1): a product of such
     * factors cannot overflow, and underflows only for entries negligible beside its largest.
     * Zeros stay zero.
     */
    private static Factor rescaled(int[] scope, int[] cards, double[] out, long log2Scale, boolean imprecise) {
        double max = 0.0;
        for (double v : out) {
            max = Math.max(max, v);
        }
        if (max == 0.0 || !Double.isFinite(max)) {
            return new Factor(scope, cards, out, log2Scale, false, imprecise);
        }
        int exponent = Math.getExponent(max) + 1;
        if (exponent == 0) {
            return new Factor(scope, cards, out, log2Scale, false, imprecise);
        }
        boolean lost = imprecise;
        for (int i = 0; i < out.length; i++) {
            double scaled = Math.scalb(out[i], -exponent);
            // Scaling by 2^k is exact unless a value leaves the normal doubles (it never does
            // upwards: the largest lands in [1/2, 1)).
            lost |= scaled < Double.MIN_NORMAL && out[i] != 0.0;
            out[i] = scaled;
        }
        return new Factor(scope, cards, out, log2Scale + exponent, false, lost);
    }

    /** @return the natural logarithm of this factor's sum, or −∞ if it is zero */
    double logSum() {
        if (logSpace) {
            double max = Double.NEGATIVE_INFINITY;
            for (double v : values) {
                max = Math.max(max, v);
            }
            if (max == Double.NEGATIVE_INFINITY) {
                return max;
            }
            double sum = 0.0;
            for (double v : values) {
                sum += Math.exp(v - max);
            }
            return max + Math.log(sum);
        }
        double sum = 0.0;
        for (double v : values) {
            sum += v;
        }
        return Math.log(sum) + log2Scale * Math.log(2.0);
    }

    /**
     * Returns the factor divided by its sum, as plain probabilities.
     *
     * @return the normalised values, or null if the factor sums to zero
     */
    double[] normalised() {
        double[] out = new double[values.length];
        if (logSpace) {
            double log = logSum();
            if (log == Double.NEGATIVE_INFINITY) {
                return null;
            }
            for (int i = 0; i < out.length; i++) {
                out[i] = Math.exp(values[i] - log);
            }
            return out;
        }
        double total = 0.0;
        for (double p : values) {
            total += p;
        }
        if (!(total > 0.0)) {
            return null;
        }
        for (int i = 0; i < out.length; i++) {
            out[i] = values[i] / total;
        }
        return out;
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
