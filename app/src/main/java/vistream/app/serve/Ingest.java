package vistream.app.serve;

import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.util.concurrent.Queues;
import vistream.app.source.Line;
import vistream.app.source.LineParser;
import vistream.streaming.RejectedInputException;

/**
 * HTTP ingest: the lines of each request join the stream through a bounded queue. Each line is
 * checked on the way in, by the parser the stream itself uses (the same columns of the same
 * width), so that the response says exactly what the model will accept and reject, and why; the
 * rejected ones still join the stream, where they are counted and dead-lettered with the rest.
 * When the queue is full, or the service is stopping, the remaining lines are refused and the
 * client is told to retry; they are counted in {@code vistream.ingest.refused}, so that an operator
 * learns that clients are being turned away.
 */
final class Ingest implements MeterBinder {

    /** At most this many errors are listed in one response. */
    static final int MAX_LISTED_ERRORS = 100;

    /**
     * What happened to a request's lines.
     *
     * @param accepted valid observations queued
     * @param rejected invalid lines (queued too, to be counted and dead-lettered)
     * @param refused  lines not queued because the queue was full
     * @param errors   the first rejected lines' messages
     */
    record Result(int accepted, int rejected, int refused, List<String> errors) {
    }

    private final Sinks.Many<Line> queue;
    private final LineParser parser;
    private long requests;
    private volatile long refused; // written under the lock, read by the scrape

    /**
     * @param capacity the queue's capacity, in lines
     * @param parser   the parser of the stream the lines join
     */
    Ingest(int capacity, LineParser parser) {
        this.queue = Sinks.many().unicast().onBackpressureBuffer(Queues.<Line>get(capacity).get());
        this.parser = parser;
    }

    Flux<Line> lines() {
        return queue.asFlux();
    }

    /** Queues a request's lines (already split into observation texts). */
    synchronized Result offer(List<String> texts) {
        String source = "request " + (++requests);
        int accepted = 0;
        int rejected = 0;
        List<String> errors = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            Line line = new Line(source, i + 1, texts.get(i).strip());
            boolean valid = true;
            try {
                parser.parse(line);
            } catch (RejectedInputException e) {
                valid = false;
                if (errors.size() < MAX_LISTED_ERRORS) {
                    errors.add(e.getMessage());
                }
            }
            if (queue.tryEmitNext(line).isFailure()) {
                refused += texts.size() - i;
                return new Result(accepted, rejected, texts.size() - i, errors);
            }
            if (valid) {
                accepted++;
            } else {
                rejected++;
            }
        }
        return new Result(accepted, rejected, 0, errors);
    }

    synchronized void complete() {
        queue.tryEmitComplete();
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        FunctionCounter.builder("vistream.ingest.refused", this, i -> i.refused)
                .description("Posted observations refused (503) because the ingest queue was full or the service was stopping")
                .register(registry);
    }
}
