package vistream.streaming;

import java.util.Arrays;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import reactor.core.publisher.SynchronousSink;

/**
 * Lets valid observations through and hands every invalid one (wrong dimension, NaN or infinite
 * value) to the side channel, counted, so that it never reaches the posterior and is never lost.
 * One instance per subscription; signals arrive serially, so plain fields suffice for the index,
 * and the count is read by the same serial chain.
 */
final class ObservationGate implements BiConsumer<double[], SynchronousSink<double[]>> {

    private final int dimension;
    private final Consumer<InvalidObservation> onInvalid;
    private long index;
    private volatile long rejected;

    ObservationGate(int dimension, Consumer<InvalidObservation> onInvalid, long firstIndex, long rejectedSoFar) {
        this.dimension = dimension;
        this.onInvalid = onInvalid;
        this.index = firstIndex;
        this.rejected = rejectedSoFar;
    }

    @Override
    public void accept(double[] x, SynchronousSink<double[]> sink) {
        long at = index++;
        String problem = problem(x, dimension);
        if (problem == null) {
            sink.next(x);
            return;
        }
        rejected++;
        InvalidObservation.Reason reason = x.length != dimension ? InvalidObservation.Reason.WRONG_DIMENSION
                : InvalidObservation.Reason.NOT_FINITE;
        onInvalid.accept(new InvalidObservation(at, reason, Arrays.toString(x), "observation " + at + " " + problem));
    }

    long rejected() {
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
        }
        return null;
    }
}
