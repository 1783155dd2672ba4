package vistream.streaming;

/**
 * A change detected in the stream: the Page–Hinkley test on the prequential surprise crossed its
 * threshold.
 *
 * @param observations the count of observations at which the alarm was raised
 * @param time         when, in milliseconds of the stream's clock
 * @param cluster      the cluster held responsible: the one in whose region (by predictive
 *                     share) the surprise above the detector's running mean fell, over the
 *                     alarm's batch up to the alarm
 * @param size         the surprise, in nats, above the detector's running mean that fell in that
 *                     cluster's region before the alarm: how strongly the data left the posterior
 * @param kind         what raised it; {@value #PAGE_HINKLEY} for the change detector
 * @param statistic    the Page–Hinkley statistic at the alarm, in nats
 */
public record DriftEvent(long observations, long time, int cluster, String kind, double size, double statistic) {

    /** The kind of an alarm of the Page–Hinkley test. */
    public static final String PAGE_HINKLEY = "page-hinkley";
}
