package vistream.core.graph;

/**
 * How many numbers a factorisation needs.
 *
 * @param entries the CPT entries: Σ_v r_v Π_{u ∈ parents(v)} r_u
 * @param free    the free parameters, one fewer per CPT column since each sums to one:
 *                Σ_v (r_v − 1) Π_{u ∈ parents(v)} r_u
 */
public record ParameterCount(long entries, long free) {
}
