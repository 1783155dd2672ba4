package vistream.core.graph;

import java.util.Arrays;

/**
 * A non-negative function of a few discrete variables, the working object of variable
 * elimination. Variables are held in ascending index order; values are row-major with the last
 * variable varying fastest.
 */
final class Factor {

    final int[] variables;
    final int[] cardinalities;
    final double[] values;

    Factor(int[] variables, int[] cardinalities, double[] values) {
        this.variables = variables;
        this.cardinalities = cardinalities;
        this.values = values;
    }

    /** The factor p(v | parents(v)) of a CPT, over v and its parents. */
    static Factor of(NetworkStructure structure, int v, ConditionalProbabilityTable cpt) {
        int[] scope = union(structure.parents(v), new int[] {v});
        int[] cards = new int[scope.length];
        for (int i = 0; i < scope.length; i++) {
            cards[i] = structure.cardinality(scope[i]);
        }
        double[] values = new double[size(cards)];
        int[] assignment = new int[structure.size()];
        int[] digits = new int[scope.length];
        for (int idx = 0; idx < values.length; idx++) {
            decode(idx, cards, digits);
            for (int i = 0; i < scope.length; i++) {
                assignment[scope[i]] = digits[i];
            }
            values[idx] = cpt.probability(CptCounts.configuration(structure, v, assignment), assignment[v]);
        }
        return new Factor(scope, cards, values);
    }

    Factor multiply(Factor other) {
        int[] scope = union(variables, other.variables);
        int[] cards = new int[scope.length];
        for (int i = 0; i < scope.length; i++) {
            int a = Arrays.binarySearch(variables, scope[i]);
            cards[i] = a >= 0 ? cardinalities[a] : other.cardinalities[Arrays.binarySearch(other.variables, scope[i])];
        }
        double[] out = new double[size(cards)];
        int[] digits = new int[scope.length];
        for (int idx = 0; idx < out.length; idx++) {
            decode(idx, cards, digits);
            out[idx] = values[indexOf(scope, digits)] * other.values[other.indexOf(scope, digits)];
        }
        return new Factor(scope, cards, out);
    }

    /** Σ over one variable of this factor. */
    Factor sumOut(int variable) {
        int at = Arrays.binarySearch(variables, variable);
        int[] scope = new int[variables.length - 1];
        int[] cards = new int[scope.length];
        for (int i = 0, j = 0; i < variables.length; i++) {
            if (i != at) {
                scope[j] = variables[i];
                cards[j++] = cardinalities[i];
            }
        }
        double[] out = new double[size(cards)];
        int[] digits = new int[variables.length];
        int[] kept = new int[scope.length];
        for (int idx = 0; idx < values.length; idx++) {
            decode(idx, cardinalities, digits);
            for (int i = 0, j = 0; i < digits.length; i++) {
                if (i != at) {
                    kept[j++] = digits[i];
                }
            }
            out[encode(kept, cards)] += values[idx];
        }
        return new Factor(scope, cards, out);
    }

    /** This factor with observed variables fixed to their states (state −1: not observed). */
    Factor reduce(int[] evidence) {
        Factor f = this;
        for (int v : variables) {
            if (evidence[v] >= 0) {
                f = f.fix(v, evidence[v]);
            }
        }
        return f;
    }

    private Factor fix(int variable, int state) {
        int at = Arrays.binarySearch(variables, variable);
        double[] masked = values.clone();
        int[] digits = new int[variables.length];
        for (int idx = 0; idx < masked.length; idx++) {
            decode(idx, cardinalities, digits);
            if (digits[at] != state) {
                masked[idx] = 0.0;
            }
        }
        return new Factor(variables, cardinalities, masked).sumOut(variable);
    }

    private int indexOf(int[] scope, int[] digits) {
        int idx = 0;
        for (int i = 0; i < variables.length; i++) {
            idx = idx * cardinalities[i] + digits[Arrays.binarySearch(scope, variables[i])];
        }
        return idx;
    }

    static int size(int[] cards) {
        long n = 1;
        for (int c : cards) {
            n = Math.multiplyExact(n, c);
        }
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a factor of " + n + " entries is too large for exact inference");
        }
        return (int) n;
    }

    static void decode(int idx, int[] cards, int[] digits) {
        for (int i = cards.length - 1; i >= 0; i--) {
            digits[i] = idx % cards[i];
            idx /= cards[i];
        }
    }

    static int encode(int[] digits, int[] cards) {
        int idx = 0;
        for (int i = 0; i < cards.length; i++) {
            idx = idx * cards[i] + digits[i];
        }
        return idx;
    }

    static int[] union(int[] a, int[] b) {
        return java.util.stream.IntStream.concat(Arrays.stream(a), Arrays.stream(b)).distinct().sorted().toArray();
    }
}
