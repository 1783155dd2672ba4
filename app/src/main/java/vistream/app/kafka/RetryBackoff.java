package vistream.app.kafka;

import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.common.errors.RetriableException;
import reactor.util.retry.Retry;

/**
 * How an instance tries again when the brokers do not answer: the first retry after
 * {@link #FIRST}, each next pause twice as long up to {@link #MAX}, for as long as the outage
 * lasts. The cap keeps an instance quick to notice that the brokers are back; the jitter of the
 * sends keeps the instances of a group from all coming back in the same instant. Only the errors
 * Kafka calls retriable (timeouts, lost connections, leaders moving) and a timed-out wait are
 * tried again; any other error stops the instance, as it would without retries.
 */
final class RetryBackoff {

    /** The pause before the first retry. */
    static final Duration FIRST = Duration.ofMillis(100);
    /** The longest pause between two tries. */
    static final Duration MAX = Duration.ofSeconds(5);

    private RetryBackoff() {
    }

    /** @return whether the error (or what it wraps) is worth trying again */
    static boolean retriable(Throwable error) {
        Throwable e = cause(error);
        return e instanceof RetriableException || e instanceof java.util.concurrent.TimeoutException;
    }

    /** @return the error itself, not the wrapper of an asynchronous wait */
    static Throwable cause(Throwable error) {
        Throwable e = error;
        while ((e instanceof ExecutionException || e instanceof CompletionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    /**
     * The pause after {@code failures} failures in a row, without jitter.
     *
     * @param failures at least 1
     * @return {@link #FIRST} doubled {@code failures − 1} times, at most {@link #MAX}
     */
    static Duration pause(int failures) {
        int doublings = Math.min(Math.max(0, failures - 1), 30);
        long millis = FIRST.toMillis() << doublings;
        return millis >= MAX.toMillis() ? MAX : Duration.ofMillis(millis);
    }

    /**
     * The retry of a {@code Mono} that calls the brokers: backoff from {@link #FIRST} to {@link #MAX}
     * with jitter, without end, each failure reported to the outage first.
     *
     * @param outage    told of each failure
     * @param operation what is tried, as the outage names it
     */
    static Retry retry(BrokerOutage outage, String operation) {
        return Retry.backoff(Long.MAX_VALUE, FIRST).maxBackoff(MAX)
                .filter(RetryBackoff::retriable)
                .doBeforeRetry(signal -> outage.failed(operation, cause(signal.failure())));
    }
}
