package vistream.streaming;

/**
 * A change detected in the stream: the Page–Hinkley test on the prequential surprise crossed its
 * threshold.
 *
 * @param observations the count of observations at which the alarm was raised
 * @param time         when, in milliseconds of the stream's clock
 * @param cluster      the cluster held responsible: the one whose mean moved furthest since the
 *                     detector last started (after the alarm's batch updated the posterior)
 * @param kind         what raised it; {@value #PAGE_HINKLEY} for the change detector
 * @param size         how far that cluster's mean moved since the detector last started
 * @param statistic    the Page–Hinkley statistic at the alarm, in nats
 */
public record DriftEvent(long observations, long time, int cluster, String kind, double size, double statistic) {

    /** The kind of an alarm of the Page–Hinkley test. */
    public static final String PAGE_HINKLEY = "page-hinkley";
}
