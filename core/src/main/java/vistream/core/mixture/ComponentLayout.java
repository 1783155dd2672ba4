package vistream.core.mixture;

import java.util.Objects;

import vistream.core.numeric.Checks;

/**
 * The layout of natural parameters that every model here shares: the weights' block
 * ({@link WeightFactor}), then K blocks of {@code stride} values, component c's block being one
 * prior block η_c plus the linear statistics t(S_c) of the data it explains. Because every
 * posterior is η + t(S) for some expected statistics S (CAVI's global step, and every update rule,
 * whose coefficients on η and λ add up to one), components recombine by adding their
 * statistics in natural coordinates, λ'_c = η_c + Σ_j s_cj (λ_j − η_c): a merge, the removal of a
 * component whose statistics go to another, or a component that hands a share of its statistics
 * to a newborn. The weights' block is rebuilt from the recombined counts.
 *
 * <p>Immutable.
 */
final class ComponentLayout {

    private final WeightFactor weights;
    private final int components;
    private final int stride;
    private final double[] componentPrior;

    /**
     * @param weights        the weights' factor
     * @param components     K
     * @param stride         natural parameters per component
     * @param componentPrior η_c, the same for every component; {@code stride} values, kept
     */
    ComponentLayout(WeightFactor weights, int components, int stride, double[] componentPrior) {
        this.weights = Objects.requireNonNull(weights, "weights");
        this.components = components;
        this.stride = stride;
        this.componentPrior = componentPrior;
    }

    /** The same layout with {@code k} components. */
    ComponentLayout withComponents(int k) {
        return new ComponentLayout(weights, Checks.atLeast("number of components K", k, 1), stride, componentPrior);
    }

    WeightFactor weights() {
        return weights;
    }

    int components() {
        return components;
    }

    int weightBlock() {
        return weights.blockLength(components);
    }

    int size() {
        return weightBlock() + components * stride;
    }

    /** Where component c's block starts. */
    int offset(int c) {
        return weightBlock() + c * stride;
    }

    /** η: the weights' prior and K prior blocks. */
    double[] prior() {
        double[] eta = new double[size()];
        weights.writePrior(eta, 0, components);
        for (int c = 0; c < components; c++) {
            System.arraycopy(componentPrior, 0, eta, offset(c), stride);
        }
        return eta;
    }

    /**
     * Returns λ' of the layout with {@code shares.length} components, component c of which holds
     * Σ_j shares[c][j] times the statistics of component j of {@code posterior}.
     *
     * @throws IllegalArgumentException if a row has the wrong length or a share is not finite
     */
    NaturalParameters recombine(NaturalParameters posterior, double[][] shares) {
        requireSize(posterior);
        ComponentLayout target = withComponents(shares.length);
        double[] out = new double[target.size()];
        double[] counts = weights.counts(posterior, 0, components);
        double[] newCounts = counts == null ? null : new double[shares.length];
        for (int c = 0; c < shares.length; c++) {
            double[] row = shares[c];
            if (row.length != components) {
                throw new IllegalArgumentException("share row " + c + " has " + row.length + " entries, not K = " + components);
            }
            int o = target.offset(c);
            System.arraycopy(componentPrior, 0, out, o, stride);
            for (int j = 0; j < components; j++) {
                double s = row[j];
                if (!Double.isFinite(s)) {
                    throw new IllegalArgumentException("share of component " + j + " in component " + c
                            + " must be finite, got " + s);
                }
                if (s == 0.0) {
                    continue;
                }
                int from = offset(j);
                for (int v = 0; v < stride; v++) {
                    out[o + v] += s * (posterior.get(from + v) - componentPrior[v]);
                }
                if (newCounts != null) {
                    newCounts[c] += s * counts[j];
                }
            }
        }
        writeWeights(out, target, newCounts);
        return new NaturalParameters(out);
    }

    /**
     * Returns the posterior of the layout with the components of {@code first} (this layout)
     * followed by those of {@code second} (the layout with {@code secondComponents} components).
     */
    NaturalParameters concatenate(NaturalParameters first, NaturalParameters second, int secondComponents) {
        requireSize(first);
        ComponentLayout other = withComponents(secondComponents);
        other.requireSize(second);
        ComponentLayout target = withComponents(components + secondComponents);
        double[] out = new double[target.size()];
        for (int c = 0; c < components; c++) {
            for (int v = 0; v < stride; v++) {
                out[target.offset(c) + v] = first.get(offset(c) + v);
            }
        }
        for (int c = 0; c < secondComponents; c++) {
            for (int v = 0; v < stride; v++) {
                out[target.offset(components + c) + v] = second.get(other.offset(c) + v);
            }
        }
        double[] a = weights.counts(first, 0, components);
        double[] counts = null;
        if (a != null) {
            double[] b = weights.counts(second, 0, secondComponents);
            counts = new double[components + secondComponents];
            System.arraycopy(a, 0, counts, 0, components);
            System.arraycopy(b, 0, counts, components, secondComponents);
        }
        writeWeights(out, target, counts);
        return new NaturalParameters(out);
    }

    /** The weights' block of {@code target}: its prior plus t(counts). */
    private static void writeWeights(double[] out, ComponentLayout target, double[] counts) {
        if (counts == null) {
            return;
        }
        double[] t = new double[target.weightBlock()];
        target.weights.writeStatistics(t, 0, counts);
        target.weights.writePrior(out, 0, target.components);
        for (int j = 0; j < t.length; j++) {
            out[j] += t[j];
        }
    }

    /**
     * Checks that recombined statistics still count no negative number of observations: a
     * subtraction can take more than a component holds.
     *
     * @param counts the counts of a recombined posterior
     * @throws IllegalArgumentException naming the component that would hold a negative count
     */
    static void requireCounts(double[] counts) {
        double total = 0.0;
        for (double n : counts) {
            total += Math.abs(n);
        }
        for (int c = 0; c < counts.length; c++) {
            // Rounding leaves a count that should be 0 a few ulps of the total either side.
            if (counts[c] < -1e-9 * Math.max(1.0, total)) {
                throw new IllegalArgumentException("the recombined statistics give component " + c
                        + " a negative count " + counts[c]);
            }
        }
    }

    void requireSize(NaturalParameters posterior) {
        if (posterior.size() != size()) {
            throw new IllegalArgumentException("expected " + size() + " natural parameters for K = " + components
                    + ", got " + posterior.size());
        }
    }
}
