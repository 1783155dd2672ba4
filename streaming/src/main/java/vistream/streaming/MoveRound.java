package vistream.streaming;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import vistream.core.mixture.ConjugateMixture;
import vistream.core.mixture.NaturalParameters;
import vistream.core.moves.Candidates;
import vistream.core.moves.Comparison;
import vistream.core.moves.ComponentIds;
import vistream.core.moves.MoveOptions;
import vistream.core.moves.Proposal;
import vistream.core.moves.Verdict;

/**
 * One round of moves on a stream, run where the update rule runs (so a Kafka group's fold makes
 * the same moves at the same point of its log): when a round is due, the candidates (deletes of
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
                : apply(posterior, memory, prequential, accepted, settings, drift, time);
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

    private static Outcome apply(StreamPosterior posterior, MoveMemory memory, Prequential prequential, Verdict verdict,
            StreamMoves settings, DriftOptions drift, long time) {
        ConjugateMixture model = posterior.model();
        Proposal p = verdict.proposal().resolved(model, posterior.posterior());
        NaturalParameters after = p.applyTo(model, posterior.posterior(), verdict, memory.judged(model.dimension()));
        ComponentIds ids = p.ids(posterior.ids());
        long position = posterior.observations();
        long[] born = born(posterior.born(), p, position);
        ConjugateMixture newModel = model.withComponents(p.componentsAfter(model.components()));
        StreamPosterior moved = posterior.restructured(newModel, after, ids, born);
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
