package vistream.core.moves;

import java.util.Objects;

import vistream.core.inference.Cavi;
import vistream.core.inference.CaviResult;
import vistream.core.inference.IterationListener;
import vistream.core.mixture.ConjugateMixture;
import vistream.core.mixture.NaturalParameters;

/**
 * Judges moves on one set of observations by the ELBO, exactly: the current structure and each
 * move are fitted by CAVI from the same start (the move applied to it), and a move is accepted
 * only if its final ELBO, computed from the observations' sufficient statistics, beats the
 * current structure's by more than {@link MoveOptions#required}. The ELBO is a bound on the
 * log evidence of the observations, so the comparison weighs fit against the extra (or fewer)
 * components' cost, as bnpy's birth, merge and delete moves do (Hughes and Sudderth 2013).
 *
 * <p>The current structure is fitted once, when the first move is judged. Not thread safe.
 */
public final class Comparison {

    private final ConjugateMixture model;
    private final double[] data;
    private final NaturalParameters start;
    private final MoveOptions options;
    private CaviResult current;

    /**
     * Prepares a comparison whose current structure is fitted from {@code start} when first needed.
     *
     * @param model   the current model
     * @param data    the observations moves are judged on, row-major
     * @param start   the current posterior at the scale of {@code data} (its counts adding up to
     *                about the number of observations)
     * @param options trial fits and margin
     */
    public Comparison(ConjugateMixture model, double[] data, NaturalParameters start, MoveOptions options) {
        this(model, data, start, options, null);
    }

    /**
     * Prepares a comparison whose current structure is already fitted to {@code data}.
     *
     * @param model   the current model
     * @param data    the observations moves are judged on, row-major
     * @param current the current structure's converged fit to them
     * @param options trial fits and margin
     */
    public Comparison(ConjugateMixture model, double[] data, CaviResult current, MoveOptions options) {
        this(model, data, current.posterior(), options, current);
    }

    private Comparison(ConjugateMixture model, double[] data, NaturalParameters start, MoveOptions options,
            CaviResult current) {
        this.model = Objects.requireNonNull(model, "model");
        this.data = Objects.requireNonNull(data, "data");
        this.start = Objects.requireNonNull(start, "start");
        this.options = Objects.requireNonNull(options, "options");
        this.current = current;
    }

    /**
     * Returns the current structure's fit to the observations.
     *
     * @return the fit
     */
    public CaviResult current() {
        if (current == null) {
            current = Cavi.fit(model, data, start, options.trial(), IterationListener.NONE);
        }
        return current;
    }

    /**
     * Fits the move and judges it.
     *
     * @param proposal a move proposed for the current posterior
     * @return the verdict
     */
    public Verdict judge(Proposal proposal) {
        CaviResult now = current();
        ConjugateMixture after = model.withComponents(proposal.componentsAfter(model.components()));
        CaviResult trial = Cavi.fit(after, data, proposal.trialStart(model, start), options.trial(),
                IterationListener.NONE);
        double gain = trial.finalElbo() - now.finalElbo();
        return new Verdict(proposal, gain > options.required(proposal.kind(), now.finalElbo()), gain, now, trial);
    }
}
