package vistream.streaming;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import vistream.core.mixture.ConjugateMixture;
import vistream.core.mixture.LocalStep;
import vistream.core.mixture.NaturalParameters;
import vistream.core.mixture.SufficientStatistics;
import vistream.core.moves.Candidates;
import vistream.core.moves.Comparison;
import vistream.core.moves.ComponentIds;
import vistream.core.moves.MoveOptions;
import vistream.core.moves.Proposal;
import vistream.core.moves.Verdict;

/**
 * One round of moves on a stream, run where the update rule runs (so a Kafka group's fold makes
 * the same moves at the same point of its log). Within an episode of change a round first looks
 * for a component the observations since the alarm no longer show ({@code staleDelete}); made,
 * that delete also cuts the memo back to those observations. Then the candidates (deletes of
 * components whose share of the memo is negligible or which the memo's data have left, merges of
 * overlapping pairs, births fitted to the reservoir, and a split of one component: the one a
 * change alarm blamed, else each in turn) are judged in that order on the memo, from the current
 * posterior scaled to the memo's size, and the first that raises the memo's ELBO is applied to the
 * stream's posterior. At most one move per round; after a move the next round is due at the next
 * batch, after a quiet round the wait doubles up to {@link StreamMoves#MAX_BACKOFF} times
 * {@link StreamMoves#every()}.
 */
final class MoveRound {

    /** Fewer memo observations than this per dimension, and no move is judged yet. */
    private static final int MIN_MEMO_PER_DIMENSION = 16;
    /**
     * A component is tried for a delete on the observations since a change alarm only if its share
     * of the posterior says it should hold at least this many of them: a component with that share
     * which is really there is missing from them by chance with probability e^−20.
     */
    private static final double ABSENCE_EVIDENCE = 20.0;
    /**
     * ... and only if the posterior's responsibilities give it fewer than that by this many
     * standard deviations of a Poisson count (below 3·10⁻⁵ by chance). Which component is gone must
     * be decided here, not by the trial: without one component the others refit the observations,
     * so deleting either of two that share one cluster's data gives the same ELBO. The stalest is
     * tried first.
     */
    private static final double ABSENCE_SIGMAS = 4.0;

    private MoveRound() {
    }

    /** The posterior, memory and prequential state after a round (the same objects when none was due). */
    record Outcome(StreamPosterior posterior, MoveMemory memory, Prequential prequential) {
    }

    /**
     * Runs a round if one is due.
     *
     * @param posterior   the posterior after the batch's update
     * @param memory      the memory after the batch
     * @param prequential the prequential state after the batch, with its alarms
     * @param blamed      the id of the component the batch's change alarm blamed, or −1 if it raised
     *                    none (a round is then due at once, and a split of that component is tried)
     * @param settings    the moves' settings
     * @param drift       the episode gap
     * @param time        the batch's time
     */
    static Outcome run(StreamPosterior posterior, MoveMemory memory, Prequential prequential, long blamed,
            StreamMoves settings, DriftOptions drift, long time) {
        long position = posterior.observations();
        boolean alarmed = blamed >= 0;
        if (!alarmed && position < memory.nextRound()) {
            return new Outcome(posterior, memory, prequential);
        }
        long every = settings.every();
        long interval = alarmed ? every : memory.interval();
        ConjugateMixture model = posterior.model();
        int d = model.dimension();
        MoveMemory quiet = quietAfter(memory, prequential, position, interval, settings, drift);
        double[] memo = memory.memoData(d);
        int m = memo.length / d;
        if (m < MIN_MEMO_PER_DIMENSION * d) {
            return new Outcome(posterior, quiet, prequential);
        }
        NaturalParameters lambda = posterior.posterior();
        MoveOptions options = settings.moves().withSeed(settings.moves().seed() + position);
        int since = sinceAlarm(posterior, prequential, m, settings, drift);
        Verdict stale = since < MIN_MEMO_PER_DIMENSION * d ? null : staleDelete(posterior, memo, since, options);
        if (stale != null) {
            // Its statistics go with it, even to a component it overlaps: they describe data that
            // have gone. So do the memo's observations before the alarm: judged on, they would argue
            // for the structure the delete left (a birth where the old cluster was).
            return apply(posterior, memory.newest(since, d), prequential, stale.proposal(), stale, settings, drift,
                    time);
        }
        // The current structure fitted to the memo first: what each component explains of the
        // recent data once they are fitted afresh. A component the fit leaves with a negligible
        // share is gone from the recent data, however much of it the posterior still remembers.
        Comparison comparison = new Comparison(model, memo, scaled(model, lambda, m), options);
        double[] recent = shares(model.counts(comparison.current().posterior()));
        List<Proposal> proposals = new ArrayList<>(Candidates.deletes(model, lambda, recent, options));
        proposals.addAll(settled(Candidates.merges(model, lambda, options), posterior.born(), position,
                (long) settings.memoSize() * settings.memoStride()));
        if (memory.reservoirSize() > 0) {
            proposals.addAll(Candidates.births(model, lambda, memory.reservoirData(d), options));
        }
        // One targeted split a round: the component a change alarm blamed, else each in turn,
        // the one explaining most of the memo first.
        int target = alarmed ? posterior.ids().indexOf(blamed) : byShare(recent, memory.quietRounds());
        proposals.addAll(Candidates.split(model, lambda, memo, target, options));
        if (proposals.isEmpty()) {
            return new Outcome(posterior, quiet, prequential);
        }
        Verdict accepted = comparison.firstAccepted(proposals);
        return accepted == null ? new Outcome(posterior, quiet, prequential)
                : apply(posterior, memory, prequential, accepted.proposal().resolved(model, lambda), accepted, settings,
                        drift, time);
    }

