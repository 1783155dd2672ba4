package vistream.streaming;

import java.util.Objects;

import vistream.core.moves.MoveOptions;
import vistream.core.numeric.Checks;

/**
 * How a stream changes its number of components: birth, merge and delete moves
 * ({@code vistream.core.moves}), judged on a memo of recent observations.
 *
 * <p>Each minibatch leaves every {@code memoStride}-th observation in the memo, which keeps the
 * last {@code memoSize} of them, and its most surprising sixteenth (by the prequential log
 * density) in a reservoir of the latest {@value #RESERVOIR} surprising observations. A move round
 * looks for candidates cheaply (components with a negligible share, overlapping pairs, a birth
 * fitted to the reservoir's worst-explained observations) and judges each by the ELBO of the memo
 * ({@link vistream.core.moves.Comparison}); the first that raises it is applied to the stream's
 * posterior exactly in natural parameters. Rounds come every {@code every} observations; after a
 * round that changes nothing the wait doubles, up to {@value #MAX_BACKOFF} times {@code every}, so
 * that a stationary stream pays for few rounds; a change alarm brings a round at once, a cluster
 * missing from a batch brings one when the memo has lost it, and a move brings the next one at the
 * next batch.
 *
 * @param moves      what moves may do, how trials are fitted, and the bound on components
 * @param memoSize   observations the memo keeps, at least 16
 * @param memoStride one in this many valid observations enters the memo, at least 1
 * @param every      observations between rounds at first, at least 1
 */
public record StreamMoves(MoveOptions moves, int memoSize, int memoStride, long every) {

    /** Surprising observations kept for births. */
    public static final int RESERVOIR = 512;
    /**
     * How many times {@code every} the wait between quiet rounds may grow to: 1024, so 5.12 million
     * observations by default. Changes do not wait for them: an alarm brings a round at once, and
     * so does a cluster missing from a batch, once the memo has lost it.
     */
    public static final int MAX_BACKOFF = 1024;

    /**
     * Validates.
     *
     * @throws IllegalArgumentException if a value is out of range
     */
    public StreamMoves {
        Objects.requireNonNull(moves, "moves");
        Checks.atLeast("memo size", memoSize, 16);
        Checks.atLeast("memo stride", memoStride, 1);
        if (every < 1) {
            throw new IllegalArgumentException("observations between move rounds must be at least 1, got " + every);
        }
    }

    /**
     * The defaults: a memo of 2,000 observations, one in four, so spanning the last 8,000; rounds
     * every 5,000 observations on a quiet stream at first; {@link MoveOptions#defaults}.
     *
     * @param maxComponents the bound on components
     * @return the settings
     */
    public static StreamMoves defaults(int maxComponents) {
        return new StreamMoves(MoveOptions.defaults(maxComponents), 2000, 4, 5000);
    }

    /**
     * Returns these settings with the births' seed.
     *
     * @param seed the seed
     * @return the settings
     */
    public StreamMoves withSeed(long seed) {
        return new StreamMoves(moves.withSeed(seed), memoSize, memoStride, every);
    }
}
