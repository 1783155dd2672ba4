package vistream.streaming;

import java.util.Arrays;
import java.util.Objects;

import vistream.core.mixture.NaturalParameters;

/**
 * A posterior kept to measure drift from, with the ids of its components, so that a component is
 * compared with itself even after others were born, merged or removed.
 *
 * @param ids       the components' ids, in the posterior's order
 * @param posterior λ
 */
record PosteriorReference(long[] ids, NaturalParameters posterior) {

    PosteriorReference {
        ids = ids.clone();
        Objects.requireNonNull(posterior, "posterior");
    }

    @Override
    public long[] ids() {
        return ids.clone();
    }

    /** Where component {@code id} is, or −1 if this posterior does not have it. */
    int indexOf(long id) {
        for (int c = 0; c < ids.length; c++) {
            if (ids[c] == id) {
                return c;
            }
        }
        return -1;
    }

    /** Whether it has exactly these components, in this order. */
    boolean sameComponents(long[] other) {
        return Arrays.equals(ids, other);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PosteriorReference r && Arrays.equals(ids, r.ids) && posterior.equals(r.posterior);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(ids) + posterior.hashCode();
    }
}