    /**
     * Within an episode of change, the delete of a component the observations since the alarm no
     * longer show: one whose share of the posterior says it should hold at least
     * {@value #ABSENCE_EVIDENCE} of them while the posterior's responsibilities give it
     * {@value #ABSENCE_SIGMAS} standard deviations fewer, judged by {@link Comparison} on those
     * observations alone (so with the truncation's slack if their fit leaves it a negligible share,
     * else only if it raises their ELBO). It is made as a delete even of a component that overlaps
     * another ({@link Proposal#resolved} is not asked): its statistics describe data that have
     * gone. This is how a cluster that moved away leaves as soon as its successor is born, rather
     * than when the memo's older observations, which still show it, have passed (a memo span
     * later), all the while shown where there are no data.
     *
     * @param rows how many of the memo's newest observations came since the alarm
     * @return the first accepted delete, or null
     */
    private static Verdict staleDelete(StreamPosterior posterior, double[] memo, int rows, MoveOptions options) {
        ConjugateMixture model = posterior.model();
        int d = model.dimension();
        int m = memo.length / d;
        if (model.components() < 2) {
            return null;
        }
        NaturalParameters lambda = posterior.posterior();
        double[] held = posterior.shares();
        double[] since = Arrays.copyOfRange(memo, (m - rows) * d, m * d);
        double[] explained = explained(model, lambda, since);
        List<Integer> gone = new ArrayList<>();
        for (int c = 0; c < held.length; c++) {
            double expected = held[c] * rows;
            if (expected >= ABSENCE_EVIDENCE && explained[c] <= expected - ABSENCE_SIGMAS * Math.sqrt(expected)) {
                gone.add(c);
            }
        }
        gone.sort(Comparator.comparingDouble((Integer c) -> explained[c] / held[c]).thenComparingInt(c -> c));
        List<Proposal> deletes = new ArrayList<>(gone.size());
        for (int c : gone) {
            deletes.add(Candidates.delete(model, lambda, c));
        }
        if (deletes.isEmpty()) {
            return null;
        }
        return new Comparison(model, since, scaled(model, lambda, rows), options).firstAccepted(deletes);
    }

    /**
     * How many of the memo's newest observations came since the last alarm (the memo keeps one in
     * every stride), or 0 outside an episode of change.
     */
    private static int sinceAlarm(StreamPosterior posterior, Prequential prequential, int m, StreamMoves settings,
            DriftOptions drift) {
        long position = posterior.observations();
        if (prequential.lastAlarm() < 0 || position - prequential.lastAlarm() > drift.episodeGap()) {
            return 0;
        }
        return (int) Math.min(m, (position - prequential.lastAlarm()) / settings.memoStride());
    }

    /** Σ_i φ_ik of the observations under λ, per component: how many of them each explains. */
    private static double[] explained(ConjugateMixture model, NaturalParameters lambda, double[] data) {
        LocalStep local = model.localStep(lambda);
        int k = model.components();
        double[] phi = new double[k];
        double[] sum = new double[k];
        for (int i = 0; i < data.length / model.dimension(); i++) {
            local.responsibilities(data, i, phi);
            for (int c = 0; c < k; c++) {
                sum[c] += phi[c];
            }
        }
        return sum;
    }

    /**
     * Brings a round forward when a component is missing from a batch it should have had at least
     * {@value #ABSENCE_EVIDENCE} observations of (by its share of the posterior before the batch)
     * by {@value #ABSENCE_SIGMAS} Poisson standard deviations: a cluster that stopped. The round
     * comes when the memo holds none of the observations before it (a memo span later), where its
     * delete is judged; a stationary stream's rounds can then back off far, since a death does not
     * wait for them. O(K) per batch.
     *
     * @param memory     the memory after the batch
     * @param before     the posterior the batch was measured under
     * @param statistics the batch's statistics
     * @param settings   the memo's span
     * @return the memory, with the next round brought forward if a component went missing
     */
    static MoveMemory watchAbsences(MoveMemory memory, StreamPosterior before, SufficientStatistics statistics,
            StreamMoves settings) {
        double[] held = before.shares();
        long n = statistics.observations();
        for (int c = 0; c < held.length; c++) {
            double expected = held[c] * n;
            if (expected >= ABSENCE_EVIDENCE && statistics.count(c) <= expected - ABSENCE_SIGMAS * Math.sqrt(expected)) {
                long due = before.observations() + n + (long) settings.memoSize() * settings.memoStride();
                return due < memory.nextRound() ? memory.dueAt(due) : memory;
            }
        }
        return memory;
    }

