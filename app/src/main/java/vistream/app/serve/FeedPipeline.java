package vistream.app.serve;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;
import vistream.app.source.Line;
import vistream.app.source.LineParser;
import vistream.app.source.TextSource;
import vistream.core.mixture.ConjugateMixture;
import vistream.streaming.PosteriorSnapshot;
import vistream.streaming.StreamOptions;
import vistream.streaming.VariationalStream;

/**
 * The service's stream when it reads a file, stdin or the synthetic feed: that primary source
 * merged with HTTP ingest, through the streaming recipe, resumed from a checkpoint if there is one.
 * It records which file line each position of the merged stream came from, so that a snapshot can
 * be mapped to the last line it covers. {@link #stop()} ends the primary source at once but lets
 * the ingest queue drain: every observation a reply acknowledged is applied before the stream
 * completes.
 */
final class FeedPipeline {

    private final Sinks.Empty<Void> stopSignal = Sinks.empty();
    private final Disposable subscription;

    /**
     * What the pipeline is built from.
     *
     * @param source    the primary source: a file, followed or not, stdin, or the synthetic feed
     * @param model     the model
     * @param options   the stream's options, listeners included
     * @param parser    the parser of the input's lines
     * @param ingest    the HTTP ingest queue
     * @param recent    where each observation is kept for the dashboard
     * @param plot      the dimensions the dashboard draws
     * @param positions where the file line of each position goes
     */
    record Parts(ServiceSettings.Source source, ConjugateMixture model, StreamOptions options, LineParser parser, Ingest ingest,
            RecentObservations recent, int[] plot, InputPositions positions) {
    }

    /**
     * Starts the pipeline.
     *
     * @param parts      what it is built from
     * @param resumed    the checkpoint to resume from, or null
     * @param onSnapshot each snapshot
     * @param onFailure  the stream's failure
     * @param onComplete the end of the stream, after a stop or at the end of a finite input
     */
    FeedPipeline(Parts parts, ServiceCheckpoint resumed, Consumer<PosteriorSnapshot> onSnapshot,
            Consumer<Throwable> onFailure, Runnable onComplete) {
        VariationalStream recipe = resumed == null ? VariationalStream.of(parts.model(), parts.options())
                : VariationalStream.resumeFrom(parts.model(), parts.options(), resumed.snapshot());
        long firstIndex = resumed == null ? 0 : resumed.snapshot().observations() + resumed.snapshot().rejected();
        AtomicLong index = new AtomicLong(firstIndex);
        String file = parts.source().file();
        Flux<Line> input = Flux.merge(primarySource(parts.source(), resumed, firstIndex).takeUntilOther(stopSignal.asMono()),
                        parts.ingest().lines())
                .doOnNext(line -> {
                    long at = index.getAndIncrement();
                    if (file != null && line.source().equals(file)) {
                        parts.positions().record(at, line.number());
                    }
                });
        subscription = input.transform(recipe.parsing(line -> {
            double[] x = parts.parser().parse(line);
            parts.recent().add(x, parts.plot());
            return x;
        })).subscribe(onSnapshot, onFailure, onComplete);
    }

    private static Flux<Line> primarySource(ServiceSettings.Source source, ServiceCheckpoint resumed, long firstIndex) {
        String input = source.input();
        if (input == null) {
            return SyntheticFeed.lines(source.seed(), firstIndex, source.rate(), Schedulers.parallel());
        }
        long skipThrough = resumed == null ? 0 : resumed.line();
        return TextSource.lines(input, source.follow()).filter(line -> line.number() > skipThrough);
    }

    /** Ends the primary source; the stream completes once the ingest queue, completed by the caller, is drained. */
    void stop() {
        stopSignal.tryEmitEmpty();
    }

    /** Abandons the stream, for a drain that did not end in time. */
    void dispose() {
        subscription.dispose();
    }
}
