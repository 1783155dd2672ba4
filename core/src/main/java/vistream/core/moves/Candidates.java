package vistream.core.moves;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import vistream.core.inference.Cavi;
import vistream.core.inference.CaviResult;
import vistream.core.inference.Initialisation;
import vistream.core.inference.IterationListener;
import vistream.core.mixture.ConjugateMixture;
import vistream.core.mixture.NaturalParameters;
import vistream.core.mixture.PosteriorPredictive;

/**
 * Which moves are worth trying, found cheaply from the posterior: deletes of components with a
 * negligible share, merges of overlapping pairs, and births fitted to the observations the
 * posterior explains worst. Trying is what costs; whether a move is made is {@link Comparison}'s
 * decision.
 */
public final class Candidates {

    /** k-means++ starts of a birth's fit. */
    private static final int BIRTH_RESTARTS = 3;
    /** A newborn that the worst-explained observations give less than this many of is dropped. */
    private static final double MIN_NEWBORN_COUNT = 2.0;

    private Candidates() {
    }

    /**
     * Returns the deletes worth trying: each component whose share is below the negligible share,
     * its statistics going to the component it overlaps most, smallest share first.
     *
     * @param model     the model
     * @param posterior its posterior
     * @param shares    each component's share of the recent observations
     * @param options   the negligible share
     * @return the proposals
     */
    public static List<Proposal> deletes(ConjugateMixture model, NaturalParameters posterior, double[] shares,
            MoveOptions options) {
        int k = model.components();
        List<Proposal> out = new ArrayList<>();
        if (k < 2) {
            return out;
        }
        List<Integer> order = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            if (shares[c] < options.negligibleShare()) {
                order.add(c);
            }
        }
        order.sort(Comparator.comparingDouble((Integer c) -> shares[c]).thenComparingInt(c -> c));
        double[][] overlap = order.isEmpty() ? null : Overlap.coefficients(model, posterior);
        for (int removed : order) {
            out.add(delete(overlap, removed));
        }
        return out;
    }

    /**
     * Returns the delete of one component, its statistics going in the trial to the component it
     * overlaps most (ties to the lower position).
     *
     * @param model     the model, of at least two components
     * @param posterior its posterior
     * @param removed   the position of the component to remove
     * @return the proposal
     * @throws IllegalArgumentException if the model has one component or {@code removed} is not one of its positions
     */
    public static Proposal delete(ConjugateMixture model, NaturalParameters posterior, int removed) {
        if (model.components() < 2 || removed < 0 || removed >= model.components()) {
            throw new IllegalArgumentException("cannot delete component " + removed + " of " + model.components());
        }
        return delete(Overlap.coefficients(model, posterior), removed);
    }

    private static Proposal delete(double[][] overlap, int removed) {
        int receiver = -1;
        for (int c = 0; c < overlap.length; c++) {
            if (c != removed && (receiver < 0 || overlap[removed][c] > overlap[removed][receiver])) {
                receiver = c;
            }
        }
        return new Proposal.Delete(removed, receiver);
    }

    /**
     * Returns the merges worth trying: pairs whose overlap is at least the options' threshold,
     * most overlapping first; the component with the larger count survives.
     *
     * @param model     the model
     * @param posterior its posterior
     * @param options   the overlap threshold
     * @return the proposals
     */
    public static List<Proposal> merges(ConjugateMixture model, NaturalParameters posterior, MoveOptions options) {
        int k = model.components();
        List<Proposal> out = new ArrayList<>();
        if (k < 2) {
            return out;
        }
        double[][] overlap = Overlap.coefficients(model, posterior);
        double[] counts = model.counts(posterior);
        List<int[]> pairs = new ArrayList<>();
        for (int a = 0; a < k; a++) {
            for (int b = a + 1; b < k; b++) {
                if (overlap[a][b] >= options.mergeOverlap()) {
                    pairs.add(new int[] {a, b});
                }
            }
        }
        pairs.sort(Comparator.comparingDouble((int[] p) -> -overlap[p[0]][p[1]]).thenComparingInt(p -> p[0])
                .thenComparingInt(p -> p[1]));
        for (int[] p : pairs) {
            boolean firstStays = counts[p[0]] >= counts[p[1]];
            out.add(new Proposal.Merge(firstStays ? p[0] : p[1], firstStays ? p[1] : p[0]));
        }
        return out;
    }

    /**
     * Returns the births worth trying from candidate observations: the worst-explained of them
     * under the posterior predictive are fitted by CAVI with up to {@link MoveOptions#newborns()}
     * components (fewer if the bound on components is near); the proposals are each newborn alone,
     * largest first, then all of them together (see {@link Comparison#firstAccepted}).
     *
     * @param model      the model
     * @param posterior  its posterior
     * @param candidates observations, row-major: recent surprising ones, or a data set
     * @param options    how many points and newborns, the bound, the seed
     * @return the proposals, possibly none
     */
    public static List<Proposal> births(ConjugateMixture model, NaturalParameters posterior, double[] candidates,
            MoveOptions options) {
        int d = model.dimension();
        int room = Math.min(options.newborns(), options.maxComponents() - model.components());
        double[] worst = worst(model.posteriorPredictive(posterior), candidates, d, options.birthPoints());
        int n = worst.length / d;
        List<Proposal> out = new ArrayList<>();
        if (room < 1 || n < 2 * MIN_NEWBORN_COUNT) {
            return out;
        }
        int kb = Math.min(room, n / 2);
        ConjugateMixture born = model.withComponents(kb);
        CaviResult fit = Cavi.fit(born, worst, new Initialisation.KMeansPlusPlus(options.seed(), BIRTH_RESTARTS, 1.0),
                options.trial(), IterationListener.NONE);
        double[] counts = born.counts(fit.posterior());
        List<Integer> kept = new ArrayList<>();
        for (int c = 0; c < kb; c++) {
            if (counts[c] >= MIN_NEWBORN_COUNT) {
                kept.add(c);
            }
        }
        kept.sort(Comparator.comparingDouble((Integer c) -> -counts[c]).thenComparingInt(c -> c));
        if (kept.isEmpty()) {
            return out;
        }
        for (int c : kept) {
            out.add(select(born, fit.posterior(), List.of(c)));
        }
        if (kept.size() > 1) {
            out.add(select(born, fit.posterior(), kept));
        }
        return out;
    }

    /**
     * Returns a split of one component worth trying: the observations it is most responsible for
     * are fitted by CAVI with two components, which become the proposal's halves. None if the
     * component explains too few observations to fit two, or if the bound on components is reached.
     *
     * @param model     the model
     * @param posterior its posterior
     * @param data      the observations to take the component's from, row-major
     * @param target    the component's position
     * @param options   the bound and the seed
     * @return the proposal, or none
     */
    public static List<Proposal> split(ConjugateMixture model, NaturalParameters posterior, double[] data, int target,
            MoveOptions options) {
        int d = model.dimension();
        int k = model.components();
        List<Proposal> out = new ArrayList<>();
        if (k >= options.maxComponents()) {
            return out;
        }
        int n = data.length / d;
        double[] phi = new double[k];
        var step = model.localStep(posterior);
        double[] own = new double[data.length];
        int m = 0;
        for (int i = 0; i < n; i++) {
            step.responsibilities(data, i, phi);
            int best = 0;
            for (int c = 1; c < k; c++) {
                if (phi[c] > phi[best]) {
                    best = c;
                }
            }
            if (best == target) {
                System.arraycopy(data, i * d, own, m * d, d);
                m++;
            }
        }
        // Two components of D dimensions need a few observations each beyond their parameters.
        if (m < 4 * (d + 1)) {
            return out;
        }
        ConjugateMixture pair = model.withComponents(2);
        CaviResult fit = Cavi.fit(pair, java.util.Arrays.copyOf(own, m * d),
                new Initialisation.KMeansPlusPlus(options.seed(), BIRTH_RESTARTS, 1.0), options.trial(),
                IterationListener.NONE);
        double[] counts = pair.counts(fit.posterior());
        if (counts[0] < MIN_NEWBORN_COUNT || counts[1] < MIN_NEWBORN_COUNT) {
            return out;
        }
        // The half nearer the component's mean keeps its place and id: it continues the cluster
        // the component was following, and the other is the newborn.
        double[] parent = model.means(posterior);
        double[] halfMeans = pair.means(fit.posterior());
        double first = 0.0;
        double second = 0.0;
        for (int a = 0; a < d; a++) {
            double p0 = halfMeans[a] - parent[target * d + a];
            double p1 = halfMeans[d + a] - parent[target * d + a];
            first += p0 * p0;
            second += p1 * p1;
        }
        NaturalParameters halves = first <= second ? fit.posterior()
                : pair.recombine(fit.posterior(), new double[][] {{0, 1}, {1, 0}});
        out.add(new Proposal.Split(target, halves));
        return out;
    }

    /** A birth of the chosen components of a fit. */
    private static Proposal select(ConjugateMixture born, NaturalParameters fitted, List<Integer> chosen) {
        double[][] shares = new double[chosen.size()][born.components()];
        for (int j = 0; j < chosen.size(); j++) {
            shares[j][chosen.get(j)] = 1.0;
        }
        return new Proposal.Birth(born.recombine(fitted, shares), chosen.size());
    }

    /**
     * Returns up to {@code limit} observations with the lowest log predictive density, in their
     * original order (ties keep the earlier one), row-major.
     *
     * @param predictive the posterior predictive
     * @param data       observations, row-major
     * @param d          D
     * @param limit      how many at most
     * @return the worst-explained observations
     */
    public static double[] worst(PosteriorPredictive predictive, double[] data, int d, int limit) {
        int n = data.length / d;
        double[] score = new double[n];
        for (int i = 0; i < n; i++) {
            score[i] = predictive.logDensity(data, i);
        }
        // The m lowest scores by a bounded heap whose head is the best of them: O(n log m).
        int m = Math.min(limit, n);
        java.util.PriorityQueue<Integer> kept = new java.util.PriorityQueue<>(m + 1,
                Comparator.comparingDouble((Integer i) -> score[i]).thenComparingInt(i -> i).reversed());
        for (int i = 0; i < n; i++) {
            kept.add(i);
            if (kept.size() > m) {
                kept.poll();
            }
        }
        int[] chosen = new int[m];
        for (int j = 0; j < m; j++) {
            chosen[j] = kept.poll();
        }
        java.util.Arrays.sort(chosen);
        double[] out = new double[m * d];
        for (int j = 0; j < m; j++) {
            System.arraycopy(data, chosen[j] * d, out, j * d, d);
        }
        return out;
    }
}
