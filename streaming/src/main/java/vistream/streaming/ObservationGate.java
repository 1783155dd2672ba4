package vistream.streaming;

import java.util.ArrayDeque;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import reactor.core.publisher.SynchronousSink;
import vistream.core.numeric.Checks;

/**
 * Lets valid observations through and hands every invalid one (wrong dimension, NaN, infinite
 * or out-of-range value) to the side channel, counted, so that it never reaches the posterior and
 * is never lost.
 *
 * <p>Batches are handed on later than the gate sees observations (the buffer may run ahead), so
 * a rejection is pinned to its place in the stream, the number of valid observations before it,
 * and {@link #rejectedBefore(long)} tells how many were refused before a given valid observation.
 * One instance per subscription. The gate runs on the source's thread and the batches may be
 * processed on the timer's, so the ledger is guarded by this object's lock.
 *
 * <p>With an {@link InPlaceObservationParser} every valid observation is parsed into one reused
 * row: {@link Batches}, the gate's only subscriber, copies it into the open batch before the gate
 * sees the next input.
 */
final class ObservationGate<T> implements BiConsumer<T, SynchronousSink<double[]>> {

    private final ObservationParser<T> parser;
    /** The parser if it parses in place, else null. */
    private final InPlaceObservationParser<T> inPlace;
    /** Where an in-place parser writes each observation; handed on and overwritten by the next. */
    private final double[] row;
    private final int dimension;
    private final Consumer<InvalidObservation> onInvalid;
    private long index;
    private long valid;
    private long rejected;
    private long settled;
    /** Pairs (valid observations before, rejections there), oldest first, merged per place. */
    private final ArrayDeque<long[]> pending = new ArrayDeque<>();

    ObservationGate(ObservationParser<T> parser, int dimension, Consumer<InvalidObservation> onInvalid, long firstIndex,
            long validSoFar, long rejectedSoFar) {
        this.parser = parser;
        this.inPlace = parser instanceof InPlaceObservationParser<T> p ? p : null;
        this.row = new double[dimension];
        this.dimension = dimension;
        this.onInvalid = onInvalid;
        this.index = firstIndex;
        this.valid = validSoFar;
        this.rejected = rejectedSoFar;
        this.settled = rejectedSoFar;
    }

    @Override
    public void accept(T input, SynchronousSink<double[]> sink) {
        long at = index++;
        double[] x;
        try {
            if (inPlace != null) {
                inPlace.parseInto(input, row);
                x = row;
            } else {
                x = parser.parse(input);
            }
        } catch (RejectedInputException e) {
            record();
            onInvalid.accept(new InvalidObservation(at, e.reason(), String.valueOf(input), e.getMessage()));
            return;
        }
        InvalidObservation invalid = InvalidObservation.check(at, x, dimension);
        if (invalid == null) {
            valid++;
            sink.next(x);
            return;
        }
        record();
        onInvalid.accept(invalid);
    }

    private synchronized void record() {
        rejected++;
        long[] last = pending.peekLast();
        if (last != null && last[0] == valid) {
            last[1]++;
        } else {
            pending.addLast(new long[] {valid, 1});
        }
    }

    /**
     * Returns how many observations were refused before valid observation number
     * {@code validCount} (counting from 1), i.e. up to the last observation of a batch that ends
     * there. Calls must come with non-decreasing arguments.
     */
    synchronized long rejectedBefore(long validCount) {
        while (!pending.isEmpty() && pending.peekFirst()[0] < validCount) {
            settled += pending.pollFirst()[1];
        }
        return settled;
    }

    /** Every observation refused so far, for the snapshot at completion. */
    synchronized long rejected() {
        return rejected;
    }

    /** Returns what is wrong with an observation, or null if nothing is. */
    static String problem(double[] x, int dimension) {
        if (x.length != dimension) {
            return "has " + x.length + " values, expected " + dimension;
        }
        for (int d = 0; d < x.length; d++) {
            if (!Double.isFinite(x[d])) {
                return "has value " + x[d] + (dimension > 1 ? " in dimension " + d : "") + "; values must be finite";
            }
            if (!Checks.inRange(x[d])) {
                return "has value " + x[d] + (dimension > 1 ? " in dimension " + d : "")
                        + ", out of range; values must be within ±" + Checks.MAX_MAGNITUDE_TEXT;
            }
        }
        return null;
    }
}
