package vistream.core.moves;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import vistream.core.inference.Cavi;
import vistream.core.inference.CaviOptions;
import vistream.core.inference.CaviResult;
import vistream.core.inference.Initialisation;
import vistream.core.inference.IterationListener;
import vistream.core.mixture.ConjugateMixture;
import vistream.core.mixture.NaturalParameters;

/**
 * CAVI that finds the number of components itself (bnpy's birth, merge and delete moves in batch,
 * Hughes and Sudderth 2013): it fits to convergence, then tries deletes of negligible components,
 * merges of overlapping pairs and births fitted to the worst-explained observations, each judged on
 * all the data by {@link Comparison}; the first move that raises the ELBO is made, the fit
 * continues to convergence, and the search repeats until no move raises it.
 *
 * <p>Every accepted move raised the ELBO of the whole data, and every CAVI iteration does, so the
 * ELBO trace never decreases. Deterministic given the data, the start and the seed.
 */
public final class BirthMergeCavi {

    private BirthMergeCavi() {
    }

    /**
     * Fits with moves.
     *
     * @param model          the model to start with (its K is where the fit starts)
     * @param data           observations, row-major
     * @param initialisation where CAVI starts
     * @param options        when each stretch of CAVI stops, and its threads
     * @param moves          what moves may do and how trials are fitted
     * @param listener       told after every iteration of the accepted path
     * @return the fit, its ids and its moves
     * @throws IllegalArgumentException as {@link Cavi#fit}
     */
    public static MovesFit fit(ConjugateMixture model, double[] data, Initialisation initialisation, CaviOptions options,
            MoveOptions moves, IterationListener listener) {
        Objects.requireNonNull(moves, "moves");
        CaviResult stretch = Cavi.fit(model, data, initialisation, options, listener);
        ConjugateMixture current = model;
        ComponentIds ids = ComponentIds.first(model.components());
        List<Double> trace = new ArrayList<>();
        for (double e : stretch.elbo()) {
            trace.add(e);
        }
        List<AcceptedMove> made = new ArrayList<>();
        // Each round either makes a move or ends the search; a bound keeps a pathological cycle finite.
        int rounds = 4 * moves.maxComponents() + 4;
        for (int round = 0; round < rounds; round++) {
            Verdict accepted = firstAccepted(current, data, stretch, moves.withSeed(moves.seed() + round));
            if (accepted == null) {
                break;
            }
            Proposal p = accepted.proposal();
            ComponentIds after = p.ids(ids);
            trace.add(accepted.trial().finalElbo());
            made.add(new AcceptedMove(p.kind(), p.named(ids, after), accepted.gain(), trace.size()));
            listener.onIteration(stretch.restart(), trace.size(), accepted.trial().finalElbo(), Double.NaN);
            ids = after;
            current = current.withComponents(p.componentsAfter(current.components()));
            stretch = Cavi.fit(current, data, accepted.trial().posterior(), options, listener);
            for (double e : stretch.elbo()) {
                trace.add(e);
            }
        }
        double[] elbo = new double[trace.size()];
        for (int i = 0; i < elbo.length; i++) {
            elbo[i] = trace.get(i);
        }
        CaviResult whole = new CaviResult(stretch.posterior(), elbo, stretch.converged(), stretch.weights(),
                stretch.restart());
        return new MovesFit(current, whole, ids, made);
    }

    /** The first proposal that raises the ELBO of the data: deletes, then merges, then births. */
    private static Verdict firstAccepted(ConjugateMixture model, double[] data, CaviResult fit, MoveOptions moves) {
        NaturalParameters posterior = fit.posterior();
        Comparison comparison = new Comparison(model, data, fit, moves);
        List<Proposal> proposals = new ArrayList<>(Candidates.deletes(model, posterior, fit.weights(), moves));
        proposals.addAll(Candidates.merges(model, posterior, moves));
        Verdict simpler = comparison.firstAccepted(proposals);
        if (simpler != null) {
            return simpler;
        }
        // Births last: they need a pass to find the worst-explained observations and a fit of them;
        // then a split of each component in turn, the largest first.
        Verdict birth = comparison.firstAccepted(Candidates.births(model, posterior, data, moves));
        if (birth != null) {
            return birth;
        }
        double[] weights = fit.weights();
        Integer[] order = new Integer[model.components()];
        for (int c = 0; c < order.length; c++) {
            order[c] = c;
        }
        java.util.Arrays.sort(order, java.util.Comparator.comparingDouble((Integer c) -> -weights[c]).thenComparingInt(c -> c));
        for (int target : order) {
            Verdict split = comparison.firstAccepted(Candidates.split(model, posterior, data, target, moves));
            if (split != null) {
                return split;
            }
        }
        return null;
    }
}
