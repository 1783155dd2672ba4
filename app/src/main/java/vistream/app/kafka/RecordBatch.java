package vistream.app.kafka;

import java.util.List;

/**
 * A minibatch cut from the observations topic: its valid observations packed row-major, its
 * invalid records, and the offsets it covers per partition.
 *
 * @param rows     the valid observations, row-major, {@code size} rows
 * @param size     how many valid observations
 * @param rejected the invalid records, in the order met
 * @param ranges   per partition the offsets [from, to) it covers
 */
record RecordBatch(double[] rows, int size, List<DeadLetter> rejected, List<DeltaRecord.Range> ranges) {

    /**
     * A record that could not be an observation.
     *
     * @param partition its partition
     * @param offset    its offset
     * @param reason    why, as the metric tag names it
     * @param message   a sentence naming the problem
     * @param content   the record's value as text
     */
    record DeadLetter(int partition, long offset, vistream.streaming.InvalidObservation.Reason reason, String message,
            String content) {
    }
}
