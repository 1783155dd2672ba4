package vistream.streaming;

/**
 * An observation that was kept out of the posterior: what it was, where it stood in the stream,
 * and why it was refused. Handed to the side channel of {@link StreamOptions.Builder#onInvalid}
 * and counted in every snapshot's {@code rejected}.
 *
 * @param index   position in the stream, counting valid and invalid observations from 0
 * @param reason  why it was refused
 * @param content the observation as received (its values, or the raw text of a line)
 * @param message a sentence naming the problem
 */
public record InvalidObservation(long index, Reason reason, String content, String message) {

    /**
     * Checks a parsed observation against a model's dimension: every value must be finite and
     * within ±{@value vistream.core.numeric.Checks#MAX_MAGNITUDE}, so that sums of squares cannot
     * overflow.
     *
     * @param index     its position in the stream
     * @param x         the observation
     * @param dimension the model's dimension
     * @return null if the observation is valid, else why not
     */
    public static InvalidObservation check(long index, double[] x, int dimension) {
        String problem = ObservationGate.problem(x, dimension);
        if (problem == null) {
            return null;
        }
        Reason reason = x.length != dimension ? Reason.WRONG_DIMENSION
                : java.util.Arrays.stream(x).allMatch(Double::isFinite) ? Reason.OUT_OF_RANGE : Reason.NOT_FINITE;
        return new InvalidObservation(index, reason, java.util.Arrays.toString(x), "observation " + index + " " + problem);
    }

    /** Why an observation was refused; a fixed set, usable as a metric tag. */
    public enum Reason {
        /** A value is NaN or infinite. */
        NOT_FINITE,
        /** The observation has the wrong number of values. */
        WRONG_DIMENSION,
        /** The input could not be read as numbers at all (reported by sources that parse text). */
        MALFORMED,
        /** A value is finite but beyond ±1e50, where the model's sums of squares could overflow. */
        OUT_OF_RANGE;

        /**
         * Returns the lower-case tag value, e.g. {@code not_finite}.
         *
         * @return the tag
         */
        public String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
