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
 * @param trial           how a move's arm of a comparison is fitted (iterations and tolerance; the
 *                        acceptance margin is 100 times the tolerance, relative, so that a move is
 *                        never accepted on what a few more iterations of either arm would change).
 *                        The current structure's arm is fitted to convergence, with up to
 *                        {@link #CURRENT_ITERATIONS} iterations; a move's may stop earlier, which
 *                        only makes acceptance harder: CAVI never lowers the bound, so the move's
 *                        ELBO at any iteration is below its converged one
 * @param seed            seed of the k-means++ starts of a birth's fit
 */
public record MoveOptions(int maxComponents, double mergeOverlap, double negligibleShare, int newborns, int birthPoints,
        double birthEvidence, CaviOptions trial, long seed) {

    /**
     * A move's trial fit: at most 40 iterations, to a relative tolerance of 1e-9, on one thread. A
     * move the data want gains most of what it gains in its first iterations (a new cluster's
     * observations change hands at the first local step); forty keep a stream's quiet round of
     * moves within its throughput budget (docs/BENCHMARKS.md).
     */
    public static final CaviOptions TRIAL = new CaviOptions(40, 1e-9, 1);

    /** The most iterations of the current structure's fit, which runs to the trial's tolerance. */
    public static final int CURRENT_ITERATIONS = 200;

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
     * Returns how the current structure's arm of a comparison is fitted: to the trial's tolerance,
     * with up to {@link #CURRENT_ITERATIONS} iterations (or the trial's, if more).
     *
     * @return the options
     */
    public CaviOptions current() {
        return new CaviOptions(Math.max(CURRENT_ITERATIONS, trial.maxIterations()), trial.tolerance(), trial.parallelism());
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
