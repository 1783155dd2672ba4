package vistream.core.inference;

/**
 * Told after each CAVI iteration; used to show progress of long fits.
 */
@FunctionalInterface
public interface IterationListener {

    /** A listener that ignores every iteration. */
    IterationListener NONE = (restart, iteration, elbo, relativeChange) -> { };

    /**
     * Called after an iteration.
     *
     * @param restart        which start, from 0
     * @param iteration      the iteration just finished, from 1
     * @param elbo           the ELBO after it
     * @param relativeChange |ELBO_t − ELBO_{t−1}| / |ELBO_t|, or NaN after the first iteration
     */
    void onIteration(int restart, int iteration, double elbo, double relativeChange);
}
