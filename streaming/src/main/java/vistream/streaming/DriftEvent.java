package vistream.streaming;

import java.util.List;
import java.util.Objects;

import vistream.core.moves.MoveKind;

/**
 * Something that changed in the stream: a change alarm, or a move that changed the components.
 * <ul>
 *   <li>{@value #PAGE_HINKLEY}: the Page–Hinkley test on the prequential surprise crossed its
 *       threshold. {@code ids} names the cluster in whose region (by predictive share) the surprise
 *       above the detector's running mean fell, over the alarm's batch up to the alarm; {@code size}
 *       is that surprise in nats; {@code statistic} the test's statistic at the alarm.</li>
 *   <li>{@code birth}, {@code merge}, {@code delete}: a move. {@code ids} names the newborns; the
 *       survivor, then the absorbed; the removed, then the one that took its statistics. {@code gain}
 *       is how much the move raised the ELBO of the memo it was judged on, in nats; {@code size} the
 *       observations' worth of statistics it moved (the newborns' counts, the absorbed or removed
 *       component's count).</li>
 * </ul>
 * Events come in episodes: an alarm within {@link DriftOptions#episodeGap()} observations of the
 * previous one continues its episode, and a move within that distance of an alarm belongs to the
 * alarm's episode; other moves have episode 0.
 *
 * @param observations the count of observations when it happened
 * @param time         when, in milliseconds of the stream's clock
 * @param kind         {@value #PAGE_HINKLEY}, {@code birth}, {@code merge} or {@code delete}
 * @param ids          the clusters it names
 * @param size         the surprise (alarm) or the observations moved (move)
 * @param statistic    the Page–Hinkley statistic at the alarm, in nats; 0 for a move
 * @param gain         the ELBO gain that justified a move, in nats; 0 for an alarm
 * @param episode      the change episode it belongs to, from 1; 0 for a move outside any
 */
public record DriftEvent(long observations, long time, String kind, List<Long> ids, double size, double statistic,
        double gain, long episode) {

    /** The kind of an alarm of the Page–Hinkley test. */
    public static final String PAGE_HINKLEY = "page-hinkley";

    /** Copies the ids. */
    public DriftEvent {
        Objects.requireNonNull(kind, "kind");
        ids = List.copyOf(ids);
    }

    /**
     * Returns the first cluster it names: the blamed one, a newborn, the survivor or the removed.
     *
     * @return an id
     */
    public long cluster() {
        return ids.get(0);
    }

    /**
     * Returns whether it is a change alarm rather than a move.
     *
     * @return true for {@value #PAGE_HINKLEY}
     */
    public boolean alarm() {
        return PAGE_HINKLEY.equals(kind);
    }

    /** The event of a move. */
    static DriftEvent move(MoveKind kind, long observations, long time, long[] ids, double size, double gain,
            long episode) {
        List<Long> named = new java.util.ArrayList<>(ids.length);
        for (long id : ids) {
            named.add(id);
        }
        return new DriftEvent(observations, time, kind.tag(), named, size, 0.0, gain, episode);
    }
}
