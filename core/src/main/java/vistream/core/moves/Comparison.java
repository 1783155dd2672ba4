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

    /** Observations a newborn must hold at the end of its trial. */
    static final double MIN_NEWBORN = 2.0;

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
        int newborns = proposal.componentsAfter(model.components()) - model.components();
        double required = options.required(proposal.kind(), now.finalElbo());
        if (proposal instanceof Proposal.Delete delete && negligible(now, delete.removed())) {
            // Removing a component may lower the bound by up to its expected count: what its
            // responsibilities add to Σ_i log Σ_k exp(ℓ_ik), Σ_i log(1 + φ_i/(1 − φ_i)) ≈ N_k. A
            // truncated Dirichlet process's empty trailing stick costs nothing in prior terms, so
            // that is all it changes, and the bound never asks to remove it. Only a component the
            // observations leave a negligible share gets this slack, so it is the truncation's,
            // not evidence; any other delete must raise the ELBO like every move.
            required = -options.required(proposal.kind(), now.finalElbo())
                    - Math.max(0.0, model.counts(now.posterior())[delete.removed()]);
        }
        boolean accepted = gain > required && (newborns < 1 || newbornsHold(after, trial, newborns));
        return new Verdict(proposal, accepted, gain, now, trial);
    }

    /**
     * Judges proposals in order and returns the first that is accepted, or null. An accepted birth
     * is weighed against the births that follow it in the list (other newborns of the same fit,
     * alone or together): one of those is preferred only if it gains more, by the birth evidence
     * for each newborn it adds, so that one clear newborn does not carry a spurious second.
     *
     * @param proposals the moves to try, in order
     * @return the verdict of the move to make, or null if none raised the ELBO
     */
    public Verdict firstAccepted(java.util.List<Proposal> proposals) {
        Verdict birth = null;
        for (Proposal p : proposals) {
            if (birth != null && !(p instanceof Proposal.Birth)) {
                break;
            }
            if (p instanceof Proposal.Birth b && birth != null) {
                // Another birth of the same fit: a different newborn alone, or several together.
                int extra = b.count() - ((Proposal.Birth) birth.proposal()).count();
                Verdict w = judge(p);
                if (w.accepted() && w.gain() > birth.gain() + Math.max(0, extra) * options.birthEvidence()) {
                    birth = w;
                }
                continue;
            }
            Verdict v = judge(p);
            if (!v.accepted()) {
                continue;
            }
            if (!(p instanceof Proposal.Birth)) {
                return v;
            }
            birth = v;
        }
        return birth;
    }

    /** Whether the current fit leaves component {@code c} less than the negligible share of the observations. */
    private boolean negligible(CaviResult now, int c) {
        double[] counts = model.counts(now.posterior());
        double total = 0.0;
        for (double n : counts) {
            total += Math.max(0.0, n);
        }
        return Math.max(0.0, counts[c]) < options.negligibleShare() * total;
    }

    /**
     * Whether every newborn kept at least {@value #MIN_NEWBORN} observations in its trial: one that
     * ends with none was not a cluster, whatever a truncated stick gains from it.
     */
    private static boolean newbornsHold(ConjugateMixture after, CaviResult trial, int count) {
        double[] counts = after.counts(trial.posterior());
        for (int j = counts.length - count; j < counts.length; j++) {
            if (!(counts[j] >= MIN_NEWBORN)) {
                return false;
            }
        }
        return true;
    }
}
