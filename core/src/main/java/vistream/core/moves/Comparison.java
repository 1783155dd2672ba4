package vistream.core.moves;

import java.util.Objects;

import vistream.core.inference.Cavi;
import vistream.core.inference.CaviResult;
import vistream.core.inference.IterationListener;
import vistream.core.mixture.ConjugateMixture;
import vistream.core.mixture.LocalStep;
import vistream.core.mixture.NaturalParameters;
import vistream.core.mixture.SufficientStatistics;

/**
 * Judges moves on one set of observations by the ELBO, exactly: the current structure is fitted
 * by CAVI to convergence and each move from the same start (the move applied to it), and a move is
 * accepted only if its ELBO, computed from the observations' sufficient statistics, beats the
 * current structure's by more than {@link MoveOptions#required}. A merge is first judged without a
 * refit, against one more global step of the current fit (see {@link #judge}). The ELBO is a bound on the
 * log evidence of the observations, so the comparison weighs fit against the extra (or fewer)
 * components' cost, as bnpy's birth, merge and delete moves do (Hughes and Sudderth 2013).
 *
 * <p>The current structure is fitted once, when the first move is judged. Not thread safe.
 */
public final class Comparison {

    /** Nats per moved observation below which a merge rejected without a refit is refitted. */
    static final double REFIT_LOSS = 0.5;

    /** Observations a newborn must hold at the end of its trial. */
    static final double MIN_NEWBORN = 2.0;

    private final ConjugateMixture model;
    private final double[] data;
    private final NaturalParameters start;
    private final MoveOptions options;
    private CaviResult current;
    private double[] phi;
    /** The ELBO of one global step from {@link #phi}: what a merge judged without a refit is compared with. */
    private double unmerged = Double.NaN;

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
            current = Cavi.fit(model, data, start, options.current(), IterationListener.NONE);
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
        if (proposal instanceof Proposal.Merge merge) {
            // Without a refit, the absorbed component's observations all go to the survivor, even
            // those a third component would take back: a merge that loses less than half a nat
            // per observation it moves may still win once refitted, and gets the refit. (A spare
            // component between two clusters loses about 0.2; two unit-variance clusters 3 sd
            // apart lose 1.1 to 1.3, and a quiet stream's rounds must not refit them.)
            Verdict quick = judgeMerge(merge);
            double moved = Math.max(1.0, model.counts(quick.current().posterior())[merge.absorbed()]);
            if (quick.accepted() || quick.gain() <= -REFIT_LOSS * moved) {
                return quick;
            }
        }
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
     * Judges a merge as bnpy does, without a refit: one local step under the current fit gives
     * the responsibilities Φ; the merge's are Φ with the pair's columns summed, and each side's
     * ELBO is that of its statistics under their own global step, L(η + t(S), S), with the
     * responsibilities' entropy. Both sides are computed alike, so the gain is exact for those
     * responsibilities; a refit could only raise the merge's side (CAVI's steps never lower the
     * bound), so an accepted merge raises the ELBO. One pass over the observations per pair,
     * rather than a fit: two distinct clusters lose far more than a nat per observation merged,
     * and need no more.
     */
    private Verdict judgeMerge(Proposal.Merge merge) {
        CaviResult now = current();
        int k = model.components();
        int n = data.length / model.dimension();
        double[] phi = responsibilities();
        double[][] shares = Proposal.absorbing(k, merge.survivor(), merge.absorbed());
        double[] merged = new double[n * (k - 1)];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < k - 1; c++) {
                double sum = 0.0;
                for (int j = 0; j < k; j++) {
                    sum += shares[c][j] * phi[i * k + j];
                }
                merged[i * (k - 1) + c] = sum;
            }
        }
        ConjugateMixture after = model.withComponents(k - 1);
        if (Double.isNaN(unmerged)) {
            unmerged = refitted(model, phi).finalElbo();
        }
        double before = unmerged;
        CaviResult trial = refitted(after, merged);
        double gain = trial.finalElbo() - before;
        boolean accepted = gain > options.required(MoveKind.MERGE, now.finalElbo());
        return new Verdict(merge, accepted, gain, now, trial);
    }

    /** Φ under the current fit, n × K. */
    private double[] responsibilities() {
        if (phi == null) {
            int k = model.components();
            int n = data.length / model.dimension();
            LocalStep local = model.localStep(current().posterior());
            phi = new double[n * k];
            double[] row = new double[k];
            for (int i = 0; i < n; i++) {
                local.responsibilities(data, i, row);
                System.arraycopy(row, 0, phi, i * k, k);
            }
        }
        return phi;
    }

    /**
     * The global step of given responsibilities and the ELBO there, with their entropy
     * −Σ_i Σ_k φ_ik log φ_ik: one CAVI global step, as a result of one iteration.
     */
    private CaviResult refitted(ConjugateMixture m, double[] responsibilities) {
        SufficientStatistics statistics = m.statistics(data, responsibilities);
        double entropy = 0.0;
        for (double r : responsibilities) {
            entropy -= r > 0.0 ? r * Math.log(r) : 0.0;
        }
        statistics.add(new double[m.components()], new double[statistics.momentsLength()], entropy, 0);
        NaturalParameters posterior = m.globalStep(statistics, 1.0);
        return new CaviResult(posterior, new double[] {m.elbo(posterior, statistics)}, true, m.weights(posterior), 0);
    }

    /**
     * Judges proposals in order and returns the first that is accepted, or null. An accepted birth
     * is weighed against the births that follow it in the list (other newborns of the same fit,
     * alone or together): one of those is preferred only if it gains more, by the birth evidence
     * for each newborn it adds, so that one clear newborn does not carry a spurious second. A
     * birth of several newborns is judged only after one of them was accepted alone: a newborn
     * the data do not want alone rarely becomes wanted beside another, and on a quiet stream the
     * births tried are such (its most surprising observations are the clusters' tails), so the
     * round spares a fit.
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
            if (p instanceof Proposal.Birth b && birth == null && b.count() > 1) {
                continue; // several newborns together only beside one that was accepted alone
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
                return converged(v);
            }
            birth = v;
        }
        return birth == null ? null : converged(birth);
    }

    /**
     * The accepted birth's or split's trial carried on to convergence (up to
     * {@link MoveOptions#CURRENT_ITERATIONS} iterations) from where it stopped: what the move gives
     * the posterior is the trial's fit of the observations (a newborn still on its way to its
     * cluster after forty iterations would be placed short of it), and the gain only grows. Should
     * a newborn drain below {@value #MIN_NEWBORN} observations on the way, the stopped trial stands.
     * A merge's or delete's trial is not used beyond its gain, and is left as it is.
     */
    private Verdict converged(Verdict v) {
        if (!(v.proposal() instanceof Proposal.Birth || v.proposal() instanceof Proposal.Split)) {
            return v;
        }
        CaviResult trial = v.trial();
        int k = v.proposal().componentsAfter(model.components());
        ConjugateMixture after = model.withComponents(k);
        CaviResult more = Cavi.fit(after, data, trial.posterior(), options.current(), IterationListener.NONE);
        if (!(more.finalElbo() >= trial.finalElbo()) || !newbornsHold(after, more, k - model.components())) {
            return v;
        }
        return new Verdict(v.proposal(), true, v.gain() + more.finalElbo() - trial.finalElbo(), v.current(), more);
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
