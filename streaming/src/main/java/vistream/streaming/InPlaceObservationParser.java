package vistream.streaming;

/**
 * An {@link ObservationParser} that can also write an observation into an array it is given. A
 * stream's parsing uses it to read each input into one reused row, which the batch copies at once,
 * so that a source whose inputs are themselves reused buffers (a file read in place) goes into the
 * batches without an allocation per observation.
 *
 * @param <T> the raw input type
 */
public interface InPlaceObservationParser<T> extends ObservationParser<T> {

    /**
     * Parses one input into {@code into}, which it fills: every observation has
     * {@code into.length} values. The values must be those {@link #parse} returns, and the
     * refusals the same.
     *
     * @param input the raw input
     * @param into  where the values go, as many as the observation must have
     * @throws RejectedInputException if the input is not an observation of that many values, with
     *                                the reason and a message naming the input
     */
    void parseInto(T input, double[] into);
}
