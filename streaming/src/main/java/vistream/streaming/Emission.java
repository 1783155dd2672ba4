package vistream.streaming;

/**
 * The emission part of a stream's state: the last snapshot and whether the latest step emitted
 * it, how many were emitted, and the posteriors drift is measured from. Immutable.
 *
 * @param snapshot        the last snapshot emitted, or null before the first
 * @param fresh           whether the latest step emitted it
 * @param snapshots       snapshots emitted
 * @param windowStart     the posterior at the start of the drift window, or null before the first
 * @param windowSnapshots snapshots emitted in the current drift window
 * @param lastEmitted     the posterior of the last snapshot (the first posterior before that), or null
 */
record Emission(PosteriorSnapshot snapshot, boolean fresh, long snapshots, PosteriorReference windowStart,
        int windowSnapshots, PosteriorReference lastEmitted) {

    /** Before anything was emitted or absorbed. */
    static final Emission NONE = new Emission(null, false, 0, null, 0, null);

    /** With drift measured from {@code first} if nothing was measured from yet: the first posterior. */
    Emission from(PosteriorReference first) {
        return windowStart != null ? this
                : new Emission(snapshot, false, snapshots, first, windowSnapshots, lastEmitted != null ? lastEmitted : first);
    }

    /** After a step that emitted nothing. */
    Emission quiet() {
        return fresh ? new Emission(snapshot, false, snapshots, windowStart, windowSnapshots, lastEmitted) : this;
    }
}
