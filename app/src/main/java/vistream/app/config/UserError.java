package vistream.app.config;

/** A problem with what the user asked for; the command exits 2 with this message. */
public final class UserError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the error.
     *
     * @param message what is wrong, in one line
     */
    public UserError(String message) {
        super(message);
    }
}
