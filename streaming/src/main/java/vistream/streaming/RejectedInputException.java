package vistream.streaming;

import java.util.Objects;

/** Thrown by an {@link ObservationParser} for input that is not an observation. */
public final class RejectedInputException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final InvalidObservation.Reason reason;

    /**
     * Creates the exception.
     *
     * @param reason  why the input is refused
     * @param message a sentence naming the input and the problem
     */
    public RejectedInputException(InvalidObservation.Reason reason, String message) {
        super(message, null, false, false); // no stack trace: this is data, not a bug
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /**
     * Returns why the input was refused.
     *
     * @return the reason
     */
    public InvalidObservation.Reason reason() {
        return reason;
    }
}
