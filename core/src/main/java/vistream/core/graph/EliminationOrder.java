package vistream.core.graph;

import java.util.Arrays;
import java.util.List;

/**
 * Greedy elimination orders on the interaction graph of a set of factors (Koller &amp; Friedman
 * 2009, §9.4.3). Three classic cost functions are run and the cheapest order kept:
 * <ul>
 *   <li><b>min-fill</b>: eliminate the variable whose elimination adds the fewest edges between
 *       its neighbours (ties: the smaller weight);</li>
 *   <li><b>min-weight</b>: eliminate the variable whose clique, itself and its neighbours, has the
 *       fewest joint states (ties: the fewer fill edges);</li>
 *   <li><b>weighted min-fill</b>: eliminate the variable whose fill edges weigh least, each edge
 *       the product of its ends' numbers of states (ties: the smaller weight).</li>
 * </ul>
 * An order's cost is the total number of entries its eliminations build, Σ Π r over each clique,
 * with sizes that saturate ({@link Sizes}) so that an impossible clique is the most expensive, never
 * the cheapest. Ties go to the variable first met, so orders are deterministic.
 *
 * <p>Neighbourhoods are bitsets, so a fill count costs (degree × words) operations.
 */
final class EliminationOrder {

    private EliminationOrder() {
    }

    /**
     * Returns the cheapest of the min-fill, min-weight and weighted-min-fill orders.
     *
     * @param scopes the factors' variables
     * @param cards  every variable's cardinality, by variable index
     * @param phases the variables to eliminate, phase by phase: every variable of a phase goes
     *               before any of the next (sum before max in marginal MAP)
     * @return the variables of all phases, in elimination order
     */
    static int[] cheapest(List<int[]> scopes, int[] cards, int[]... phases) {
        int[] best = null;
        long bestCost = 0;
        for (Heuristic heuristic : Heuristic.values()) {
            Graph graph = new Graph(scopes, cards);
            int[] order = graph.order(phases, heuristic);
            if (best == null || graph.cost < bestCost) {
                best = order;
                bestCost = graph.cost;
            }
        }
        return best;
    }

    /** What the greedy step minimises; ties are broken by the next key. */
    enum Heuristic {
        /** Fewest fill edges, then smallest clique. */
        MIN_FILL,
        /** Smallest clique (joint states of the variable and its neighbours), then fewest fill edges. */
        MIN_WEIGHT,
        /**
         * Least weighted fill, Σ r_a r_b over the edges added, then smallest clique: fill
         * between variables of many states counts for more (Koller &amp; Friedman 2009, §9.4.3.2).
         */
        WEIGHTED_MIN_FILL
    }

    /** The interaction graph: an edge between every two variables that share a factor. */
    private static final class Graph {

        private final int[] local;
        private final int[] global;
        private final long[] cardinality;
        private final long[][] neighbours;
        private final long[] fill;
        private final long[] weightedFill;
        private final long[] weight;
        private final boolean[] eliminated;
        private long cost;

        Graph(List<int[]> scopes, int[] cards) {
            local = new int[cards.length];
            Arrays.fill(local, -1);
            int count = 0;
            for (int[] scope : scopes) {
                for (int v : scope) {
                    if (local[v] < 0) {
                        local[v] = count++;
                    }
                }
            }
            global = new int[count];
            cardinality = new long[count];
            for (int v = 0; v < cards.length; v++) {
                if (local[v] >= 0) {
                    global[local[v]] = v;
                    cardinality[local[v]] = cards[v];
                }
            }
            int words = (count + 63) >>> 6;
            neighbours = new long[count][words];
            for (int[] scope : scopes) {
                for (int a : scope) {
                    for (int b : scope) {
                        if (a != b) {
                            set(neighbours[local[a]], local[b]);
                        }
                    }
                }
            }
            fill = new long[count];
            weightedFill = new long[count];
            weight = new long[count];
            eliminated = new boolean[count];
        }

