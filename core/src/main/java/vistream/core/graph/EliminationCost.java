package vistream.core.graph;

/**
 * What a query by variable elimination needs, worked out on scopes before anything is allocated.
 * Sizes saturate at {@link Long#MAX_VALUE}.
 *
 * @param factors       the tables the query depends on, after pruning
 * @param eliminated    the variables summed out
 * @param largestFactor the entries of the largest factor built
 * @param peakEntries   the most entries held at once, tables included
 * @param work          the multiplications, about
 */
public record EliminationCost(int factors, int eliminated, long largestFactor, long peakEntries, long work) {
}
