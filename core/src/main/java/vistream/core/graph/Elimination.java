package vistream.core.graph;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Bucket elimination (Dechter 1999) along a fixed order: each factor waits in the bucket of its
 * first variable to go; eliminating a variable combines its bucket into one factor
 * ({@link Factor#combine}, summed or maximised) that moves to the bucket of its own first
 * variable. Factors over kept variables only end in the final list.
 *
 * <p>{@link #plan} walks the same steps over scopes alone, so the largest factor and the most
 * entries alive at once are known, and refused, before anything is allocated.
 */
final class Elimination {

    /** What a run needs: its largest factor and the most entries held at once. */
    record Cost(long largestFactor, long peakEntries, long work) {
    }

    /**
     * Thrown when a linear run's product left the normal doubles: the caller reruns in log space.
     * Without a stack trace: it is control flow, not a failure.
     */
    static final class PrecisionLost extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PrecisionLost() {
            super("a product left the normal doubles", null, false, false);
        }
    }

    /** The result of a run: factors over kept variables, and the max steps' traces. */
    record Outcome(List<Factor> rest, int[][] traceScopes, int[][] traces) {
    }

    /**
     * The most factors multiplied entry by entry in one pass; longer buckets are multiplied in
     * groups first, each group rescaled. A product that still leaves the normal doubles is caught
     * ({@link PrecisionLost}) and the run redone in log space.
     */
    static final int GROUP = 32;

    private final int[] cards;
    private final int[] order;
    private final int[] position;
    private final int maxFrom;

    /**
     * @param cards   cardinalities by variable index
     * @param order   the variables to eliminate, in order
     * @param maxFrom the step from which variables are maximised rather than summed out
     *                ({@code order.length}: none)
     */
    Elimination(int[] cards, int[] order, int maxFrom) {
        this.cards = cards;
        this.order = order;
        this.maxFrom = maxFrom;
        position = new int[cards.length];
        Arrays.fill(position, Integer.MAX_VALUE);
        for (int i = 0; i < order.length; i++) {
            position[order[i]] = i;
        }
    }

    /**
     * The cost of eliminating along the order, and of the final product over {@code kept}.
     *
     * @param inputs the factors, already in memory (they count towards the peak)
     * @param kept   the variables of the final product
     */
    Cost plan(List<Factor> inputs, int[] kept) {
        long live = 0;
        for (Factor f : inputs) {
            live = Sizes.plus(live, f.size());
        }
        long peak = live;
        long largest = 0;
        long work = 0;
        List<List<int[]>> scopeBuckets = new ArrayList<>();
        for (int i = 0; i < order.length; i++) {
            scopeBuckets.add(new ArrayList<>());
        }
        List<int[]> rest = new ArrayList<>();
        for (Factor f : inputs) {
            place(f.variables, scopeBuckets, rest);
        }
        for (int i = 0; i < order.length; i++) {
            List<int[]> bucket = scopeBuckets.get(i);
            if (bucket.isEmpty()) {
                continue;
            }
            int[] scope = union(bucket, order[i]);
            long size = Factor.size(cardsOf(scope));
            long traced = i >= maxFrom ? size : 0;
            // A long bucket is first multiplied in groups, each at most the bucket's whole scope,
            // all alive at once.
            long grouped = bucket.size() > GROUP
                    ? Sizes.times(Sizes.times(size, cards[order[i]]), (bucket.size() + GROUP - 1) / GROUP) : 0;
            live = Sizes.plus(Sizes.plus(Sizes.plus(live, size), traced), grouped);
            peak = Math.max(peak, live);
            largest = Math.max(largest, size);
            work = Sizes.plus(work, Sizes.times(Sizes.times(size, cards[order[i]]), bucket.size()));
            for (int[] consumed : bucket) {
                live -= Factor.size(cardsOf(consumed));
            }
            live -= grouped;
            place(scope, scopeBuckets, rest);
        }
        long finalSize = Factor.size(cardsOf(kept));
        largest = Math.max(largest, finalSize);
        peak = Math.max(peak, Sizes.plus(live, finalSize));
        work = Sizes.plus(work, Sizes.times(finalSize, Math.max(1, rest.size())));
        return new Cost(largest, peak, work);
    }

    /**
     * Eliminates along the order.
     *
     * @param inputs the factors
     * @return the factors left, over kept variables only, and the traces of maximised steps
     */
    Outcome run(List<Factor> inputs) {
        List<List<Factor>> buckets = new ArrayList<>();
        for (int i = 0; i < order.length; i++) {
            buckets.add(new ArrayList<>());
        }
        List<Factor> rest = new ArrayList<>();
        for (Factor f : inputs) {
            place(f, buckets, rest);
        }
        int[][] traceScopes = new int[order.length][];
        int[][] traces = new int[order.length][];
        for (int i = 0; i < order.length; i++) {
            List<Factor> bucket = new ArrayList<>(buckets.get(i));
            buckets.get(i).clear();
            int v = order[i];
            if (bucket.isEmpty()) {
                // A variable in no factor sums to a constant; maximised, any state is as good.
                traceScopes[i] = new int[0];
                traces[i] = new int[] {0};
                continue;
            }
            List<int[]> scopes = new ArrayList<>(bucket.size());
            for (Factor f : bucket) {
                scopes.add(f.variables);
            }
            if (bucket.size() > GROUP) {
                bucket = grouped(bucket);
            }
            int[] scope = union(scopes, v);
            boolean maximise = i >= maxFrom;
            int[] argmax = maximise ? new int[(int) Factor.size(cardsOf(scope))] : null;
            Factor combined = precise(Factor.combine(bucket, scope, cardsOf(scope), v, cards[v], maximise, argmax));
            if (maximise) {
                traceScopes[i] = scope;
                traces[i] = argmax;
            }
            place(combined, buckets, rest);
        }
        return new Outcome(rest, traceScopes, traces);
    }

    /**
     * Returns the product of factors over the given variables, which hold all of theirs.
     *
     * @param factors the factors, for example a run's rest
     * @param scope   the product's variables, in the order wanted
     * @return Π factors
     */
    Factor product(List<Factor> factors, int[] scope) {
        List<Factor> all = factors.size() > GROUP ? grouped(factors) : factors;
        return precise(Factor.combine(all, scope, cardsOf(scope), -1, 1, false, null));
    }

    /** Multiplies factors GROUP at a time, each group over its own variables, until few are left. */
    private List<Factor> grouped(List<Factor> factors) {
        List<Factor> current = factors;
        while (current.size() > GROUP) {
            List<Factor> next = new ArrayList<>();
            for (int from = 0; from < current.size(); from += GROUP) {
                List<Factor> part = current.subList(from, Math.min(current.size(), from + GROUP));
                List<int[]> scopes = new ArrayList<>(part.size());
                for (Factor f : part) {
                    scopes.add(f.variables);
                }
                int[] scope = union(scopes, -1);
                next.add(precise(Factor.combine(part, scope, cardsOf(scope), -1, 1, false, null)));
            }
            current = next;
        }
        return current;
    }

    /**
     * Reads the maximising states back, last eliminated first: each step's trace is indexed by
     * variables eliminated after it, whose states are then known.
     *
     * @param outcome   a run's outcome
     * @param assignment receives the state of every maximised variable
     */
    void traceBack(Outcome outcome, int[] assignment) {
        for (int i = order.length - 1; i >= maxFrom; i--) {
            int[] scope = outcome.traceScopes()[i];
            int index = 0;
            for (int u : scope) {
                index = index * cards[u] + assignment[u];
            }
            assignment[order[i]] = outcome.traces()[i][index];
        }
    }

    private static Factor precise(Factor f) {
        if (f.imprecise) {
            throw new PrecisionLost();
        }
        return f;
    }

    private void place(Factor f, List<List<Factor>> buckets, List<Factor> rest) {
        int first = first(f.variables);
        (first == Integer.MAX_VALUE ? rest : buckets.get(first)).add(f);
    }

    private void place(int[] scope, List<List<int[]>> buckets, List<int[]> rest) {
        int first = first(scope);
        (first == Integer.MAX_VALUE ? rest : buckets.get(first)).add(scope);
    }

    private int first(int[] scope) {
        int first = Integer.MAX_VALUE;
        for (int u : scope) {
            first = Math.min(first, position[u]);
        }
        return first;
    }

    /** The variables of the scopes but v, ordered by when they go (kept ones last, by index). */
    private int[] union(List<int[]> scopes, int v) {
        int[] seen = new int[0];
        int n = 0;
        for (int[] scope : scopes) {
            for (int u : scope) {
                if (u != v && !contains(seen, n, u)) {
                    if (n == seen.length) {
                        seen = Arrays.copyOf(seen, Math.max(4, n * 2));
                    }
                    seen[n++] = u;
                }
            }
        }
        Integer[] boxed = new Integer[n];
        for (int i = 0; i < n; i++) {
            boxed[i] = seen[i];
        }
        Arrays.sort(boxed, (a, b) -> position[a] != position[b] ? Integer.compare(position[a], position[b])
                : Integer.compare(a, b));
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = boxed[i];
        }
        return out;
    }

    private static boolean contains(int[] values, int n, int value) {
        for (int i = 0; i < n; i++) {
            if (values[i] == value) {
                return true;
            }
        }
        return false;
    }

    private int[] cardsOf(int[] scope) {
        int[] out = new int[scope.length];
        for (int i = 0; i < scope.length; i++) {
            out[i] = cards[scope[i]];
        }
        return out;
    }
}
