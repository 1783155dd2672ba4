package vistream.core.moves;

import java.util.Objects;

import vistream.core.mixture.ConjugateMixture;
import vistream.core.mixture.NaturalParameters;

/**
 * A move to try: where its trial fit starts, and how the components are recombined if it is
 * accepted. Components are named by their positions in the posterior the proposal was made for.
 */
public sealed interface Proposal permits Proposal.Birth, Proposal.Merge, Proposal.Delete {

    /** @return what the move does */
    MoveKind kind();

    /**
     * Returns the posterior its trial starts from: this move applied to {@code start}, the current
     * posterior at the scale of the data it is judged on.
     *
     * @param model the model of {@code start}
     * @param start the current posterior
     * @return the trial's start, of {@code model.withComponents(componentsAfter(K))}
     */
    NaturalParameters trialStart(ConjugateMixture model, NaturalParameters start);

    /**
     * Returns the number of components after the move.
     *
     * @param k the number before
     * @return the number after
     */
    int componentsAfter(int k);

    /**
     * Returns how the ids change.
     *
     * @param ids the ids before
     * @return the ids after
     */
    ComponentIds ids(ComponentIds ids);

    /**
     * Returns the ids the move's event names: the newborns; the survivor then the absorbed; the
     * removed then its receiver.
     *
     * @param before the ids before the move
     * @param after  the ids after it
     * @return the ids involved
     */
    long[] named(ComponentIds before, ComponentIds after);

    /**
     * Two components become one: the survivor keeps its position and id and gains the absorbed
     * one's statistics.
     *
     * @param survivor the position that stays
     * @param absorbed the position that goes
     */
    record Merge(int survivor, int absorbed) implements Proposal {

        /**
         * Validates.
         *
         * @throws IllegalArgumentException if the positions are equal or negative
         */
        public Merge {
            requirePair(survivor, absorbed);
        }

        @Override
        public MoveKind kind() {
            return MoveKind.MERGE;
        }

        @Override
        public NaturalParameters trialStart(ConjugateMixture model, NaturalParameters start) {
            return model.recombine(start, absorbing(model.components(), survivor, absorbed));
        }

        @Override
        public int componentsAfter(int k) {
            return k - 1;
        }

        @Override
        public ComponentIds ids(ComponentIds ids) {
            return ids.without(absorbed);
        }

        @Override
        public long[] named(ComponentIds before, ComponentIds after) {
            return new long[] {before.id(survivor), before.id(absorbed)};
        }
    }

    /**
     * A component is removed and its statistics go to another.
     *
     * @param removed  the position that goes
     * @param receiver the position that takes its statistics
     */
    record Delete(int removed, int receiver) implements Proposal {

        /**
         * Validates.
         *
         * @throws IllegalArgumentException if the positions are equal or negative
         */
        public Delete {
            requirePair(receiver, removed);
        }

        @Override
        public MoveKind kind() {
            return MoveKind.DELETE;
        }

        @Override
        public NaturalParameters trialStart(ConjugateMixture model, NaturalParameters start) {
            return model.recombine(start, absorbing(model.components(), receiver, removed));
        }

        @Override
        public int componentsAfter(int k) {
            return k - 1;
        }

        @Override
        public ComponentIds ids(ComponentIds ids) {
            return ids.without(removed);
        }

        @Override
        public long[] named(ComponentIds before, ComponentIds after) {
            return new long[] {before.id(removed), before.id(receiver)};
        }
    }

    /**
     * New components appended after the current ones.
     *
     * @param newborns their posterior, of {@code model.withComponents(count)}: fitted to the
     *                 observations the current posterior explains worst
     * @param count    how many
     */
    record Birth(NaturalParameters newborns, int count) implements Proposal {

        /**
         * Validates.
         *
         * @throws IllegalArgumentException if count &lt; 1
         */
        public Birth {
            Objects.requireNonNull(newborns, "newborns");
            if (count < 1) {
                throw new IllegalArgumentException("a birth adds at least one component, got " + count);
            }
        }

        @Override
        public MoveKind kind() {
            return MoveKind.BIRTH;
        }

        /**
         * Starts the newborns on an equal footing: the start's observations are shared so that each
         * newborn holds as many as an average component, the current components keeping their
         * shapes and relative weights with the rest. A newborn fitted to a few hundred points would
         * otherwise start with a weight so small that the first local step gives it nothing.
         */
        @Override
        public NaturalParameters trialStart(ConjugateMixture model, NaturalParameters start) {
            int k = model.components();
            double total = 0.0;
            for (double n : model.counts(start)) {
                total += n;
            }
            double each = total / (k + count);
            double[][] keep = new double[k][k];
            for (int c = 0; c < k; c++) {
                keep[c][c] = (double) k / (k + count);
            }
            ConjugateMixture born = model.withComponents(count);
            double[] counts = born.counts(newborns);
            double[][] scale = new double[count][count];
            for (int c = 0; c < count; c++) {
                scale[c][c] = each / counts[c];
            }
            return model.concatenate(model.recombine(start, keep), born.recombine(newborns, scale), count);
        }

        @Override
        public int componentsAfter(int k) {
            return k + count;
        }

        @Override
        public ComponentIds ids(ComponentIds ids) {
            return ids.withNewborns(count);
        }

        @Override
        public long[] named(ComponentIds before, ComponentIds after) {
            long[] out = new long[count];
            for (int j = 0; j < count; j++) {
                out[j] = after.id(before.size() + j);
            }
            return out;
        }
    }

    /**
     * The shares of a K-component posterior in which {@code from}'s statistics join {@code into}'s
     * and {@code from} goes: K − 1 rows, the others copied in order.
     *
     * @param k    K
     * @param into the position that takes the statistics
     * @param from the position that goes
     * @return the K − 1 rows of shares
     */
    static double[][] absorbing(int k, int into, int from) {
        double[][] shares = new double[k - 1][k];
        for (int c = 0, row = 0; c < k; c++) {
            if (c == from) {
                continue;
            }
            shares[row][c] = 1.0;
            if (c == into) {
                shares[row][from] = 1.0;
            }
            row++;
        }
        return shares;
    }

    private static void requirePair(int a, int b) {
        if (a < 0 || b < 0 || a == b) {
            throw new IllegalArgumentException("a move needs two different components, got " + a + " and " + b);
        }
    }
}
