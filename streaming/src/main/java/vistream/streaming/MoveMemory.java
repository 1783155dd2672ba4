package vistream.streaming;

import java.util.ArrayList;
import java.util.List;

/**
 * What a stream keeps for its moves: the memo of recent observations moves are judged on, the
 * reservoir of recent surprising observations births are fitted to, and when the next round is
 * due. Both are kept as the immutable chunks the batches left, oldest first, so that a batch adds
 * one reference rather than copying the memo. Immutable.
 *
 * @param memo          chunks of observations, row-major, oldest first
 * @param memoSize      observations in the memo
 * @param reservoir     chunks of surprising observations, oldest first
 * @param reservoirSize observations in the reservoir
 * @param nextRound     the observation count at which the next round is due
 * @param interval      the wait after the next quiet round
 * @param quietRounds   rounds without a move since the last move: which component the next
 *                      round's split aims at
 */
record MoveMemory(List<double[]> memo, int memoSize, List<double[]> reservoir, int reservoirSize, long nextRound,
        long interval, long quietRounds) {

    MoveMemory {
        memo = List.copyOf(memo);
        reservoir = List.copyOf(reservoir);
    }

    /** Nothing remembered; the first round due after {@code every} observations. */
    static MoveMemory initial(StreamMoves settings) {
        return new MoveMemory(List.of(), 0, List.of(), 0, settings.every(), settings.every(), 0);
    }

    /** The memory after a batch left these samples and surprising observations. */
    MoveMemory remember(double[] samples, double[] surprising, int d, StreamMoves settings) {
        List<double[]> m = new ArrayList<>(memo);
        int mSize = append(m, memoSize, samples, d, settings.memoSize());
        List<double[]> r = new ArrayList<>(reservoir);
        int rSize = append(r, reservoirSize, surprising, d, StreamMoves.RESERVOIR);
        return new MoveMemory(m, mSize, r, rSize, nextRound, interval, quietRounds);
    }

    /** Appends a chunk and drops the oldest observations beyond the capacity; returns the new size. */
    private static int append(List<double[]> chunks, int size, double[] chunk, int d, int capacity) {
        if (chunk.length == 0) {
            return size;
        }
        chunks.add(chunk);
        size += chunk.length / d;
        while (size > capacity) {
            double[] oldest = chunks.get(0);
            int excess = size - capacity;
            int rows = oldest.length / d;
            if (rows <= excess) {
                chunks.remove(0);
                size -= rows;
            } else {
                chunks.set(0, java.util.Arrays.copyOfRange(oldest, excess * d, oldest.length));
                size -= excess;
            }
        }
        return size;
    }

    /** The memo's observations, oldest first, row-major. */
    double[] memoData(int d) {
        return concatenate(memo, memoSize, d);
    }

    /** The reservoir's observations, oldest first, row-major. */
    double[] reservoirData(int d) {
        return concatenate(reservoir, reservoirSize, d);
    }

    private static double[] concatenate(List<double[]> chunks, int size, int d) {
        double[] out = new double[size * d];
        int at = 0;
        for (double[] c : chunks) {
            System.arraycopy(c, 0, out, at, c.length);
            at += c.length;
        }
        return out;
    }

    /** After a round without a move: the next at {@code next}, the wait after it {@code wait}. */
    MoveMemory quiet(long next, long wait) {
        return new MoveMemory(memo, memoSize, reservoir, reservoirSize, next, wait, quietRounds + 1);
    }

    /** After a move: the next round at {@code next}, with the first wait {@code wait}. */
    MoveMemory moved(long next, long wait) {
        return new MoveMemory(memo, memoSize, reservoir, reservoirSize, next, wait, 0);
    }

    /** The same memory without the surprising observations: a birth has explained them. */
    MoveMemory withoutReservoir() {
        return new MoveMemory(memo, memoSize, List.of(), 0, nextRound, interval, quietRounds);
    }

    /** A memory read back from a checkpoint: one chunk each. */
    static MoveMemory of(StreamCheckpoint.Moves m, int d) {
        double[] memo = m.memo();
        double[] reservoir = m.reservoir();
        return new MoveMemory(memo.length == 0 ? List.of() : List.of(memo), memo.length / d,
                reservoir.length == 0 ? List.of() : List.of(reservoir), reservoir.length / d, m.nextRound(), m.interval(),
                m.quietRounds());
    }

    /** What a checkpoint keeps of it. */
    StreamCheckpoint.Moves checkpoint(int d) {
        return new StreamCheckpoint.Moves(memoData(d), reservoirData(d), nextRound, interval, quietRounds);
    }
}
