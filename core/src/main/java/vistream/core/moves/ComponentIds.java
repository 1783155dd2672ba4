package vistream.core.moves;

import java.util.Arrays;

/**
 * Who each component is: an id per component, aligned with the posterior's components, given at
 * birth and never given again. A merge keeps the survivor's id; a removed component's id retires.
 *
 * @param ids  one id per component, in component order; positive and distinct
 * @param next the id the next newborn gets, above every id ever given
 */
public record ComponentIds(long[] ids, long next) {

    /**
     * Copies and validates.
     *
     * @throws IllegalArgumentException if an id is not positive, repeats, or is not below {@code next}
     */
    public ComponentIds {
        ids = ids.clone();
        long[] sorted = ids.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < sorted.length; i++) {
            if (sorted[i] < 1 || sorted[i] >= next || (i > 0 && sorted[i] == sorted[i - 1])) {
                throw new IllegalArgumentException("component ids must be distinct, positive and below the next id "
                        + next + ", got " + Arrays.toString(ids));
            }
        }
    }

    /**
     * The ids of a first posterior: 1 to K.
     *
     * @param k K
     * @return ids 1..K, next K + 1
     */
    public static ComponentIds first(int k) {
        long[] ids = new long[k];
        for (int c = 0; c < k; c++) {
            ids[c] = c + 1;
        }
        return new ComponentIds(ids, k + 1);
    }

    /** @return a copy of the ids */
    @Override
    public long[] ids() {
        return ids.clone();
    }

    /** @return the number of components */
    public int size() {
        return ids.length;
    }

    /**
     * Returns the id of a component.
     *
     * @param index the component's position
     * @return its id
     */
    public long id(int index) {
        return ids[index];
    }

    /**
     * Returns the position of an id.
     *
     * @param id an id
     * @return its component's position, or −1 if no component has it
     */
    public int indexOf(long id) {
        for (int c = 0; c < ids.length; c++) {
            if (ids[c] == id) {
                return c;
            }
        }
        return -1;
    }

    /**
     * Returns the ids after a component is removed (merged into another, or deleted).
     *
     * @param index the component that goes
     * @return the ids without it
     */
    public ComponentIds without(int index) {
        long[] out = new long[ids.length - 1];
        for (int c = 0, at = 0; c < ids.length; c++) {
            if (c != index) {
                out[at++] = ids[c];
            }
        }
        return new ComponentIds(out, next);
    }

    /**
     * Returns the ids after {@code count} newborns are appended.
     *
     * @param count how many, at least 0
     * @return the ids with new ones at the end
     */
    public ComponentIds withNewborns(int count) {
        long[] out = Arrays.copyOf(ids, ids.length + count);
        for (int j = 0; j < count; j++) {
            out[ids.length + j] = next + j;
        }
        return new ComponentIds(out, next + count);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ComponentIds c && Arrays.equals(ids, c.ids) && next == c.next;
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(ids) + Long.hashCode(next);
    }

    @Override
    public String toString() {
        return "ComponentIds" + Arrays.toString(ids) + " next " + next;
    }
}
