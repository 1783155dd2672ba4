package vistream.streaming;

/**
 * Told after each minibatch is absorbed, with how long the update took: the operational side of
 * a stream (metrics, logs), kept out of the snapshots so that they stay reproducible.
 */
@FunctionalInterface
public interface BatchListener {

    /** A listener that ignores every batch. */
    BatchListener NONE = (observations, nanos) -> { };

    /**
     * Called on the stream's thread after a batch updated the posterior; must be quick and must not
     * block.
     *
     * @param observations valid observations in the batch
     * @param nanos        wall-clock time of the update (scoring, local step, global step)
     */
    void onBatch(int observations, long nanos);
}
