package vistream.streaming;

/**
 * Turns a source's raw input (a line of text, a message) into one observation, or refuses it.
 * Used with {@link VariationalStream#parsing(ObservationParser)} so that malformed input is
 * counted and reported with the stream's invalid observations, in stream order.
 *
 * @param <T> the raw input type
 */
@FunctionalInterface
public interface ObservationParser<T> {

    /**
     * Parses one input.
     *
     * @param input the raw input
     * @return the observation's values
     * @throws RejectedInputException if the input is not an observation, with the reason and a
     *                                message naming the input
     */
    double[] parse(T input);
}
