package vistream.app.kafka;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Whether the brokers answer, as an instance's own calls to them find. An outage starts when a
 * call fails with an error worth trying again ({@link RetryBackoff#retriable}) and ends once every
 * operation that failed has succeeded since. It is logged once when it starts and once when it
 * ends, not at every retry, and {@link #reason()} gives the health check one line.
 *
 * <p>Thread safe: the polling, following, sending and checkpointing threads all report here.
 */
final class BrokerOutage {

    private final String brokers;
    private final PrintWriter log;
    private final LongSupplier nanoTime;
    /** Per operation failing now, its latest error, in the order they began to fail. */
    private final Map<String, String> failing = new LinkedHashMap<>();
    private long since;
    private long retries;
    /** Whether anything fails, read without the lock on every success. */
    private volatile boolean active;

    /**
     * @param brokers  the bootstrap servers, to name them
     * @param log      where the start and the end of an outage are said
     * @param nanoTime the clock, in nanoseconds ({@code System::nanoTime})
     */
    BrokerOutage(String brokers, PrintWriter log, LongSupplier nanoTime) {
        this.brokers = brokers;
        this.log = log;
        this.nanoTime = nanoTime;
    }

    /**
     * An operation failed and will be tried again.
     *
     * @param operation what was tried, e.g. {@code publishing to T}
     * @param error     why it failed
     */
    synchronized void failed(String operation, Throwable error) {
        retries++;
        String message = oneLine(error);
        if (failing.isEmpty()) {
            since = nanoTime.getAsLong();
            active = true;
            log.println("vistream serve: Kafka at " + brokers + " does not answer (" + operation + ": " + message
                    + "); trying again with backoff until it does");
            log.flush();
        }
        failing.put(operation, message);
    }

    /**
     * An operation failed for a reason not worth trying again, and is given up: it no longer
     * counts towards an outage (the error is the caller's to report).
     */
    void abandoned(String operation) {
        succeeded(operation);
    }

    /** An operation succeeded: if it was the last one failing, the outage is over. */
    void succeeded(String operation) {
        if (!active) {
            return;
        }
        synchronized (this) {
            if (failing.remove(operation) != null && failing.isEmpty()) {
                active = false;
                log.println("vistream serve: Kafka at " + brokers + " answers again after " + seconds() + " s ("
                        + retries + " retries so far)");
                log.flush();
            }
        }
    }

    /**
     * @return while an outage lasts, one line naming the brokers, how long they have not answered,
     *         and the first operation failing with its error; empty otherwise
     */
    synchronized Optional<String> reason() {
        if (failing.isEmpty()) {
            return Optional.empty();
        }
        Map.Entry<String, String> first = failing.entrySet().iterator().next();
        return Optional.of("Kafka at " + brokers + " has not answered for " + seconds() + " s (" + first.getKey()
                + ": " + first.getValue() + "); retrying");
    }

    /** @return calls to the brokers that failed and were or will be tried again, since the start */
    synchronized long retries() {
        return retries;
    }

    private long seconds() {
        return (nanoTime.getAsLong() - since) / 1_000_000_000L;
    }

    private static String oneLine(Throwable error) {
        String m = error.getMessage() != null ? error.getMessage() : error.getClass().getSimpleName();
        return m.replaceAll("\\s+", " ").strip();
    }
}
