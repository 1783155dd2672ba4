package vistream.core.mixture;

/**
 * A block of observations laid out for the full-covariance kernels of
 * {@link GaussianWishartLocalStep}: the forward substitution L_k⁻¹(x − m_k) of the whole block
 * against one component (the Mahalanobis term of the responsibilities, MATHS.md §4 and §6, Bishop
 * 2006 eq. 10.46 with 10.64), and the rank-B update of a component's moments Σ φ x' and
 * Σ φ x' x'ᵀ by its share of the block (the statistics of Bishop eq. 10.51–10.53).
 *
 * <p>Why blocks: for one observation the substitution is a chain of dependent multiply-subtracts
 * (row i needs rows 0..i−1), so a scalar loop waits on the latency of each; across observations
 * the chains are independent. Stored by dimension, one array per dimension, the block lets every
 * inner loop of the substitution run over observations on contiguous arrays, which C2 compiles to
 * SIMD. A component's moments are updated by its members in the block together: four members per
 * pass over each row of the scatter (vectorised from D = 16), or below that in tiles of 2 × 4
 * (and 2 × 2 where four columns would pass the diagonal) entries held in registers; either way each entry is loaded and stored once per four members or
 * once per block instead of once per observation.
 *
 * <p>Each observation's arithmetic is the per-observation loop's, operation by operation and in the
 * same order (Java never fuses a multiply with an add, grouped differences are evaluated left to
 * right, and every sum takes the block's members one after another in order): the results depend
 * neither on the block size nor on where an observation falls in a block, only the speed does.
 *
 * <p>Scratch memory of one call of the local step; not thread safe.
 */
final class ObservationBlock {

    /**
     * Values (observations × dimensions) of one block: its columns and their solution then take
     * 2 · 8 · 8192 bytes = 128 KiB, a quarter of a core's L2 cache on the reference machine, so
     * the substitution's rows stay in cache while every component is solved against them.
     * Measured while tuning, at D = 32 and K = 10: 256 observations a block took 200 ms a local
     * step of 200,000 observations, 64 (the block that fits L1) 240 ms, as a small block leaves
     * each component few members to share the loads and stores of its moments.
     */
    private static final int VALUES = 8192;
    /**
     * The most observations per block: beyond 256 the loops gain nothing more, and the block stays
     * small against a chunk of {@code Cavi.CHUNK} observations and a streamed batch.
     */
    private static final int MOST = 256;
    /**
     * The fewest: C2's vectorised loops (4 doubles a vector, unrolled) need a few dozen iterations
     * to pay for their pre- and post-loops, so at large D a block exceeds {@link #VALUES}.
     */
    private static final int FEWEST = 64;
    /** The dimension from which the moments are updated by rows rather than by tiles ({@link #addMoments}). */
    private static final int ROWS_FROM = 16;
    /** Doubles per SIMD vector with AVX2, the unit a row's update is rounded up to. */
    private static final int VECTOR = 4;

    private final int d;
    /**
     * Value a of observation b at {@code columns[a][b]}. One array per dimension, not one packed
     * array: C2 (JDK 17) does not vectorise a loop that reads one array at several offsets, which
     * it cannot prove apart, but does vectorise the same loop over distinct arrays.
     */
    private final double[][] columns;
    /** Row i of L⁻¹(x − m) for observation b at {@code solved[i][b]}. */
    private final double[][] solved;
    /** The row of the substitution in progress. */
    private final double[] row;
    /** The row after it, when two are solved together. */
    private final double[] nextRow;
    /** Below {@value #ROWS_FROM} dimensions: a component's members' x'_ap, member p at {@code gathered[a][p]}. */
    private final double[][] gathered;
    /** The same times the member's responsibility, φ_p x'_ap. */
    private final double[][] weighted;
    /**
     * From {@value #ROWS_FROM} dimensions: observation b's x'_b at {@code centredRows[b]}, one array
     * per observation so that C2 vectorises loops over four of them (centring each member's row
     * as its moments were updated took a third of their time at D = 32).
     */
    private final double[][] centredRows;
    private int size;

