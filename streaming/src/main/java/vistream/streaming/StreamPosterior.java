package vistream.streaming;

import java.util.Objects;

import vistream.core.inference.UpdateRule;
import vistream.core.mixture.ConjugateMixture;
import vistream.core.mixture.NaturalParameters;
import vistream.core.mixture.SufficientStatistics;
import vistream.core.moves.ComponentIds;

/**
 * The posterior part of a stream's state: the model at its current number of components, λ, who
 * each component is (its id and the observation count at its birth), and the update rule's clock.
 * Immutable.
 *
 * @param model        the model with K = the current number of components
 * @param posterior    λ, or null before the first batch (the prior then stands for it)
 * @param ids          the components' ids
 * @param born         per component, the observations absorbed when it was born (0 for the first)
 * @param batches      t, the batches absorbed
 * @param observations valid observations absorbed
 * @param sinceChange  the share of the observations λ holds that came after the latest change alarm
 *                     or move (1 before any): the update rule's own weighting of old against new
 */
record StreamPosterior(ConjugateMixture model, NaturalParameters posterior, ComponentIds ids, long[] born, long batches,
        long observations, double sinceChange) {

    StreamPosterior {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(ids, "ids");
        born = born.clone();
        if (ids.size() != model.components() || born.length != model.components()) {
            throw new IllegalArgumentException("a posterior of " + model.components() + " components with "
                    + ids.size() + " ids and " + born.length + " birth positions");
        }
    }

    /** The posterior of a stream that has absorbed nothing. */
    static StreamPosterior initial(ConjugateMixture model) {
        return new StreamPosterior(model, null, ComponentIds.first(model.components()), new long[model.components()], 0, 0,
                1.0);
    }

    @Override
    public long[] born() {
        return born.clone();
    }

    /** Whether a batch has been absorbed (or the stream resumed from one). */
    boolean present() {
        return posterior != null;
    }

    /** λ, or the prior before the first batch. */
    NaturalParameters current() {
        return posterior != null ? posterior : model.prior();
    }

    /**
     * The posterior after one batch: λ' = keep · λ + priorWeight · η + add · t(S), the clock and
     * the count moved on.
     */
    StreamPosterior absorb(UpdateRule.Step step, SufficientStatistics statistics) {
        NaturalParameters after = step.apply(current(), model.prior(), model.naturalStatistics(statistics));
        // What λ holds from before the latest change is what it held, times keep, over what it
        // holds now: counts are linear in λ's statistics, M' = keep · M + add · n.
        double held = posterior == null ? 0.0 : total(model.counts(posterior));
        double now = total(model.counts(after));
        double before = now > 0.0 ? (1.0 - sinceChange) * step.keep() * held / now : 0.0;
        return new StreamPosterior(model, after, ids, born, batches + 1, observations + statistics.observations(),
                Math.min(1.0, Math.max(0.0, 1.0 - before)));
    }

    /** The same posterior just after a change alarm or a move: none of what it holds came since. */
    StreamPosterior changed() {
        return new StreamPosterior(model, posterior, ids, born, batches, observations, 0.0);
    }

    private static double total(double[] counts) {
        double sum = 0.0;
        for (double n : counts) {
            sum += Math.max(0.0, n);
        }
        return sum;
    }

    /** The same clock and count with another structure: after a move. */
    StreamPosterior restructured(ConjugateMixture newModel, NaturalParameters newPosterior, ComponentIds newIds,
            long[] newBorn) {
        return new StreamPosterior(newModel, newPosterior, newIds, newBorn, batches, observations, sinceChange);
    }

    /**
     * Each component's share of the observations the posterior holds: the weights a snapshot
     * shows (for the lecture's fixed weights, the share of the responsibilities). Equal shares
     * before any data.
     */
    double[] shares() {
        int k = model.components();
        double[] counts = posterior == null ? new double[k] : model.counts(posterior);
        double total = 0.0;
        for (int c = 0; c < k; c++) {
            // A count of zero is stored as the prior minus a rounding error at most.
            counts[c] = Math.max(0.0, counts[c]);
            total += counts[c];
        }
        for (int c = 0; c < k; c++) {
            counts[c] = total > 0.0 ? counts[c] / total : 1.0 / k;
        }
        return counts;
    }

    /** λ and who its components are, to measure drift from later. */
    PosteriorReference reference() {
        return new PosteriorReference(ids.ids(), current());
    }
}
