package vistream.core.moves;

import java.util.List;
import java.util.Objects;

import vistream.core.inference.CaviResult;
import vistream.core.mixture.ConjugateMixture;

/**
 * A batch fit with moves.
 *
 * @param model the model with the final number of components
 * @param fit   the final posterior, the ELBO trace of the whole fit (an accepted move's trial
 *              appears as one entry, the ELBO it reached), whether the last stretch converged, and
 *              the weights of the last local step
 * @param ids   the components' ids
 * @param moves the moves made, in order
 */
public record MovesFit(ConjugateMixture model, CaviResult fit, ComponentIds ids, List<AcceptedMove> moves) {

    /** Copies the list. */
    public MovesFit {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(fit, "fit");
        Objects.requireNonNull(ids, "ids");
        moves = List.copyOf(moves);
    }
}
