package vistream.core.moves;

import java.util.Arrays;
import java.util.Objects;

/**
 * A move a batch fit made.
 *
 * @param kind      birth, merge or delete
 * @param ids       the components it names: the newborns; the survivor then the absorbed; the
 *                  removed then its receiver
 * @param gain      how much it raised the ELBO, in nats
 * @param iteration the entry of the ELBO trace it produced, from 1
 */
public record AcceptedMove(MoveKind kind, long[] ids, double gain, int iteration) {

    /** Copies the ids. */
    public AcceptedMove {
        Objects.requireNonNull(kind, "kind");
        ids = ids.clone();
    }

    /** @return a copy of the ids */
    @Override
    public long[] ids() {
        return ids.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AcceptedMove m && kind == m.kind && Arrays.equals(ids, m.ids)
                && Double.compare(gain, m.gain) == 0 && iteration == m.iteration;
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, Arrays.hashCode(ids), gain, iteration);
    }

    @Override
    public String toString() {
        return kind.tag() + Arrays.toString(ids) + " +" + gain + " at " + iteration;
    }
}
