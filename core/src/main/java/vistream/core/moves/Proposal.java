package vistream.core.moves;

import java.util.Objects;

import vistream.core.mixture.ConjugateMixture;
import vistream.core.mixture.LocalStep;
import vistream.core.mixture.NaturalParameters;
import vistream.core.mixture.SufficientStatistics;

/**
 * A move to try: where its trial fit starts, and how the components are recombined if it is
 * accepted. Components are named by their positions in the posterior the proposal was made for.
 */
public sealed interface Proposal permits Proposal.Birth, Proposal.Split, Proposal.Merge, Proposal.Delete {

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
     * Applies the accepted move to a posterior that stands for more observations than the ones it
     * was judged on: a stream's, whose statistics are its whole memory while the verdict's fits
     * are of a memo of recent observations, which {@code judged} weighs as the posterior holds them.
     * A merge recombines the components exactly ({@link ConjugateMixture#recombine}). A birth gives
     * the newborns the judged observations' statistics under the trial, at the population's weights,
     * and takes from every current component what the trial took from it (see
     * {@link Birth#applyTo}). A split and a delete are described on their own {@code applyTo}.
     *
     * @param model      the model of {@code population}
     * @param population the posterior to change
     * @param verdict    the accepted verdict of this proposal
     * @param judged     the observations the verdict judged, with their weights in {@code population}
     * @return the posterior after the move, of {@code model.withComponents(componentsAfter(K))}
     */
    NaturalParameters applyTo(ConjugateMixture model, NaturalParameters population, Verdict verdict, WeightedData judged);

    /**
     * Returns how many observations' worth of statistics the move hands over in {@code population}:
     * the newborns' total count, the absorbed or removed component's count.
     *
     * @param model      the model of {@code population}
     * @param population the posterior before the move
     * @param after      the posterior after {@link #applyTo}
     * @return the count moved
     */
    double moved(ConjugateMixture model, NaturalParameters population, NaturalParameters after);

    /**
     * Returns the move as it is to be applied to {@code population}: itself, except a delete of a
     * component that overlaps its receiver (a Bhattacharyya coefficient of at least
     * {@link Delete#SAME_DATA}), which is the merge of two components describing the same data.
     *
     * @param model      the model of {@code population}
     * @param population the posterior the move is applied to
     * @return the move to apply and to report
     */
    default Proposal resolved(ConjugateMixture model, NaturalParameters population) {
        return this;
    }

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
        public NaturalParameters applyTo(ConjugateMixture model, NaturalParameters population, Verdict verdict,
                WeightedData judged) {
            return trialStart(model, population);
        }

        @Override
        public double moved(ConjugateMixture model, NaturalParameters population, NaturalParameters after) {
            return model.counts(population)[absorbed];
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
     * A component is removed: in its trial its statistics go to another; made, they go with it
     * ({@link #resolved} makes the delete of a duplicate a merge, whose statistics are kept; a
     * caller that knows the component's data have gone, as a stream after a change alarm does,
     * makes the delete as it is).
     *
     * @param removed  the position that goes
     * @param receiver the position that takes its statistics in the trial's start
     */
    record Delete(int removed, int receiver) implements Proposal {

        /** The overlap above which two components describe the same data. */
        public static final double SAME_DATA = 0.5;

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

        /**
         * A component that overlaps its receiver describes the receiver's data: a duplicate the
         * judged observations no longer need, whose statistics all go to the receiver, which is a
         * merge.
         */
        @Override
        public Proposal resolved(ConjugateMixture model, NaturalParameters population) {
            return Overlap.coefficients(model, population)[removed][receiver] >= SAME_DATA ? new Merge(receiver, removed)
                    : this;
        }

        /**
         * Removes the component with its statistics, which describe data the recent observations no
         * longer show (see {@link #resolved} for one that does not): its share of them is
         * negligible, or far below what its statistics say (that is why it was tried), and the
         * older statistics it holds are what the update rule would forget in time. Handed to a distant neighbour they would pull it
         * towards where there are no data.
         */
        @Override
        public NaturalParameters applyTo(ConjugateMixture model, NaturalParameters population, Verdict verdict,
                WeightedData judged) {
            int k = model.components();
            double[][] keep = new double[k - 1][k];
            for (int c = 0, row = 0; c < k; c++) {
                if (c != removed) {
                    keep[row++][c] = 1.0;
                }
            }
            return model.recombine(population, keep);
        }

        @Override
        public double moved(ConjugateMixture model, NaturalParameters population, NaturalParameters after) {
            return model.counts(population)[removed];
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

        /**
         * Gives the newborns the judged observations the trial gave them, at the population's
         * weights, and takes each of those observations from the components that hold it in the
         * population, by the population's own responsibilities: λ'_new = η + t(Σ_i w_i φ_i,new x_i),
         * λ'_k = λ_k − t(Σ_i w_i ν_i φ_ik^population x_i), with ν_i the newborns' share of
         * observation i in the trial. A component that absorbed part of the new cluster before the
         * birth gives back that part, shape and all, and the total count is kept. Should the
         * subtraction take more than a component holds (it absorbed those observations under an
         * older posterior), it takes a half, a quarter … of it, at worst none.
         */
        @Override
        public NaturalParameters applyTo(ConjugateMixture model, NaturalParameters population, Verdict verdict,
                WeightedData judged) {
            int k = model.components();
            ConjugateMixture after = model.withComponents(k + count);
            ConjugateMixture born = model.withComponents(count);
            LocalStep held = model.localStep(population);
            LocalStep trial = after.localStep(verdict.trial().posterior());
            SufficientStatistics taken = model.newStatistics();
            SufficientStatistics given = born.newStatistics();
            double[] phi = new double[k];
            double[] psi = new double[k + count];
            for (int b = 0; b < judged.chunks().size(); b++) {
                double[] chunk = judged.chunks().get(b);
                double w = judged.weights()[b];
                int n = chunk.length / model.dimension();
                double[] take = new double[n * k];
                double[] give = new double[n * count];
                for (int i = 0; i < n; i++) {
                    held.responsibilities(chunk, i, phi);
                    trial.responsibilities(chunk, i, psi);
                    double share = 0.0;
                    for (int j = 0; j < count; j++) {
                        give[i * count + j] = w * psi[k + j];
                        share += psi[k + j];
                    }
                    for (int c = 0; c < k; c++) {
                        take[i * k + c] = w * share * phi[c];
                    }
                }
                taken.add(model.statistics(chunk, take));
                given.add(born.statistics(chunk, give));
            }
            NaturalParameters kept = Reassignment.largestValid(model, population,
                    Reassignment.negated(model.naturalStatistics(taken)));
            return model.concatenate(kept, born.globalStep(given, 1.0), count);
        }

        @Override
        public double moved(ConjugateMixture model, NaturalParameters population, NaturalParameters after) {
            double[] counts = model.withComponents(model.components() + count).counts(after);
            double sum = 0.0;
            for (int j = 0; j < count; j++) {
                sum += counts[model.components() + j];
            }
            return sum;
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
     * A birth aimed at one component whose observations look like more than one cluster (bnpy's
     * targeted birth): the component's observations are fitted with two components; one takes
     * the target's place and id, the other is a newborn.
     *
     * @param target the position of the component split
     * @param halves their posterior, of {@code model.withComponents(2)}: the part that stays first
     */
    record Split(int target, NaturalParameters halves) implements Proposal {

        /**
         * Validates.
         *
         * @throws IllegalArgumentException if the target is negative
         */
        public Split {
            Objects.requireNonNull(halves, "halves");
            if (target < 0) {
                throw new IllegalArgumentException("a split needs a component, got " + target);
            }
        }

        @Override
        public MoveKind kind() {
            return MoveKind.BIRTH;
        }

        /** The target's observations shared by the halves in proportion to their counts, shapes from their fit. */
        @Override
        public NaturalParameters trialStart(ConjugateMixture model, NaturalParameters start) {
            return replaced(model, start, halves, model.counts(start)[target]);
        }

        /**
         * Replaces the target by the halves as the trial shaped them, from the judged observations at
         * the population's weights, sharing the target's count in the population by the share each
         * half took of them: the target's whole history is reassigned, since both clusters are in it.
         */
        @Override
        public NaturalParameters applyTo(ConjugateMixture model, NaturalParameters population, Verdict verdict,
                WeightedData judged) {
            int k = model.components();
            ConjugateMixture after = model.withComponents(k + 1);
            ConjugateMixture pair = model.withComponents(2);
            SufficientStatistics halves = judged.statistics(after, verdict.trial().posterior()).select(new int[] {target, k});
            return replaced(model, population, pair.globalStep(halves, 1.0), model.counts(population)[target]);
        }

        @Override
        public double moved(ConjugateMixture model, NaturalParameters population, NaturalParameters after) {
            return model.withComponents(model.components() + 1).counts(after)[model.components()];
        }

        @Override
        public int componentsAfter(int k) {
            return k + 1;
        }

        @Override
        public ComponentIds ids(ComponentIds ids) {
            return ids.withNewborns(1);
        }

        /** The newborn, then the component it came from. */
        @Override
        public long[] named(ComponentIds before, ComponentIds after) {
            return new long[] {after.id(before.size()), before.id(target)};
        }

        /**
         * The posterior with the target replaced by the first of {@code two} and the second
         * appended, the two scaled to share {@code mass} observations as their counts do.
         */
        private NaturalParameters replaced(ConjugateMixture model, NaturalParameters posterior, NaturalParameters two,
                double mass) {
            int k = model.components();
            ConjugateMixture pair = model.withComponents(2);
            double[] counts = pair.counts(two);
            double total = Math.max(0.0, counts[0]) + Math.max(0.0, counts[1]);
            double held = Math.max(0.0, mass);
            double[][] scale = new double[2][2];
            for (int j = 0; j < 2; j++) {
                scale[j][j] = total > 0.0 && counts[j] > 0.0 ? held / total : 0.0;
            }
            NaturalParameters scaled = pair.recombine(two, scale);
            double[][] others = new double[k][k];
            for (int c = 0; c < k; c++) {
                others[c][c] = c == target ? 0.0 : 1.0;
            }
            // The target's slot first takes nothing, then the first half, by concatenating the
            // halves and moving the first into the target's place.
            NaturalParameters joined = model.concatenate(model.recombine(posterior, others), scaled, 2);
            double[][] place = new double[k + 1][k + 2];
            for (int c = 0; c < k; c++) {
                place[c][c] = 1.0;
            }
            place[target][k] = 1.0;
            place[k][k + 1] = 1.0;
            return model.withComponents(k + 2).recombine(joined, place);
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
