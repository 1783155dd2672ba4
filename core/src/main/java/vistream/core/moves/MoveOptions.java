package vistream.core.moves;

import java.util.Objects;

import vistream.core.inference.CaviOptions;
import vistream.core.numeric.Checks;

/**
 * What moves may do and how they are judged.
 *
 * @param maxComponents   the most components a posterior may have: births stop there
 * @param mergeOverlap    a merge is tried for two components whose Bhattacharyya coefficient is at
 *                        least this ({@link Overlap}): 0.1 tries pairs whose means are within about
 *                        4.3 standard deviations
 * @param negligibleShare a component whose share of the recent data is below this is tried for
 *                        removal; a removal is accepted if the ELBO falls by no more than the
 *                        component's expected count (see {@link Comparison#judge})
 * @param newborns        the most components one birth proposes
 * @param birthPoints     how many of the worst-explained observations a birth is fitted to
 * @param birthEvidence   how much a birth must raise the ELBO, in nats, beyond the margin: the ELBO
 *                        difference stands for a log Bayes factor, and a component is added only on
 *                        evidence worth mentioning (1 nat, a factor e; Kass and Raftery 1995). A
 *                        truncated Dirichlet process otherwise gains a few thousandths of a nat from a
 *                        newborn that takes three outlying points. Merges and deletes, which make the
 *                        model simpler, need only beat the margin
 * @param trial           how each arm of a comparison is fitted (iterations and tolerance; the
 *                        acceptance margin is 100 times the tolerance, relative, so that a move is
 *                        never accepted on what a few more iterations of either arm would change)
 * @param seed            seed of the k-means++ starts of a birth's fit
 */
public record MoveOptions(int maxComponents, double mergeOverlap, double negligibleShare, int newborns, int birthPoints,
        double birthEvidence, CaviOptions trial, long seed) {

    /** Trial fits: at most 200 iterations, to a relative tolerance of 1e-9, on one thread. */
    public static final CaviOptions TRIAL = new CaviOptions(200, 1e-9, 1);

    /**
     * Validates the options.
     *
     * @throws IllegalArgumentException if a value is out of range
     */
    public MoveOptions {
        Checks.atLeast("max components", maxComponents, 1);
        if (!(mergeOverlap > 0.0 && mergeOverlap <= 1.0)) {
            throw new IllegalArgumentException("merge overlap must be in (0, 1], got " + mergeOverlap);
        }
        if (!(negligibleShare >= 0.0 && negligibleShare < 1.0)) {
            throw new IllegalArgumentException("negligible share must be in [0, 1), got " + negligibleShare);
        }
        Checks.atLeast("newborns per birth", newborns, 1);
        Checks.atLeast("birth points", birthPoints, 2);
        Checks.nonNegativeFinite("birth evidence", birthEvidence);
        Objects.requireNonNull(trial, "trial");
    }

    /**
     * The defaults with a bound on the components: merges tried above an overlap of 0.1, removal
     * below a share of 0.001, births of up to two components fitted to the 128 worst-explained
     * observations and accepted on 1 nat of evidence, trials of {@link #TRIAL}, seed 1.
     *
     * @param maxComponents the most components
     * @return the options
     */
    public static MoveOptions defaults(int maxComponents) {
        return new MoveOptions(maxComponents, 0.1, 1e-3, 2, 128, 1.0, TRIAL, 1);
    }

    /**
     * Returns these options with another seed.
     *
     * @param seed the seed of births' k-means++ starts
     * @return the options
     */
    public MoveOptions withSeed(long seed) {
        return new MoveOptions(maxComponents, mergeOverlap, negligibleShare, newborns, birthPoints, birthEvidence, trial, seed);
    }

    /**
     * Returns these options with other trial fits.
     *
     * @param options iterations, tolerance and threads of each arm
     * @return the options
     */
    public MoveOptions withTrial(CaviOptions options) {
        return new MoveOptions(maxComponents, mergeOverlap, negligibleShare, newborns, birthPoints, birthEvidence, options, seed);
    }

    /**
     * Returns by how much a move's ELBO must beat the current structure's.
     *
     * @param kind the move
     * @param elbo the current structure's ELBO
     * @return the margin, plus the birth evidence for a birth
     */
    public double required(MoveKind kind, double elbo) {
        return 100.0 * trial.tolerance() * Math.abs(elbo) + (kind == MoveKind.BIRTH ? birthEvidence : 0.0);
    }
}
