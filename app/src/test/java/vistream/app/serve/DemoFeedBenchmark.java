package vistream.app.serve;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import vistream.streaming.DriftEvent;

/**
 * The default {@code serve} demo's changes ({@link DemoRun}, 200,000 observations), in a single
 * shot; the figures are JMH's secondary results. It lives beside the feed, which is the service's
 * own, rather than under {@code vistream.app.bench}.
 * <ul>
 *   <li>{@code jumpToStructure}, {@code appearToStructure}: observations from the jump at 60,000
 *       (the appearance at 120,000) until every component is within 0.5 of a centre, one per
 *       centre, for good;</li>
 *   <li>{@code jumpEvents}, {@code appearEvents}: events in the 20,000 observations after each;</li>
 *   <li>{@code quietEvents}: events elsewhere after the first 5,000 (the clusters only creep).</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 1)
@Fork(1)
public class DemoFeedBenchmark {

    private static final int OBSERVATIONS = 200_000;
    private static final long SPAN = 20_000;

    /** The figures of the one invocation. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Figures {
        /** Observations from the jump to the right structure. */
        public long jumpToStructure;
        /** Events after the jump. */
        public long jumpEvents;
        /** Observations from the fourth cluster's appearance to the right structure. */
        public long appearToStructure;
        /** Events after the appearance. */
        public long appearEvents;
        /** Events while nothing but creeping happens. */
        public long quietEvents;
    }

    @Benchmark
    public DemoRun demo(Figures figures) {
        DemoRun demo = DemoRun.of(OBSERVATIONS);
        long jump = SyntheticFeed.JUMP_AT;
        long appear = SyntheticFeed.APPEAR_AT;
        figures.jumpToStructure = demo.toStructure(jump, appear, 0.5);
        figures.appearToStructure = demo.toStructure(appear, OBSERVATIONS, 0.5);
        figures.jumpEvents = demo.events(jump, jump + SPAN).size();
        figures.appearEvents = demo.events(appear, appear + SPAN).size();
        List<DriftEvent> quiet = demo.events(5_001, jump);
        figures.quietEvents = quiet.size() + demo.events(jump + SPAN, appear).size()
                + demo.events(appear + SPAN, OBSERVATIONS + 1).size();
        return demo;
    }
}
