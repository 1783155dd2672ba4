package vistream.streaming;

import java.util.Arrays;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import vistream.core.inference.Chunks;
import vistream.core.mixture.ConjugateMixture;
import vistream.core.mixture.LocalStep;
import vistream.core.mixture.PosteriorPredictive;
import vistream.core.mixture.SufficientStatistics;

/**
 * The working memory of one subscription: the open minibatch packed row-major as it arrives,
 * and the per-batch results (prequential log densities, per-chunk statistics), reused
 * from batch to batch so that the steady state allocates nothing per observation.
 *
 * <p>Each is used by one thread at a time: filled by a window's reduce, then absorbed by the
 * scan, which gives it back to the subscription's {@link Pool}.
 */
final class BatchWorkspace {

    /**
     * Observations per chunk of a batch's scoring and local step: fixed, so that the statistics
     * (added in chunk order) and so the stream do not depend on the number of workers; large
     * enough that a hand-off costs little against about 15 µs of work.
     */
    static final int CHUNK = 256;

    private final int dimension;
    private final int workers;
    private double[] data;
    private int size;
    private double[] logDensities;
    /** Reused by {@link #surprising}'s selection. */
    private double[] scratch = new double[0];
    /** K of the last scoring: the number of components changes when a stream makes moves. */
    private int components;
    /** The shares of the observations up to an alarm, scored again by {@link #blame}. */
    private double[] shares = new double[0];
    private double[] rescored = new double[0];
    /** Each observation's surprise, and the change detector's running mean it was compared with. */
    private double[] surprises;
    private double[] meansBefore;
    private SufficientStatistics[] parts;

    BatchWorkspace(ConjugateMixture model, int capacity, int workers) {
        this.dimension = model.dimension();
        this.components = model.components();
        this.workers = workers;
        this.data = new double[capacity * dimension];
        this.logDensities = new double[capacity];
        this.surprises = new double[capacity];
        this.meansBefore = new double[capacity];
        this.parts = new SufficientStatistics[0];
    }

    /** Appends one valid observation to the open batch. */
    BatchWorkspace add(double[] x) {
        if ((size + 1) * dimension > data.length) {
            data = Arrays.copyOf(data, Math.max(dimension, 2 * data.length));
        }
        // A loop, not System.arraycopy: for the few values of a row the call's checks cost more
        // than the copy (4 % of a one-dimensional stream's time).
        int at = size * dimension;
        for (int d = 0; d < dimension; d++) {
            data[at + d] = x[d];
        }
        size++;
        return this;
    }

    /** Replaces the open batch by the first {@code n} rows of {@code rows} (row-major). */
    void load(double[] rows, int n) {
        if (n * dimension > data.length) {
            data = new double[n * dimension];
        }
        System.arraycopy(rows, 0, data, 0, n * dimension);
        size = n;
    }

    /** Observations in the open batch. */
    int size() {
        return size;
    }

    /** The batch, row-major; valid up to {@link #size()} observations. */
    double[] data() {
        return data;
    }

    /** Empties the batch for the next one. */
    void clear() {
        size = 0;
    }

    /**
     * Scores the batch prequentially under {@code predictive} and runs {@code localStep} over it,
     * chunk by chunk on up to the configured number of workers, and adds the statistics to
     * {@code into} in chunk order.
     */
    void scoreAndAccumulate(ConjugateMixture model, PosteriorPredictive predictive, LocalStep localStep,
            SufficientStatistics into) {
        int n = size;
        int k = model.components();
        if (logDensities.length < n) {
            logDensities = new double[n];
        }
        if (surprises.length < n) {
            surprises = new double[n];
            meansBefore = new double[n];
        }
        components = k;
        int chunks = (n + CHUNK - 1) / CHUNK;
        if (parts.length > 0 && parts[0].components() != k) {
            parts = new SufficientStatistics[0];
        }
        if (parts.length < chunks) {
            int had = parts.length;
            parts = Arrays.copyOf(parts, chunks);
            for (int c = had; c < chunks; c++) {
                parts[c] = model.newStatistics();
            }
        }
        double[] batch = data;
        Chunks.forEach(chunks, workers, c -> {
            int from = c * CHUNK;
            int to = Math.min(n, from + CHUNK);
            predictive.logDensities(batch, from, to, logDensities);
            parts[c].clear();
            localStep.accumulate(batch, from, to, parts[c]);
        });
        for (int c = 0; c < chunks; c++) {
            into.add(parts[c]);
        }
    }

    /** log p(x_i | earlier observations), from the last {@link #scoreAndAccumulate}. */
    double logDensity(int i) {
        return logDensities[i];
    }

    /**
     * Each observation's surprise −log p(x_i | earlier observations), for the change detector to
     * read and {@link #blame} to use; valid up to {@link #size()} once the batch is scored and
     * {@link #surprisesFromLogDensities} has run.
     */
    double[] surprises() {
        return surprises;
    }

