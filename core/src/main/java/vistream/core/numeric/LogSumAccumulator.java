package vistream.core.numeric;

/**
 * Accumulates log Σ exp(v) over a long sequence of values in one pass, keeping the running
 * maximum as the shift and summing the scaled terms with Neumaier's compensated summation,
 * so that 10^8 terms lose no more than a few ulps.
 *
 * <p>Not thread safe. Values must not be NaN; −∞ adds nothing.
 */
public final class LogSumAccumulator {

    private double shift = Double.NEGATIVE_INFINITY;
    private double sum;
    private double compensation;

    /**
     * Adds exp(value) to the sum.
     *
     * @param value a term in log space
     */
    public void add(double value) {
        if (value == Double.NEGATIVE_INFINITY) {
            return;
        }
        if (value > shift) {
            // Rescale what has been summed so far to the new, larger shift.
            double scale = FastExp.exp(shift - value);
            sum *= scale;
            compensation *= scale;
            shift = value;
            addScaled(1.0);
        } else {
            addScaled(FastExp.exp(value - shift));
        }
    }

    private void addScaled(double term) {
        double t = sum + term;
        if (Math.abs(sum) >= Math.abs(term)) {
            compensation += (sum - t) + term;
        } else {
            compensation += (term - t) + sum;
        }
        sum = t;
    }

    /**
     * Returns log Σ exp(v) over every value added, or −∞ when nothing was added.
     *
     * @return the log of the accumulated sum
     */
    public double logSum() {
        return shift == Double.NEGATIVE_INFINITY ? shift : shift + Math.log(sum + compensation);
    }
}
