package vistream.streaming;

import java.util.Arrays;
import java.util.Objects;

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
 * @param window       the drift window's start
 * @param moves        the moves' memo, reservoir and schedule; null for a stream without moves
 */
public record StreamCheckpoint(double[] posterior, ComponentIds components, long[] born, long batches, long observations,
        long rejected, long snapshots, PageHinkley.State detector, long episodes, long lastAlarm, Window window,
        Moves moves) {

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
     * What a stream's moves remember.
     *
     * @param memo        recent observations, oldest first, row-major
     * @param memoWeights per memo observation, the weight it carries in the posterior
     * @param reservoir   recent surprising observations, oldest first, row-major
     * @param nextRound   the observation count at which the next round is due
     * @param interval    the wait after the next quiet round
     * @param quietRounds rounds without a move since the last move
     */
    public record Moves(double[] memo, double[] memoWeights, double[] reservoir, long nextRound, long interval,
            long quietRounds) {

        /**
         * Copies and validates.
         *
         * @throws IllegalArgumentException if a value is not finite or the schedule is negative
         */
        public Moves {
            memo = Checks.allFinite("checkpoint memo", Objects.requireNonNull(memo, "memo").clone());
            memoWeights = Checks.allFinite("checkpoint memo weights", Objects.requireNonNull(memoWeights, "memoWeights").clone());
            for (double w : memoWeights) {
                if (w < 0.0) {
                    throw new IllegalArgumentException("checkpoint memo weights must not be negative, got " + w);
                }
            }
            reservoir = Checks.allFinite("checkpoint reservoir", Objects.requireNonNull(reservoir, "reservoir").clone());
            if (nextRound < 0 || interval < 1 || quietRounds < 0) {
                throw new IllegalArgumentException("checkpoint move schedule out of range: " + nextRound + ", " + interval
                        + ", " + quietRounds);
            }
        }

        /** @return the memo, a copy */
        @Override
        public double[] memo() {
            return memo.clone();
        }

        /** @return the memo's weights, a copy */
        @Override
        public double[] memoWeights() {
            return memoWeights.clone();
        }

        /** @return the reservoir, a copy */
        @Override
        public double[] reservoir() {
            return reservoir.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Moves m && Arrays.equals(memo, m.memo) && Arrays.equals(memoWeights, m.memoWeights)
                    && Arrays.equals(reservoir, m.reservoir)
                    && nextRound == m.nextRound && interval == m.interval && quietRounds == m.quietRounds;
        }

        @Override
        public int hashCode() {
            return Objects.hash(Arrays.hashCode(memo), Arrays.hashCode(memoWeights), Arrays.hashCode(reservoir), nextRound,
                    interval, quietRounds);
        }
    }

    private Object[] fields() {
        return new Object[] {posterior, components, born, batches, observations, rejected, snapshots, detector, episodes,
            lastAlarm, window, moves};
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
