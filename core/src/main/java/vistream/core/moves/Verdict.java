package vistream.core.moves;

import java.util.Objects;

import vistream.core.inference.CaviResult;

/**
 * The outcome of trying a move: both arms fitted to the same observations, and whether the
 * move's ELBO beat the current one's by more than the margin.
 *
 * @param proposal the move tried
 * @param accepted whether it raised the ELBO
 * @param gain     the move's final ELBO minus the current structure's, in nats (for a merge judged
 *                 without a refit, minus that of one more global step of the current fit, which
 *                 the merge's responsibilities are compared with)
 * @param current  the current structure's fit
 * @param trial    the move's fit, of {@code proposal.componentsAfter(K)} components
 */
public record Verdict(Proposal proposal, boolean accepted, double gain, CaviResult current, CaviResult trial) {

    /** Checks that nothing is missing. */
    public Verdict {
        Objects.requireNonNull(proposal, "proposal");
        Objects.requireNonNull(current, "current");
        Objects.requireNonNull(trial, "trial");
    }
}