        int[] order(int[][] phases, Heuristic heuristic) {
            int total = 0;
            for (int[] phase : phases) {
                total += phase.length;
            }
            int[] order = new int[total];
            int done = 0;
            for (int v = 0; v < global.length; v++) {
                score(v);
            }
            for (int[] phase : phases) {
                boolean[] waiting = new boolean[global.length];
                int left = 0;
                for (int v : phase) {
                    if (local[v] < 0) {
                        throw new IllegalArgumentException("variable " + v + " is in no factor");
                    }
                    waiting[local[v]] = true;
                    left++;
                }
                for (; left > 0; left--) {
                    int best = -1;
                    for (int v = 0; v < global.length; v++) {
                        if (waiting[v] && (best < 0 || better(v, best, heuristic))) {
                            best = v;
                        }
                    }
                    waiting[best] = false;
                    cost = Sizes.plus(cost, weight[best]);
                    eliminate(best);
                    order[done++] = global[best];
                }
            }
            return order;
        }

        private boolean better(int a, int b, Heuristic heuristic) {
            return switch (heuristic) {
                case MIN_FILL -> fill[a] < fill[b] || fill[a] == fill[b] && weight[a] < weight[b];
                case MIN_WEIGHT -> weight[a] < weight[b] || weight[a] == weight[b] && fill[a] < fill[b];
                case WEIGHTED_MIN_FILL -> weightedFill[a] < weightedFill[b]
                        || weightedFill[a] == weightedFill[b] && weight[a] < weight[b];
            };
        }

        /** Connects v's neighbours to each other, removes v, and rescores what changed. */
        private void eliminate(int v) {
            long[] around = neighbours[v];
            eliminated[v] = true;
            for (int a = next(around, 0); a >= 0; a = next(around, a + 1)) {
                long[] of = neighbours[a];
                for (int w = 0; w < of.length; w++) {
                    of[w] |= around[w];
                }
                clear(of, a);
                clear(of, v);
            }
            // Fill counts change for v's neighbours and for their neighbours (an edge added
            // between two of v's neighbours may be one a neighbour's neighbour was missing).
            long[] dirty = around.clone();
            for (int a = next(around, 0); a >= 0; a = next(around, a + 1)) {
                long[] of = neighbours[a];
                for (int w = 0; w < dirty.length; w++) {
                    dirty[w] |= of[w];
                }
            }
            for (int a = next(dirty, 0); a >= 0; a = next(dirty, a + 1)) {
                if (!eliminated[a]) {
                    score(a);
                }
            }
        }

        private void score(int v) {
            long[] around = neighbours[v];
            long size = cardinality[v];
            long missing = 0;
            long weighted = 0;
            for (int a = next(around, 0); a >= 0; a = next(around, a + 1)) {
                size = Sizes.times(size, cardinality[a]);
                long[] of = neighbours[a];
                // The neighbours of v that a is not joined to, a itself excluded: fill edges.
                for (int w = 0; w < around.length; w++) {
                    long absent = around[w] & ~of[w];
                    if (w == a >>> 6) {
                        absent &= ~(1L << a);
                    }
                    missing += Long.bitCount(absent);
                    for (long bits = absent; bits != 0; bits &= bits - 1) {
                        int b = (w << 6) + Long.numberOfTrailingZeros(bits);
                        weighted = Sizes.plus(weighted, cardinality[a] * cardinality[b]);
                    }
                }
            }
            fill[v] = missing / 2;
            weightedFill[v] = weighted / 2;
            weight[v] = size;
        }

        private static void set(long[] bits, int i) {
            bits[i >>> 6] |= 1L << i;
        }

        private static void clear(long[] bits, int i) {
            bits[i >>> 6] &= ~(1L << i);
        }

        /** @return the first set bit at or after from, or −1 */
        private static int next(long[] bits, int from) {
            int w = from >>> 6;
            if (w >= bits.length) {
                return -1;
            }
            long word = bits[w] & (-1L << from);
            while (true) {
                if (word != 0) {
                    return (w << 6) + Long.numberOfTrailingZeros(word);
                }
                if (++w == bits.length) {
                    return -1;
                }
                word = bits[w];
            }
        }
    }
}
