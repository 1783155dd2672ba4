package vistream.app.serve;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;
import vistream.app.source.Line;

/**
 * The embedded demonstration feed: a seeded, drifting Gaussian mixture in one dimension, paced to
 * a rate, so that a newcomer sees every part of the service at work with one command.
 * <ul>
 *   <li>cluster A circles around −6 (amplitude 1.5, one cycle per {@value #PERIOD} observations);</li>
 *   <li>cluster B sits at 0 and jumps to 3 at observation {@value #JUMP_AT};</li>
 *   <li>cluster C creeps from 6 to 8 over the first {@value #PERIOD} observations, then back;</li>
 *   <li>cluster D appears at −13 at observation {@value #APPEAR_AT}.</li>
 * </ul>
 * Every observation is unit-variance noise around its cluster's centre. Observation i depends only
 * on the seed and i, so a resumed service continues the same feed.
 */
final class SyntheticFeed {

    static final long PERIOD = 240_000;
    static final long JUMP_AT = 60_000;
    static final long APPEAR_AT = 120_000;
    private static final Duration TICK = Duration.ofMillis(50);

    private SyntheticFeed() {
    }

    /** The centres of the clusters present at observation i. */
    static double[] centres(long i) {
        double phase = 2 * Math.PI * (i % PERIOD) / PERIOD;
        double a = -6 + 1.5 * Math.sin(phase);
        double b = i < JUMP_AT ? 0 : 3;
        double c = 7 - Math.cos(phase);
        return i < APPEAR_AT ? new double[] {a, b, c} : new double[] {a, b, c, -13};
    }

    /** Observation i of the feed with the given seed. */
    static double observation(long seed, long i) {
        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + i);
        double[] centres = centres(i);
        double u = 1.0 - random.nextDouble();
        double noise = Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2.0 * Math.PI * random.nextDouble());
        return centres[random.nextInt(centres.length)] + noise;
    }

    /**
     * The feed from observation {@code first} on, {@code rate} observations a second in ticks of
     * 50 ms. A tick the pipeline cannot take yet is dropped (this feed has no data to lose).
     */
    static Flux<Line> lines(long seed, long first, double rate, Scheduler scheduler) {
        double perTick = rate * TICK.toMillis() / 1000.0;
        long[] next = {first};
        double[] owed = {0.0};
        return Flux.interval(TICK, scheduler).onBackpressureDrop().concatMapIterable(tick -> {
            owed[0] += perTick;
            int count = (int) owed[0];
            owed[0] -= count;
            List<Line> batch = new ArrayList<>(count);
            for (int j = 0; j < count; j++) {
                long i = next[0]++;
                batch.add(new Line("synthetic", i + 1, Double.toString(observation(seed, i))));
            }
            return batch;
        });
    }
}