    /**
     * The memory after a round without a move. Within an episode of change (the last alarm no
     * further back than the episode gap) the next round comes a quarter of {@code every} later, so
     * that a move the memo could not yet support is tried again as the new data arrive; otherwise
     * the wait doubles, up to {@link StreamMoves#MAX_BACKOFF} times {@code every}.
     */
    private static MoveMemory quietAfter(MoveMemory memory, Prequential prequential, long position, long interval,
            StreamMoves settings, DriftOptions drift) {
        long every = settings.every();
        if (prequential.lastAlarm() >= 0 && position - prequential.lastAlarm() <= drift.episodeGap()) {
            return memory.quiet(position + Math.max(1, every / 4), every);
        }
        return memory.quiet(position + interval, Math.min(2 * interval, StreamMoves.MAX_BACKOFF * every));
    }

    /**
     * The merges whose components the memo can judge: none born by a move within the memo's span.
     * A newborn is judged for a merge once the memo holds only observations seen since its birth;
     * before that, the memo's older observations (from before the change that made it) would argue
     * for the structure the birth replaced, and the two moves would undo each other.
     */
    private static List<Proposal> settled(List<Proposal> merges, long[] born, long position, long span) {
        List<Proposal> out = new ArrayList<>(merges.size());
        for (Proposal p : merges) {
            Proposal.Merge m = (Proposal.Merge) p;
            if (young(born[m.survivor()], position, span) || young(born[m.absorbed()], position, span)) {
                continue;
            }
            out.add(p);
        }
        return out;
    }

    /** Born by a move (the first components are born at 0) less than a memo span ago. */
    private static boolean young(long born, long position, long span) {
        return born > 0 && position - born < span;
    }

    /** The component with the {@code rank mod K}-th largest share, ties to the lower position. */
    private static int byShare(double[] shares, long rank) {
        Integer[] order = new Integer[shares.length];
        for (int c = 0; c < order.length; c++) {
            order[c] = c;
        }
        Arrays.sort(order, Comparator.comparingDouble((Integer c) -> -shares[c]).thenComparingInt(c -> c));
        return order[(int) (rank % shares.length)];
    }

    /** Counts as shares of their sum. */
    private static double[] shares(double[] counts) {
        double total = 0.0;
        for (double n : counts) {
            total += Math.max(0.0, n);
        }
        double[] out = new double[counts.length];
        for (int c = 0; c < out.length; c++) {
            out[c] = Math.max(0.0, counts[c]) / total;
        }
        return out;
    }

    /** λ with every component's statistics scaled so that they count {@code m} observations in all. */
    private static NaturalParameters scaled(ConjugateMixture model, NaturalParameters lambda, int m) {
        double total = 0.0;
        for (double n : model.counts(lambda)) {
            total += Math.max(0.0, n);
        }
        int k = model.components();
        double[][] shares = new double[k][k];
        for (int c = 0; c < k; c++) {
            shares[c][c] = m / total;
        }
        return model.recombine(lambda, shares);
    }

    /** Makes move {@code p}, which {@code verdict} accepted (as itself, or as what it resolved to). */
    private static Outcome apply(StreamPosterior posterior, MoveMemory memory, Prequential prequential, Proposal p,
            Verdict verdict, StreamMoves settings, DriftOptions drift, long time) {
        ConjugateMixture model = posterior.model();
        NaturalParameters after = p.applyTo(model, posterior.posterior(), verdict, memory.judged(model.dimension()));
        ComponentIds ids = p.ids(posterior.ids());
        long position = posterior.observations();
        long[] born = born(posterior.born(), p, position);
        ConjugateMixture newModel = model.withComponents(p.componentsAfter(model.components()));
        StreamPosterior moved = posterior.restructured(newModel, after, ids, born).changed();
        DriftEvent event = DriftEvent.move(p.kind(), position, time, p.named(posterior.ids(), ids),
                p.moved(model, posterior.posterior(), after), verdict.gain(), prequential.episodeAt(position, drift));
        MoveMemory next = memory.moved(position, settings.every());
        if (p instanceof Proposal.Birth || p instanceof Proposal.Split) {
            next = next.withoutReservoir();
        }
        return new Outcome(moved, next, prequential.withMove(event));
    }

    /** Birth positions after the move: a merged or removed component's goes, newborns' are now. */
    private static long[] born(long[] born, Proposal p, long position) {
        if (p instanceof Proposal.Merge merge) {
            return without(born, merge.absorbed());
        }
        if (p instanceof Proposal.Delete delete) {
            return without(born, delete.removed());
        }
        int count = p.componentsAfter(born.length) - born.length;
        long[] out = Arrays.copyOf(born, born.length + count);
        Arrays.fill(out, born.length, out.length, position);
        return out;
    }

    private static long[] without(long[] values, int index) {
        long[] out = new long[values.length - 1];
        for (int c = 0, at = 0; c < values.length; c++) {
            if (c != index) {
                out[at++] = values[c];
            }
        }
        return out;
    }
}