    /**
     * Returns how many observations a block holds in dimension {@code d}: {@value #VALUES} values,
     * within [{@value #FEWEST}, {@value #MOST}] observations.
     *
     * @param d the dimension, at least 1
     * @return the observations per block
     */
    static int capacity(int d) {
        return Math.max(FEWEST, Math.min(MOST, VALUES / d));
    }

    /**
     * @param d        the dimension
     * @param capacity the most observations this block will hold
     */
    ObservationBlock(int d, int capacity) {
        this.d = d;
        this.columns = new double[d][capacity];
        this.solved = new double[d][capacity];
        this.row = new double[capacity];
        this.nextRow = new double[capacity];
        boolean rows = d >= ROWS_FROM;
        this.gathered = new double[rows ? 0 : d][capacity];
        this.weighted = new double[rows ? 0 : d][capacity];
        this.centredRows = new double[rows ? capacity : 0][d];
    }

    /** @return how many observations are loaded */
    int size() {
        return size;
    }

    /**
     * Loads observations {@code [first, first + count)} of a row-major array, transposed, and from
     * {@value #ROWS_FROM} dimensions also by rows minus {@code centre}.
     *
     * @throws IllegalArgumentException naming the first observation with a NaN or infinite value
     */
    void load(double[] data, int first, int count, double[] centre) {
        // One pass, observation after observation: the rows are read contiguously, and the D
        // columns each take one entry per observation, so their current cache lines stay in L1.
        boolean rows = centredRows.length > 0;
        for (int b = 0; b < count; b++) {
            int o = (first + b) * d;
            double[] centred = rows ? centredRows[b] : null;
            for (int a = 0; a < d; a++) {
                double v = data[o + a];
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("observation " + (first + b) + " has value " + v
                            + " in dimension " + a + "; observations must be finite");
                }
                columns[a][b] = v;
            }
            if (rows) {
                for (int a = 0; a < d; a++) {
                    centred[a] = data[o + a] - centre[a];
                }
            }
        }
        size = count;
    }

    /**
     * Writes |L⁻¹(x_b − s)|² of every observation b of the block to {@code out[b]}, by forward
     * substitution with the reciprocals of L's diagonal: the squared Mahalanobis distance
     * (x − m)ᵀ W (x − m) of Bishop eq. 10.64 when L Lᵀ = W⁻¹.
     *
     * @param chol            packed lower-triangular factors, this one from {@code lOffset}
     * @param shift           packed shifts s, this one from {@code sOffset}
     * @param inverseDiagonal packed 1 / L_ii, this one from {@code sOffset}
     * @param out             receives the squared norms, at least {@link #size()} long
     */
    void squaredNorms(double[] chol, int lOffset, double[] shift, double[] inverseDiagonal, int sOffset,
            double[] out) {
        int n = size;
        for (int b = 0; b < n; b++) {
            out[b] = 0.0;
        }
        int i = 0;
        for (; i + 2 <= d; i += 2) {
            solveTwoRows(i, chol, lOffset, shift, inverseDiagonal, sOffset, out);
        }
        if (i < d) {
            solveRow(i, chol, lOffset, shift, inverseDiagonal, sOffset, out);
        }
    }

    /**
     * Rows i and i + 1 of the substitution together: each earlier row is loaded once for both, so
     * a pass of four earlier rows loads six arrays and stores two for eight multiply-subtracts
     * (one row alone: five and one for four), which took the substitution at D = 32 from 61 to
     * 48 ns per observation and component. Each row still takes its terms j = 0, 1, … in order.
     */
    private void solveTwoRows(int i, double[] chol, int lOffset, double[] shift, double[] inverseDiagonal, int sOffset,
            double[] out) {
        int n = size;
        double[] row = this.row;
        double[] next = this.nextRow;
        double[] x0 = columns[i];
        double[] x1 = columns[i + 1];
        double s0 = shift[sOffset + i];
        double s1 = shift[sOffset + i + 1];
        for (int b = 0; b < n; b++) {
            row[b] = x0[b] - s0;
            next[b] = x1[b] - s1;
        }
        int li = lOffset + i * d;
        int lk = li + d;
        int j = 0;
        for (; j + 4 <= i; j += 4) {
            double l0 = chol[li + j];
            double l1 = chol[li + j + 1];
            double l2 = chol[li + j + 2];
            double l3 = chol[li + j + 3];
            double m0 = chol[lk + j];
            double m1 = chol[lk + j + 1];
            double m2 = chol[lk + j + 2];
            double m3 = chol[lk + j + 3];
            double[] y0 = solved[j];
            double[] y1 = solved[j + 1];
            double[] y2 = solved[j + 2];
            double[] y3 = solved[j + 3];
            for (int b = 0; b < n; b++) {
                double v0 = y0[b];
                double v1 = y1[b];
                double v2 = y2[b];
                double v3 = y3[b];
                row[b] = row[b] - l0 * v0 - l1 * v1 - l2 * v2 - l3 * v3;
                next[b] = next[b] - m0 * v0 - m1 * v1 - m2 * v2 - m3 * v3;
            }
        }
        for (; j < i; j++) {
            double lj = chol[li + j];
            double mj = chol[lk + j];
            double[] y = solved[j];
            for (int b = 0; b < n; b++) {
                double v = y[b];
                row[b] = row[b] - lj * v;
                next[b] = next[b] - mj * v;
            }
        }
        // Row i is finished; row i + 1 takes its last term, L_{i+1,i} times row i, then both add
        // their squares to the sum in row order.
        double inverse0 = inverseDiagonal[sOffset + i];
        double inverse1 = inverseDiagonal[sOffset + i + 1];
        double mi = chol[lk + i];
        double[] y0 = solved[i];
        double[] y1 = solved[i + 1];
        for (int b = 0; b < n; b++) {
            double v = row[b] * inverse0;
            y0[b] = v;
            double w = (next[b] - mi * v) * inverse1;
            y1[b] = w;
            out[b] = out[b] + v * v + w * w;
        }
    }

    /** Row i of the substitution alone (the last row when D is odd). */
    private void solveRow(int i, double[] chol, int lOffset, double[] shift, double[] inverseDiagonal, int sOffset,
            double[] out) {
        int n = size;
        double[] row = this.row;
        double[] x = columns[i];
        double s = shift[sOffset + i];
        for (int b = 0; b < n; b++) {
            row[b] = x[b] - s;
        }
        int li = lOffset + i * d;
        int j = 0;
        // Four earlier rows per pass: the row in progress is loaded and stored once per four
        // multiply-subtracts, still applied one after the other. Eight per pass would read nine
        // arrays, which C2 no longer vectorises.
        for (; j + 4 <= i; j += 4) {
            double l0 = chol[li + j];
            double l1 = chol[li + j + 1];
            double l2 = chol[li + j + 2];
            double l3 = chol[li + j + 3];
            double[] y0 = solved[j];
            double[] y1 = solved[j + 1];
            double[] y2 = solved[j + 2];
            double[] y3 = solved[j + 3];
            for (int b = 0; b < n; b++) {
                row[b] = row[b] - l0 * y0[b] - l1 * y1[b] - l2 * y2[b] - l3 * y3[b];
            }
        }
        for (; j < i; j++) {
            double lj = chol[li + j];
            double[] y = solved[j];
            for (int b = 0; b < n; b++) {
                row[b] = row[b] - lj * y[b];
            }
        }
        double inverse = inverseDiagonal[sOffset + i];
        double[] y = solved[i];
        for (int b = 0; b < n; b++) {
            double v = row[b] * inverse;
            y[b] = v;
            out[b] += v * v;
        }
    }

    /**
     * Adds Σ_p φ_p x'_p to {@code first} and the lower triangle of Σ_p φ_p x'_p x'_pᵀ to the rows of
     * {@code second} (its upper triangle receives partial sums the caller discards), over the
     * block's observations {@code members[from..from + count)} with responsibilities
     * {@code phi[from..from + count)}, x' being the observation minus {@code centre}: a
     * rank-{@code count} update of one component's statistics (Bishop eq. 10.51–10.53 before
     * normalisation). Every entry takes its terms one after another, in the order the members are
     * listed, exactly as if the observations had been added one at a time.
     *
     * <p>Two kernels, chosen by the dimension. From D = {@value #ROWS_FROM} the rows of the
     * scatter are long enough for C2 to vectorise: four members per pass, each row of the lower
     * triangle updated over its length rounded up to whole vectors. Below, rows are a vector or two
     * and their loops' set-up dominates; there the members are gathered by dimension and summed
     * in 2 × 4 tiles of scalars held in registers, 2 × 2 near the diagonal. Measured per member at
     * D = 32: 96 ns by rows, 143 ns by tiles; at D = 16 43 and 41 ns; at D = 8 18 and 13 ns (on an
     * AVX2 machine, before the 2 × 2 tiles).
     */
    void addMoments(int[] members, double[] phi, int from, int count, double[] centre, double[] first,
            double[][] second) {
        // The rows' kernel reads the centred rows made by load; the tiles' centres as it gathers.
        if (d >= ROWS_FROM) {
            addByRows(members, phi, from, count, first, second);
        } else if (count > 0) {
            addByTiles(members, phi, from, count, centre, first, second);
        }
    }

    private void addByRows(int[] members, double[] phi, int from, int count, double[] first, double[][] second) {
        int end = from + count;
        int p = from;
        for (; p + 4 <= end; p += 4) {
            double[] x0 = centredRows[members[p]];
            double[] x1 = centredRows[members[p + 1]];
            double[] x2 = centredRows[members[p + 2]];
            double[] x3 = centredRows[members[p + 3]];
            double w0 = phi[p];
            double w1 = phi[p + 1];
            double w2 = phi[p + 2];
            double w3 = phi[p + 3];
            for (int a = 0; a < d; a++) {
                double v0 = w0 * x0[a];
                double v1 = w1 * x1[a];
                double v2 = w2 * x2[a];
                double v3 = w3 * x3[a];
                first[a] = first[a] + v0 + v1 + v2 + v3;
                double[] q = second[a];
                int length = Math.min(d, (a + VECTOR) & -VECTOR);
                for (int b = 0; b < length; b++) {
                    q[b] = q[b] + v0 * x0[b] + v1 * x1[b] + v2 * x2[b] + v3 * x3[b];
                }
            }
        }
        for (; p < end; p++) {
            double[] x = centredRows[members[p]];
            double w = phi[p];
            for (int a = 0; a < d; a++) {
                double v = w * x[a];
                first[a] += v;
                double[] q = second[a];
                int length = Math.min(d, (a + VECTOR) & -VECTOR);
                for (int b = 0; b < length; b++) {
                    q[b] += v * x[b];
                }
            }
        }
    }

    private void addByTiles(int[] members, double[] phi, int from, int count, double[] centre, double[] first,
            double[][] second) {
        for (int a = 0; a < d; a++) {
            double[] x = columns[a];
            double origin = centre[a];
            double[] g = gathered[a];
            double[] u = weighted[a];
            for (int p = 0; p < count; p++) {
                double v = x[members[from + p]] - origin;
                g[p] = v;
                u[p] = phi[from + p] * v;
            }
        }
        addFirstMoments(count, first);
        for (int a = 0; a < d; a += 2) {
            // Rows a and a + 1 together, four columns at a time: eight independent sums in
            // registers, each loaded and stored once per block, whose additions overlap in the
            // pipeline where a single sum would wait on each addition's latency.
            boolean pair = a + 1 < d;
            int last = pair ? a + 1 : a;
            double[] u0 = weighted[a];
            double[] u1 = weighted[last];
            double[] q0 = second[a];
            double[] q1 = second[last];
            int b = 0;
            // Tiles of four columns while row a + 1 needs all four, then of two: the lower triangle
            // and the entries (a, a + 1), ceil-rounded, not whole tiles of four past the diagonal
            // (at D = 8, 40 products per member instead of 48).
            for (; b + 3 <= last; b += 4) {
                double[] x0 = gathered[b];
                double[] x1 = gathered[b + 1];
                double[] x2 = gathered[b + 2];
                double[] x3 = gathered[b + 3];
                double s00 = q0[b];
                double s01 = q0[b + 1];
                double s02 = q0[b + 2];
                double s03 = q0[b + 3];
                double s10 = q1[b];
                double s11 = q1[b + 1];
                double s12 = q1[b + 2];
                double s13 = q1[b + 3];
                for (int p = 0; p < count; p++) {
                    double v0 = u0[p];
                    double v1 = u1[p];
                    double y0 = x0[p];
                    double y1 = x1[p];
                    double y2 = x2[p];
                    double y3 = x3[p];
                    s00 += v0 * y0;
                    s01 += v0 * y1;
                    s02 += v0 * y2;
                    s03 += v0 * y3;
                    s10 += v1 * y0;
                    s11 += v1 * y1;
                    s12 += v1 * y2;
                    s13 += v1 * y3;
                }
                // Row a + 1 is written last: when there is no such row, q1 = q0 and the sums agree.
                q0[b] = s00;
                q0[b + 1] = s01;
                q0[b + 2] = s02;
                q0[b + 3] = s03;
                q1[b] = s10;
                q1[b + 1] = s11;
                q1[b + 2] = s12;
                q1[b + 3] = s13;
            }
            for (; b + 1 <= last; b += 2) {
                double[] x0 = gathered[b];
                double[] x1 = gathered[b + 1];
                double s00 = q0[b];
                double s01 = q0[b + 1];
                double s10 = q1[b];
                double s11 = q1[b + 1];
                for (int p = 0; p < count; p++) {
                    double v0 = u0[p];
                    double v1 = u1[p];
                    double y0 = x0[p];
                    double y1 = x1[p];
                    s00 += v0 * y0;
                    s01 += v0 * y1;
                    s10 += v1 * y0;
                    s11 += v1 * y1;
                }
                q0[b] = s00;
                q0[b + 1] = s01;
                q1[b] = s10;
                q1[b + 1] = s11;
            }
            for (; b <= last; b++) {
                double[] x = gathered[b];
                double s0 = q0[b];
                double s1 = q1[b];
                for (int p = 0; p < count; p++) {
                    double y = x[p];
                    s0 += u0[p] * y;
                    s1 += u1[p] * y;
                }
                q0[b] = s0;
                q1[b] = s1;
            }
        }
    }

    /** Σ_p φ_p x'_ap for every a, four sums at a time for the same reason as the tiles. */
    private void addFirstMoments(int count, double[] first) {
        int a = 0;
        for (; a + 4 <= d; a += 4) {
            double[] u0 = weighted[a];
            double[] u1 = weighted[a + 1];
            double[] u2 = weighted[a + 2];
            double[] u3 = weighted[a + 3];
            double s0 = first[a];
            double s1 = first[a + 1];
            double s2 = first[a + 2];
            double s3 = first[a + 3];
            for (int p = 0; p < count; p++) {
                s0 += u0[p];
                s1 += u1[p];
                s2 += u2[p];
                s3 += u3[p];
            }
            first[a] = s0;
            first[a + 1] = s1;
            first[a + 2] = s2;
            first[a + 3] = s3;
        }
        for (; a < d; a++) {
            double[] u = weighted[a];
            double s = first[a];
            for (int p = 0; p < count; p++) {
                s += u[p];
            }
            first[a] = s;
        }
    }
}
