package vistream.metrics;

import java.util.Arrays;

import vistream.streaming.PosteriorSnapshot;

/**
 * Which cluster sits in which metric slot: an id keeps its slot for as long as it lives, a newborn
 * takes the lowest free one, and a slot whose cluster died is freed. Slots bound the metrics' tag
 * values by the most clusters a stream may have, however many clusters it makes over months; the
 * gauge {@code vistream.cluster.id} tells which cluster a slot holds. Immutable.
 *
 * @param snapshot the snapshot the slots index into, or null before the first
 * @param ids      per slot, the id of the cluster in it, or 0 if it is free
 * @param index    per slot, the cluster's position in the snapshot, or −1 if it is free
 */
record ClusterSlots(PosteriorSnapshot snapshot, long[] ids, int[] index) {

    /** No cluster yet. */
    static ClusterSlots empty(int slots) {
        int[] index = new int[slots];
        Arrays.fill(index, -1);
        return new ClusterSlots(null, new long[slots], index);
    }

    /**
     * The slots after a snapshot: living ids stay, newborns take the lowest free slots in the
     * snapshot's order. Clusters beyond the slots are not exported one by one.
     */
    ClusterSlots next(PosteriorSnapshot next) {
        long[] nextIds = ids.clone();
        int[] nextIndex = new int[ids.length];
        Arrays.fill(nextIndex, -1);
        long[] clusters = next.ids();
        boolean[] placed = new boolean[clusters.length];
        for (int slot = 0; slot < ids.length; slot++) {
            nextIds[slot] = 0;
            for (int c = 0; c < clusters.length && ids[slot] != 0; c++) {
                if (clusters[c] == ids[slot]) {
                    nextIds[slot] = ids[slot];
                    nextIndex[slot] = c;
                    placed[c] = true;
                }
            }
        }
        for (int c = 0; c < clusters.length; c++) {
            if (placed[c]) {
                continue;
            }
            for (int slot = 0; slot < ids.length; slot++) {
                if (nextIds[slot] == 0) {
                    nextIds[slot] = clusters[c];
                    nextIndex[slot] = c;
                    break;
                }
            }
        }
        return new ClusterSlots(next, nextIds, nextIndex);
    }

    /** Whether the same slots are in use as in {@code other}. */
    boolean sameSlots(ClusterSlots other) {
        for (int slot = 0; slot < index.length; slot++) {
            if ((index[slot] < 0) != (other.index[slot] < 0)) {
                return false;
            }
        }
        return true;
    }

    /** The slots in use, in order. */
    int[] used() {
        return java.util.stream.IntStream.range(0, index.length).filter(s -> index[s] >= 0).toArray();
    }
}
