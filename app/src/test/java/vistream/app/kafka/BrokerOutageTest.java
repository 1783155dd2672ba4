package vistream.app.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

/** How an outage is told and ended, on a fake clock, and which errors are tried again how soon. */
class BrokerOutageTest {

    private final AtomicLong now = new AtomicLong(-5_000_000_000L);
    private final StringWriter log = new StringWriter();
    private final BrokerOutage outage = new BrokerOutage("k1:9092", new PrintWriter(log, true), now::get);

    @Test
    void anOutageLastsUntilEveryFailingOperationHasSucceededAndIsLoggedOnceEachWay() {
        assertEquals(Optional.empty(), outage.reason());
        outage.succeeded("publishing to d");
        assertEquals("", log.toString(), "a success outside an outage says nothing");

        outage.failed("publishing to d", new TimeoutException("Expiring 1 record(s)\n for d-0"));
        now.addAndGet(42_000_000_000L);
        outage.failed("following d", new TimeoutException("Failed to get offsets"));
        outage.failed("publishing to d", new TimeoutException("Topic d not present in metadata after 60000 ms."));
        assertEquals(Optional.of("Kafka at k1:9092 has not answered for 42 s (publishing to d: Topic d not present in "
                + "metadata after 60000 ms.); retrying"), outage.reason(),
                "one line: the first operation failing, with its latest error");
        assertEquals(3, outage.retries());

        outage.succeeded("publishing to d");
        assertTrue(outage.reason().orElseThrow().contains("(following d: Failed to get offsets)"), "still failing");
        now.addAndGet(3_000_000_000L);
        outage.succeeded("following d");
        assertEquals(Optional.empty(), outage.reason());
        assertEquals(3, outage.retries(), "retries count on");
        String n = System.lineSeparator();
        assertEquals("vistream serve: Kafka at k1:9092 does not answer (publishing to d: Expiring 1 record(s) for "
                + "d-0); trying again with backoff until it does" + n
                + "vistream serve: Kafka at k1:9092 answers again after 45 s (3 retries so far)" + n, log.toString());
    }

    @Test
    void retriesPauseFromATenthOfASecondDoublingUpToFiveSeconds() {
        assertEquals(Duration.ofMillis(100), RetryBackoff.pause(1));
        assertEquals(Duration.ofMillis(200), RetryBackoff.pause(2));
        assertEquals(Duration.ofMillis(3200), RetryBackoff.pause(6));
        assertEquals(Duration.ofSeconds(5), RetryBackoff.pause(7));
        assertEquals(Duration.ofSeconds(5), RetryBackoff.pause(1_000));
    }

    @Test
    void onlyKafkasRetriableErrorsAndTimedOutWaitsAreTriedAgain() {
        assertTrue(RetryBackoff.retriable(new TimeoutException("expired")));
        assertTrue(RetryBackoff.retriable(new ExecutionException(new TimeoutException("not present in metadata"))));
        assertTrue(RetryBackoff.retriable(new java.util.concurrent.TimeoutException()));
        assertFalse(RetryBackoff.retriable(new RecordTooLargeException("too large")));
        assertFalse(RetryBackoff.retriable(new IllegalStateException("closed")));
    }
}
