package vistream.core.graph;

import java.math.BigInteger;
import java.util.Objects;

/**
 * How many numbers a factorisation needs, exactly: the full chain rule over a few dozen variables
 * already needs more than a long holds (win95pts' 76 variables: about 10^33), so the counts are
 * {@link BigInteger}s.
 *
 * @param entries the CPT entries: Σ_v r_v Π_{u ∈ parents(v)} r_u
 * @param free    the free parameters, one fewer per CPT column since each sums to one:
 *                Σ_v (r_v − 1) Π_{u ∈ parents(v)} r_u
 */
public record ParameterCount(BigInteger entries, BigInteger free) {

    /** Checks neither is null. */
    public ParameterCount {
        Objects.requireNonNull(entries, "entries");
        Objects.requireNonNull(free, "free");
    }

    /**
     * Counts that fit in longs.
     *
     * @param entries the CPT entries
     * @param free    the free parameters
     */
    public ParameterCount(long entries, long free) {
        this(BigInteger.valueOf(entries), BigInteger.valueOf(free));
    }
}
