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
 * and the per-batch results (prequential log densities, shares, per-chunk statistics), reused
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
    /** K of the last scoring: the number of components changes when a stream makes moves. */
    private int components;
    private double[] shares;
    private SufficientStatistics[] parts;

    BatchWorkspace(ConjugateMixture model, int capacity, int workers) {
        this.dimension = model.dimension();
        this.components = model.components();
        this.workers = workers;
        this.data = new double[capacity * dimension];
        this.logDensities = new double[capacity];
        this.shares = new double[capacity * components];
        this.parts = new SufficientStatistics[0];
    }

    /** Appends one valid observation to the open batch. */
    BatchWorkspace add(double[] x) {
        if ((size + 1) * dimension > data.length) {
            data = Arrays.copyOf(data, Math.max(dimension, 2 * data.length));
        }
        System.arraycopy(x, 0, data, size * dimension, dimension);
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
        if (shares.length < n * k) {
            shares = new double[Math.max(n, logDensities.length) * k];
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
            predictive.logDensities(batch, from, to, logDensities, shares);
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

    /** The share of cluster {@code k} in observation i's predictive density. */
    double share(int i, int k) {
        return shares[i * components + k];
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
     * reservoir births are fitted to. A bounded max-heap of the lowest keeps it O(n log count).
     */
    double[] surprising(int count) {
        int m = Math.min(count, size);
        int[] heap = new int[m];
        int held = 0;
        for (int i = 0; i < size; i++) {
            if (held < m) {
                heap[held] = i;
                siftUp(heap, held++);
            } else if (logDensities[i] < logDensities[heap[0]]) {
                heap[0] = i;
                siftDown(heap, m);
            }
        }
        Arrays.sort(heap);
        double[] out = new double[m * dimension];
        for (int j = 0; j < m; j++) {
            System.arraycopy(data, heap[j] * dimension, out, j * dimension, dimension);
        }
        return out;
    }

    /** Heap order: the least surprising of the kept (highest density, later on a tie) on top. */
    private boolean above(int a, int b) {
        return logDensities[a] > logDensities[b] || (logDensities[a] == logDensities[b] && a > b);
    }

    private void siftUp(int[] heap, int at) {
        while (at > 0) {
            int parent = (at - 1) / 2;
            if (!above(heap[at], heap[parent])) {
                return;
            }
            int t = heap[at];
            heap[at] = heap[parent];
            heap[parent] = t;
            at = parent;
        }
    }

    private void siftDown(int[] heap, int n) {
        int at = 0;
        while (true) {
            int left = 2 * at + 1;
            int top = at;
            if (left < n && above(heap[left], heap[top])) {
                top = left;
            }
            if (left + 1 < n && above(heap[left + 1], heap[top])) {
                top = left + 1;
            }
            if (top == at) {
                return;
            }
            int t = heap[at];
            heap[at] = heap[top];
            heap[top] = t;
            at = top;
        }
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
