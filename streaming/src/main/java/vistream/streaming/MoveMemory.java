package vistream.streaming;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What a stream keeps for its moves: the memo of recent observations moves are judged on, the
 * reservoir of recent surprising observations births are fitted to, and when the next round is
 * due. Both are kept as the immutable chunks the batches left, oldest first, so that a batch adds
 * one reference rather than copying the memo. Immutable.
 *
 * @param memo          chunks of observations, row-major, oldest first
 * @param memoWeights   per chunk, the weight each of its observations carries in the posterior: the
 *                      update rule's coefficient of its batch times the observations each sample
 *                      stands for, discounted by every later batch's
 * @param memoSize      observations in the memo
 * @param reservoir     chunks of surprising observations, oldest first
 * @param reservoirSize observations in the reservoir
 * @param nextRound     the observation count at which the next round is due
 * @param interval      the wait after the next quiet round
 * @param quietRounds   rounds without a move since the last move: which component the next
 *                      round's split aims at
 */
record MoveMemory(List<double[]> memo, List<Double> memoWeights, int memoSize, List<double[]> reservoir,
        int reservoirSize, long nextRound, long interval, long quietRounds) {

    MoveMemory {
        memo = List.copyOf(memo);
        memoWeights = List.copyOf(memoWeights);
        reservoir = List.copyOf(reservoir);
    }

    /** Nothing remembered; the first round due after {@code every} observations. */
    static MoveMemory initial(StreamMoves settings) {
        return new MoveMemory(List.of(), List.of(), 0, List.of(), 0, settings.every(), settings.every(), 0);
    }

    /**
     * The memory after a batch of {@code n} observations left these samples and surprising
     * observations and the update rule absorbed it with {@code step}: every chunk's weight is
     * discounted by the step's keep, and the new one weighs add × n / samples per sample.
     */
    MoveMemory remember(double[] samples, double[] surprising, int n, vistream.core.inference.UpdateRule.Step step,
            int d, StreamMoves settings) {
        List<double[]> m = new ArrayList<>(memo);
        List<Double> w = new ArrayList<>(memoWeights.size() + 1);
        for (double weight : memoWeights) {
            w.add(weight * step.keep());
        }
        if (samples.length > 0) {
            w.add(step.add() * n / (samples.length / d));
        }
        int mSize = append(m, w, memoSize, samples, d, settings.memoSize());
        List<double[]> r = new ArrayList<>(reservoir);
        int rSize = append(r, null, reservoirSize, surprising, d, StreamMoves.RESERVOIR);
        return new MoveMemory(m, w, mSize, r, rSize, nextRound, interval, quietRounds);
    }

    /** Appends a chunk and drops the oldest observations beyond the capacity; returns the new size. */
    private static int append(List<double[]> chunks, List<Double> weights, int size, double[] chunk, int d, int capacity) {
        if (chunk.length == 0) {
            return size;
        }
        chunks.add(chunk);
        return trim(chunks, weights, size + chunk.length / d, d, capacity);
    }

    /** Drops the oldest observations beyond the capacity; returns the new size. */
    private static int trim(List<double[]> chunks, List<Double> weights, int size, int d, int capacity) {
        while (size > capacity) {
            double[] oldest = chunks.get(0);
            int excess = size - capacity;
            int rows = oldest.length / d;
            if (rows <= excess) {
                chunks.remove(0);
                if (weights != null) {
                    weights.remove(0);
                }
                size -= rows;
            } else {
                chunks.set(0, Arrays.copyOfRange(oldest, excess * d, oldest.length));
                size -= excess;
            }
        }
        return size;
    }

    /** The memo's observations, oldest first, row-major. */
    double[] memoData(int d) {
        return concatenate(memo, memoSize, d);
    }

    /**
     * The memo with the weights its observations carry in the posterior, in maximal runs of equal
     * weight: what a move's sums run over chunk by chunk, so grouped the same however the memo was
     * chunked (a batch a chunk in a running stream, a run of equal weights when read back from a
     * checkpoint), for the same bits either way.
     */
    vistream.core.moves.WeightedData judged(int d) {
        List<double[]> runs = new ArrayList<>();
        List<Double> weights = new ArrayList<>();
        int b = 0;
        while (b < memo.size()) {
            int end = b + 1;
            while (end < memo.size() && memoWeights.get(end).doubleValue() == memoWeights.get(b).doubleValue()) {
                end++;
            }
            runs.add(end == b + 1 ? memo.get(b) : concatenate(memo.subList(b, end), rows(b, end, d), d));
            weights.add(memoWeights.get(b));
            b = end;
        }
        double[] w = new double[weights.size()];
        for (int r = 0; r < w.length; r++) {
            w[r] = weights.get(r);
        }
        return new vistream.core.moves.WeightedData(runs, w, d);
    }

    private int rows(int from, int to, int d) {
        int rows = 0;
        for (int b = from; b < to; b++) {
            rows += memo.get(b).length / d;
        }
        return rows;
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
        return new MoveMemory(memo, memoWeights, memoSize, reservoir, reservoirSize, next, wait, quietRounds + 1);
    }

    /** The same memory with the next round due at {@code next}, the wait after it unchanged. */
    MoveMemory dueAt(long next) {
        return new MoveMemory(memo, memoWeights, memoSize, reservoir, reservoirSize, next, interval, quietRounds);
    }

    /** After a move: the next round at {@code next}, with the first wait {@code wait}. */
    MoveMemory moved(long next, long wait) {
        return new MoveMemory(memo, memoWeights, memoSize, reservoir, reservoirSize, next, wait, 0);
    }

    /** The same memory with only the memo's newest {@code rows} observations. */
    MoveMemory newest(int rows, int d) {
        List<double[]> m = new ArrayList<>(memo);
        List<Double> w = new ArrayList<>(memoWeights);
        int size = trim(m, w, memoSize, d, rows);
        return new MoveMemory(m, w, size, reservoir, reservoirSize, nextRound, interval, quietRounds);
    }

    /** The same memory without the surprising observations: a birth has explained them. */
    MoveMemory withoutReservoir() {
        return new MoveMemory(memo, memoWeights, memoSize, List.of(), 0, nextRound, interval, quietRounds);
    }

    /**
     * The memory a checkpoint holds: a running stream's own, as it is, or one read back from JSON,
     * the memo's rows in runs of equal weight (which {@link #judged} makes of a running stream's
     * memo too), the reservoir in one chunk.
     */
    static MoveMemory of(StreamCheckpoint.Moves m, int d) {
        if (m.memory() != null) {
            return m.memory();
        }
        double[] memo = m.memo();
        double[] rowWeights = m.memoWeights();
        if (memo.length % d != 0 || rowWeights.length != memo.length / d || m.reservoir().length % d != 0) {
            throw new IllegalArgumentException("checkpoint memo of " + memo.length + " values, " + rowWeights.length
                    + " weights and a reservoir of " + m.reservoir().length + " values does not fit observations of "
                    + d + " values");
        }
        List<double[]> chunks = new ArrayList<>();
        List<Double> weights = new ArrayList<>();
        int rows = memo.length / d;
        for (int start = 0; start < rows;) {
            int end = start + 1;
            while (end < rows && rowWeights[end] == rowWeights[start]) {
                end++;
            }
            chunks.add(Arrays.copyOfRange(memo, start * d, end * d));
            weights.add(rowWeights[start]);
            start = end;
        }
        double[] reservoir = m.reservoir();
        return new MoveMemory(chunks, weights, rows, reservoir.length == 0 ? List.of() : List.of(reservoir),
                reservoir.length / d, m.nextRound(), m.interval(), m.quietRounds());
    }

    /** What a checkpoint keeps of it: this memory itself, flattened only when read. */
    StreamCheckpoint.Moves checkpoint(int d) {
        return new StreamCheckpoint.Moves(this, d);
    }

    /** The memo, its per-row weights and the reservoir, row-major. */
    double[][] flattened(int d) {
        double[] rowWeights = new double[memoSize];
        int at = 0;
        for (int b = 0; b < memo.size(); b++) {
            int rows = memo.get(b).length / d;
            Arrays.fill(rowWeights, at, at + rows, memoWeights.get(b));
            at += rows;
        }
        return new double[][] {memoData(d), rowWeights, reservoirData(d)};
    }
}
