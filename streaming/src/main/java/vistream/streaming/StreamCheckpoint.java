package vistream.streaming;

import java.util.Arrays;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

import vistream.core.drift.PageHinkley;
import vistream.core.moves.ComponentIds;
import vistream.core.numeric.Checks;

/**
 * Everything a stream needs to continue exactly where a snapshot was taken: resuming from it and
 * feeding the rest of the observations gives the same snapshots as never having stopped, moves
 * included.
 *
 * @param posterior    the global natural parameters λ, of as many components as {@code components}
 * @param components   the components' ids and the next id to give
 * @param born         per component, the observations absorbed when it was born
 * @param batches      t, the batches absorbed (the step-size schedule's clock)
 * @param observations valid observations absorbed
 * @param rejected     invalid observations refused
 * @param snapshots    snapshots emitted, this one included
 * @param detector     the Page–Hinkley test's running state
 * @param episodes     episodes of change so far
 * @param lastAlarm    the observation count at the latest alarm, or −1 before any
 * @param sinceChange  the share of the observations the posterior holds that came after the latest
 *                     change alarm or move, in [0, 1] (1 before any)
 * @param window       the drift window's start
 * @param moves        the moves' memo, reservoir and schedule; null for a stream without moves
 */
public record StreamCheckpoint(double[] posterior, ComponentIds components, long[] born, long batches, long observations,
        long rejected, long snapshots, PageHinkley.State detector, long episodes, long lastAlarm, double sinceChange,
        Window window, Moves moves) {

    /**
     * Copies the arrays and checks that nothing is missing or out of range.
     *
     * @throws IllegalArgumentException if a value is not finite, a count is negative, or the
     *                                  components and birth positions disagree
     */
    public StreamCheckpoint {
        posterior = Checks.allFinite("checkpoint posterior", Objects.requireNonNull(posterior, "posterior").clone());
        Objects.requireNonNull(components, "components");
        born = Objects.requireNonNull(born, "born").clone();
        if (born.length != components.size()) {
            throw new IllegalArgumentException("checkpoint has " + components.size() + " components but "
                    + born.length + " birth positions");
        }
        Objects.requireNonNull(detector, "detector");
        Objects.requireNonNull(window, "window");
        if (batches < 0 || observations < 0 || rejected < 0 || snapshots < 0 || episodes < 0 || lastAlarm < -1) {
            throw new IllegalArgumentException("checkpoint counts must not be negative");
        }
        if (!(sinceChange >= 0.0 && sinceChange <= 1.0)) {
            throw new IllegalArgumentException("checkpoint share since the last change must be in [0, 1], got " + sinceChange);
        }
    }

    /** @return λ, a copy */
    @Override
    public double[] posterior() {
        return posterior.clone();
    }

    /** @return the birth positions, a copy */
    @Override
    public long[] born() {
        return born.clone();
    }

    /**
     * The start of the current drift window.
     *
     * @param ids       its components' ids
     * @param posterior λ at the window's start
     * @param snapshots snapshots emitted in the window
     */
    public record Window(long[] ids, double[] posterior, int snapshots) {

        /**
         * Copies and validates.
         *
         * @throws IllegalArgumentException if a value is not finite or the count is negative
         */
        public Window {
            ids = Objects.requireNonNull(ids, "ids").clone();
            posterior = Checks.allFinite("checkpoint window", Objects.requireNonNull(posterior, "posterior").clone());
            if (snapshots < 0) {
                throw new IllegalArgumentException("window snapshots must not be negative, got " + snapshots);
            }
        }

        /** @return the ids, a copy */
        @Override
        public long[] ids() {
            return ids.clone();
        }

        /** @return λ, a copy */
        @Override
        public double[] posterior() {
            return posterior.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Window w && Arrays.equals(ids, w.ids) && Arrays.equals(posterior, w.posterior)
                    && snapshots == w.snapshots;
        }

        @Override
        public int hashCode() {
            return Objects.hash(Arrays.hashCode(ids), Arrays.hashCode(posterior), snapshots);
        }
    }

    /**
     * What a stream's moves remember: the memo, its weights, the reservoir and the schedule. A
     * stream's own snapshots share the memory's immutable chunks and flatten them only when read
     * (a snapshot per batch would otherwise copy the memo each time); one read from JSON holds
     * its arrays. Immutable; equal when the flattened contents and the schedule are.
     */
    public static final class Moves {

        /** The stream's memory, or null for one read from JSON. */
        private final MoveMemory memory;
        private final int dimension;
        private volatile double[][] flat;
        private final long nextRound;
        private final long interval;
        private final long quietRounds;

        /**
         * Copies and validates.
         *
         * @param memo        recent observations, oldest first, row-major
         * @param memoWeights per memo observation, the weight it carries in the posterior
         * @param reservoir   recent surprising observations, oldest first, row-major
         * @param nextRound   the observation count at which the next round is due
         * @param interval    the wait after the next quiet round
         * @param quietRounds rounds without a move since the last move
         * @throws IllegalArgumentException if a value is not finite or the schedule is negative
         */
        @JsonCreator
        public Moves(@JsonProperty("memo") double[] memo, @JsonProperty("memoWeights") double[] memoWeights,
                @JsonProperty("reservoir") double[] reservoir, @JsonProperty("nextRound") long nextRound,
                @JsonProperty("interval") long interval, @JsonProperty("quietRounds") long quietRounds) {
            double[] m = Checks.allFinite("checkpoint memo", Objects.requireNonNull(memo, "memo").clone());
            double[] w = Checks.allFinite("checkpoint memo weights", Objects.requireNonNull(memoWeights, "memoWeights").clone());
            for (double x : w) {
                if (x < 0.0) {
                    throw new IllegalArgumentException("checkpoint memo weights must not be negative, got " + x);
                }
            }
            double[] r = Checks.allFinite("checkpoint reservoir", Objects.requireNonNull(reservoir, "reservoir").clone());
            checkSchedule(nextRound, interval, quietRounds);
            this.memory = null;
            this.dimension = 0;
            this.flat = new double[][] {m, w, r};
            this.nextRound = nextRound;
            this.interval = interval;
            this.quietRounds = quietRounds;
        }

        /** A stream's own: shares the memory's chunks, which nothing changes. */
        Moves(MoveMemory memory, int dimension) {
            checkSchedule(memory.nextRound(), memory.interval(), memory.quietRounds());
            this.memory = memory;
            this.dimension = dimension;
            this.nextRound = memory.nextRound();
            this.interval = memory.interval();
            this.quietRounds = memory.quietRounds();
        }

        private static void checkSchedule(long nextRound, long interval, long quietRounds) {
            if (nextRound < 0 || interval < 1 || quietRounds < 0) {
                throw new IllegalArgumentException("checkpoint move schedule out of range: " + nextRound + ", " + interval
                        + ", " + quietRounds);
            }
        }

        /** The memory this came from, if a stream made it: a resume takes it as it is. */
        MoveMemory memory() {
            return memory;
        }

        private double[][] flat() {
            double[][] f = flat;
            if (f == null) {
                f = memory.flattened(dimension);
                flat = f;
            }
            return f;
        }

        /** @return the memo, a copy: recent observations, oldest first, row-major */
        @JsonProperty("memo")
        public double[] memo() {
            return flat()[0].clone();
        }

        /** @return the memo's weights, a copy: per observation, the weight it carries in the posterior */
        @JsonProperty("memoWeights")
        public double[] memoWeights() {
            return flat()[1].clone();
        }

        /** @return the reservoir, a copy: recent surprising observations, oldest first, row-major */
        @JsonProperty("reservoir")
        public double[] reservoir() {
            return flat()[2].clone();
        }

        /** @return the observation count at which the next round is due */
        @JsonProperty("nextRound")
        public long nextRound() {
            return nextRound;
        }

        /** @return the wait after the next quiet round */
        @JsonProperty("interval")
        public long interval() {
            return interval;
        }

        /** @return rounds without a move since the last move */
        @JsonProperty("quietRounds")
        public long quietRounds() {
            return quietRounds;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Moves m && nextRound == m.nextRound && interval == m.interval
                    && quietRounds == m.quietRounds && Arrays.deepEquals(flat(), m.flat());
        }

        @Override
        public int hashCode() {
            return Objects.hash(Arrays.deepHashCode(flat()), nextRound, interval, quietRounds);
        }

        @Override
        public String toString() {
            double[][] f = flat();
            return "Moves[memo=" + f[0].length + " values, reservoir=" + f[2].length + " values, nextRound=" + nextRound
                    + ", interval=" + interval + ", quietRounds=" + quietRounds + "]";
        }
    }

    private Object[] fields() {
        return new Object[] {posterior, components, born, batches, observations, rejected, snapshots, detector, episodes,
            lastAlarm, sinceChange, window, moves};
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StreamCheckpoint c && Arrays.deepEquals(fields(), c.fields());
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(fields());
    }

    @Override
    public String toString() {
        return "StreamCheckpoint" + Arrays.deepToString(fields());
    }
}
