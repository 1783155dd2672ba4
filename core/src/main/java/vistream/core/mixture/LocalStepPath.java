package vistream.core.mixture;

import java.util.Locale;

/**
 * How the one-dimensional known-variance local step (and the posterior predictive a stream scores
 * every observation with) runs: one observation at a time in plain Java ({@link #SCALAR}), or
 * blocks of observations in SIMD lanes with the incubating Vector API ({@link #VECTOR}, JEP 414,
 * module {@code jdk.incubator.vector}).
 *
 * <p>The path is chosen once, when this class is initialised: {@link #VECTOR} when the JVM was
 * started with {@code --add-modules jdk.incubator.vector} (the {@code vistream} launcher does
 * this) and its preferred vectors hold at least two doubles, else {@link #SCALAR}. A jar's
 * manifest cannot add a module, so plain {@code java -jar} runs the scalar path. The system
 * property {@value #PROPERTY}{@code =scalar} forces the scalar path even with the module.
 *
 * <p>Determinism. The scalar path is the same bit for bit on every JVM and CPU ({@code FastExp},
 * plain Java arithmetic). The vector path is the same bit for bit for any number of threads and
 * on every CPU whose vectors hold at most eight doubles (SSE, AVX2, AVX-512, NEON): its
 * exponential is a polynomial of IEEE additions, multiplications and fused multiply-adds, which
 * every platform rounds alike, and its partial sums sit in eight fixed slots whatever the vector
 * width. The two paths differ by rounding only: their ELBO traces agree to 1e-12 relative
 * ({@code VectorLocalStepTest} checks it; about 1e-15 is typical).
 */
public enum LocalStepPath {

    /** One observation at a time, the exponentials of the non-negligible components only. */
    SCALAR,

    /** Observations in SIMD lanes, all K exponentials by a vector polynomial. */
    VECTOR;

    /** The system property that can force the scalar path: {@code -Dvistream.localstep=scalar}. */
    public static final String PROPERTY = "vistream.localstep";

    private static final String MODULE = "jdk.incubator.vector";
    private static final Selection SELECTION = select();

    /**
     * Returns the path this JVM runs, decided once.
     *
     * @return {@link #VECTOR} when the vector module is present and not switched off, else {@link #SCALAR}
     */
    public static LocalStepPath selected() {
        return SELECTION.path;
    }

    /**
     * Returns whether the vector path can run in this JVM: the module is present and its
     * preferred vectors hold at least two doubles (whatever {@value #PROPERTY} says).
     *
     * @return true if {@link #VECTOR} may be asked for
     */
    public static boolean vectorAvailable() {
        return SELECTION.lanes >= 2;
    }

    /**
     * Says which path runs and why, in one line for {@code --version} and the logs, e.g.
     * {@code "local step: vector (jdk.incubator.vector, 4 doubles per vector)"}.
     *
     * @return the description
     */
    public static String description() {
        return SELECTION.description;
    }

    /**
     * Prepares the known-variance local step with the logits ℓ_k = a_k x + b_k on this path.
     *
     * @throws IllegalStateException for {@link #VECTOR} when the module is not present
     */
    LocalStep knownVariance(double[] slope, double[] offset) {
        if (this == SCALAR) {
            return new KnownVarianceLocalStep(slope, offset);
        }
        requireAvailable();
        return new VectorKnownVarianceLocalStep(slope, offset);
    }

    /**
     * Prepares the known-variance posterior predictive, log Σ_k exp{c_k − (x − m_k)² p_k / 2}, on
     * this path.
     *
     * @throws IllegalStateException for {@link #VECTOR} when the module is not present
     */
    PosteriorPredictive knownVariancePredictive(double[] mean, double[] precision, double[] logNormaliser) {
        if (this == SCALAR) {
            return new KnownVariancePredictive(mean, precision, logNormaliser);
        }
        requireAvailable();
        return new VectorKnownVariancePredictive(mean, precision, logNormaliser);
    }

    /**
     * Checks that this path can run in this JVM.
     *
     * @return this path
     * @throws IllegalStateException for {@link #VECTOR} when the module is not present, saying how
     *                               to add it
     */
    public LocalStepPath requireAvailable() {
        if (this == VECTOR && !vectorAvailable()) {
            throw new IllegalStateException("the vector local step needs the JVM option --add-modules " + MODULE
                    + " (" + description() + ")");
        }
        return this;
    }

    private record Selection(LocalStepPath path, int lanes, String description) {
    }

    private static Selection select() {
        String asked = System.getProperty(PROPERTY, "").trim().toLowerCase(Locale.ROOT);
        if (ModuleLayer.boot().findModule(MODULE).isEmpty()) {
            return new Selection(SCALAR, 0, "local step: scalar (start the JVM with --add-modules " + MODULE
                    + ", as the vistream launcher does, for the vector path)");
        }
        int lanes;
        try {
            lanes = VectorKnownVarianceLocalStep.lanes();
        } catch (LinkageError e) {
            return new Selection(SCALAR, 0, "local step: scalar (" + MODULE + " could not be loaded: " + e + ")");
        }
        if (lanes < 2) {
            return new Selection(SCALAR, lanes, "local step: scalar (this CPU's vectors hold one double)");
        }
        if (asked.equals("scalar")) {
            return new Selection(SCALAR, lanes, "local step: scalar (-D" + PROPERTY + "=scalar)");
        }
        return new Selection(VECTOR, lanes, "local step: vector (" + MODULE + ", " + lanes + " doubles per vector)");
    }
}