    /** Writes the surprises of the scored batch and returns Σ_i log p(x_i | earlier observations). */
    double surprisesFromLogDensities() {
        double sum = 0.0;
        for (int i = 0; i < size; i++) {
            double lpd = logDensities[i];
            sum += lpd;
            surprises[i] = -lpd;
        }
        return sum;
    }

    /** Where the change detector writes the running mean each surprise was compared with. */
    double[] meansBefore() {
        return meansBefore;
    }

    /**
     * Per cluster, Σ share(i, k) · above_i over the observations i ≤ {@code last} whose surprise
     * was above the detector's running mean (above_i = surprise_i − mean_i &gt; 0, from
     * {@link #surprises} and {@link #meansBefore}), in stream order: whom an alarm at
     * observation {@code last} blames. The shares are those of the batch's scoring, bit for bit:
     * the prefix is scored again by the same call with its shares, which only an alarm needs, so
     * the batch's scoring writes none.
     *
     * @param predictive the predictive the batch was scored under
     * @param last       the observation that raised the alarm
     */
    double[] blame(PosteriorPredictive predictive, int last) {
        int k = components;
        int n = last + 1;
        if (shares.length < n * k) {
            shares = new double[Math.max(n, logDensities.length) * k];
        }
        if (rescored.length < n) {
            rescored = new double[logDensities.length];
        }
        predictive.logDensities(data, 0, n, rescored, shares);
        double[] excess = new double[k];
        for (int i = 0; i < n; i++) {
            double above = surprises[i] - meansBefore[i];
            if (above > 0.0) {
                for (int j = 0; j < k; j++) {
                    excess[j] += shares[i * k + j] * above;
                }
            }
        }
        return excess;
    }

    /**
     * Returns every {@code stride}-th observation of the batch, from its first, row-major: what
     * the batch leaves in a stream's memo.
     */
    double[] samples(int stride) {
        int m = (size + stride - 1) / stride;
        double[] out = new double[m * dimension];
        for (int j = 0; j < m; j++) {
            System.arraycopy(data, j * stride * dimension, out, j * dimension, dimension);
        }
        return out;
    }

    /**
     * Returns the {@code count} observations with the lowest log predictive density of the last
     * scoring (ties to the earlier), in batch order, row-major: what the batch leaves in the
     * reservoir births are fitted to. The count-th lowest density is found by selection on a
     * reused copy (O(n) expected), then one pass in batch order keeps every observation below it
     * and the earliest of those equal to it.
     */
    double[] surprising(int count) {
        int m = Math.min(count, size);
        double[] out = new double[m * dimension];
        if (m == 0) {
            return out;
        }
        if (scratch.length < size) {
            scratch = new double[logDensities.length];
        }
        System.arraycopy(logDensities, 0, scratch, 0, size);
        double threshold = select(scratch, size, m - 1);
        int below = 0;
        for (int i = 0; i < size; i++) {
            below += logDensities[i] < threshold ? 1 : 0;
        }
        int equal = m - below;
        int at = 0;
        for (int i = 0; i < size && at < m; i++) {
            double l = logDensities[i];
            if (l < threshold || (l == threshold && equal-- > 0)) {
                System.arraycopy(data, i * dimension, out, at * dimension, dimension);
                at++;
            }
        }
        return out;
    }

    /**
     * The {@code rank}-th smallest (from 0) of the first {@code n} values, which it reorders:
     * Hoare's selection with a median-of-three pivot, iterative.
     */
    static double select(double[] values, int n, int rank) {
        int lo = 0;
        int hi = n - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            double a = values[lo];
            double b = values[mid];
            double c = values[hi];
            double pivot = Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (values[i] < pivot) {
                    i++;
                }
                while (values[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    double t = values[i];
                    values[i] = values[j];
                    values[j] = t;
                    i++;
                    j--;
                }
            }
            if (rank <= j) {
                hi = j;
            } else if (rank >= i) {
                lo = i;
            } else {
                return values[rank];
            }
        }
        return values[lo];
    }

    /**
     * The subscription's free workspaces: taken when a window opens, given back when its batch
     * has been absorbed. With a pipelined stream a few are in flight at once (the one filling, the
     * queued ones, the one being absorbed); the pool only ever holds that many.
     */
    static final class Pool {

        private final ConjugateMixture model;
        private final int capacity;
        private final int workers;
        private final Queue<BatchWorkspace> free = new ConcurrentLinkedQueue<>();

        Pool(ConjugateMixture model, int capacity, int workers) {
            this.model = model;
            this.capacity = capacity;
            this.workers = workers;
        }

        BatchWorkspace take() {
            BatchWorkspace w = free.poll();
            return w != null ? w : new BatchWorkspace(model, capacity, workers);
        }

        void give(BatchWorkspace w) {
            w.clear();
            free.offer(w);
        }
    }
}
