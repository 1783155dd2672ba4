package vistream.core.inference;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.IntFunction;

import vistream.core.mixture.ConjugateMixture;
import vistream.core.numeric.SpecialFunctions;

/**
 * Chooses the number of components K by the evidence lower bound: each candidate is fitted by CAVI
 * and the one with the highest score wins. With exchangeable weights (a Dirichlet prior, or the
 * lecture's fixed 1/K) the posterior has one mode per distinct labelling and mean field captures
 * one of them, so the score adds their log count (Bishop 2006, §10.2.4). Components left empty all
 * have the prior as posterior and swapping them changes nothing, so with m occupied components
 * (expected count at least one observation) there are K!/(K − m)! distinct modes, not K!: the score
 * is ELBO + ln(K!/(K − m)!). A Dirichlet process is not exchangeable; its score is the ELBO.
 */
public final class ModelSelection {

    private ModelSelection() {
    }

    /**
     * One candidate's fit.
     *
     * @param components K
     * @param score      the criterion compared: ELBO, plus ln(K!/(K − m)!) when labels are exchangeable
     * @param fit        the CAVI fit
     */
    public record Candidate(int components, double score, CaviResult fit) {
    }

    /**
     * The candidates and the winner.
     *
     * @param best       the candidate with the highest score
     * @param candidates every candidate, in the order given
     */
    public record Selection(Candidate best, List<Candidate> candidates) {

        /** Copies the list. */
        public Selection {
            candidates = List.copyOf(candidates);
        }
    }

    /**
     * Fits every candidate K and returns the best.
     *
     * @param candidates     the values of K to try, at least one
     * @param modelFor       builds the model for a K
     * @param exchangeable   whether component labels are exchangeable (adds the log count of labellings)
     * @param data           observations, row-major
     * @param initialisation how each fit starts
     * @param options        when each fit stops
     * @return the selection
     * @throws IllegalArgumentException if there is no candidate or one is below 1
     */
    public static Selection byElbo(int[] candidates, IntFunction<? extends ConjugateMixture> modelFor, boolean exchangeable,
            double[] data, Initialisation initialisation, CaviOptions options) {
        Objects.requireNonNull(modelFor, "modelFor");
        if (candidates.length == 0) {
            throw new IllegalArgumentException("no candidate number of components");
        }
        List<Candidate> fits = new ArrayList<>();
        Candidate best = null;
        for (int k : candidates) {
            if (k < 1) {
                throw new IllegalArgumentException("candidate number of components must be at least 1, got " + k);
            }
            ConjugateMixture model = modelFor.apply(k);
            CaviResult fit = Cavi.fit(model, data, initialisation, options, IterationListener.NONE);
            int n = data.length / model.dimension();
            int occupied = 0;
            for (double w : fit.weights()) {
                occupied += w * n >= 1.0 ? 1 : 0;
            }
            double labellings = SpecialFunctions.logGamma(k + 1.0) - SpecialFunctions.logGamma(k - occupied + 1.0);
            double score = fit.finalElbo() + (exchangeable ? labellings : 0.0);
            Candidate c = new Candidate(k, score, fit);
            fits.add(c);
            if (best == null || score > best.score()) {
                best = c;
            }
        }
        return new Selection(best, fits);
    }
}
