package vistream.streaming.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import vistream.streaming.DriftEvent;
import vistream.streaming.MoveScenario;

/**
 * How fast the structure follows a change, and how many events a change gives: each scenario of
 * {@link MoveScenario} streamed once per model, in a single shot. The score is the run's time; the
 * figures are JMH's secondary results (auxiliary counters of the one invocation):
 * <ul>
 *   <li>{@code toStructure}: observations from the change (or the start) until the posterior has
 *       as many components as the stream has clusters, each within 0.5 sd of its centre, for good;</li>
 *   <li>{@code toSettled}: the same within 0.15 sd;</li>
 *   <li>{@code events}, {@code alarms}, {@code moves}: events after the change (for a scenario
 *       without one, after the start).</li>
 * </ul>
 * A structure never reached is reported as −1.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 1)
@Fork(1)
public class MoveLatencyBenchmark {

    @Param({"BIRTH", "NEAR_BIRTH", "JUMP", "DEATH", "LATE_DEATH", "DUPLICATE", "SEVEN", "STATIONARY"})
    String scenario;

    @Param({"known-variance", "spherical", "full"})
    String model;

    /** The figures of the one invocation. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Figures {
        /** Observations to the right structure, within 0.5 sd. */
        public long toStructure;
        /** Observations to the right structure, within 0.15 sd. */
        public long toSettled;
        /** Events after the change. */
        public long events;
        /** Change alarms among them. */
        public long alarms;
        /** Moves among them. */
        public long moves;
    }

    @Benchmark
    public MoveScenario.Run stream(Figures figures) {
        MoveScenario s = MoveScenario.valueOf(scenario);
        MoveScenario.Run run = s.run(model);
        double[][] after = s.after(model.equals("full") ? 2 : 1);
        figures.toStructure = reached(run.settledAfter(s.change(), after, 0.5));
        figures.toSettled = reached(run.settledAfter(s.change(), after, 0.15));
        List<DriftEvent> events = run.eventsAfter(s.change());
        figures.events = events.size();
        figures.alarms = events.stream().filter(DriftEvent::alarm).count();
        figures.moves = figures.events - figures.alarms;
        return run;
    }

    private static long reached(long observations) {
        return observations == Long.MAX_VALUE ? -1 : observations;
    }
}
