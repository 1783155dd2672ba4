package vistream.app.serve;

import java.util.ArrayList;
import java.util.List;

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
 * When the queue is full the remaining lines are refused and the client is told to retry.
 */
final class Ingest {

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
}
