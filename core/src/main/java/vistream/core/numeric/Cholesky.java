package vistream.core.numeric;

/**
 * Small dense kernels for symmetric positive definite D × D matrices held row-major in
 * {@code double[]}: the Cholesky factor A = L Lᵀ, log-determinants from it, and quadratic forms and
 * traces through triangular solves, so that no inverse is ever formed. D is small here (the
 * dimension of an observation), so plain loops beat a general library's overhead.
 */
public final class Cholesky {

    private Cholesky() {
    }

    /**
     * Returns the lower-triangular L with A = L Lᵀ.
     *
     * @param a a symmetric matrix, row-major; only its lower triangle is read
     * @param d the dimension
     * @return L, row-major, zero above the diagonal
     * @throws IllegalArgumentException if A is not positive definite (or not finite)
     */
    public static double[] decompose(double[] a, int d) {
        double[] l = new double[d * d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j <= i; j++) {
                double sum = a[i * d + j];
                for (int k = 0; k < j; k++) {
                    sum -= l[i * d + k] * l[j * d + k];
                }
                if (i == j) {
                    if (!(sum > 0.0) || !Double.isFinite(sum)) {
                        throw new IllegalArgumentException("the matrix is not positive definite (pivot " + i + " is " + sum + ")");
                    }
                    l[i * d + i] = Math.sqrt(sum);
                } else {
                    l[i * d + j] = sum / l[j * d + j];
                }
            }
        }
        return l;
    }

    /**
     * Returns log |A| = 2 Σ log L_ii.
     *
     * @param l the Cholesky factor of A
     * @param d the dimension
     * @return the log-determinant
     */
    public static double logDeterminant(double[] l, int d) {
        double sum = 0.0;
        for (int i = 0; i < d; i++) {
            sum += Math.log(l[i * d + i]);
        }
        return 2.0 * sum;
    }

    /**
     * Returns xᵀ A⁻¹ x = |L⁻¹ x|², by forward substitution into {@code scratch}.
     *
     * @param l       the Cholesky factor of A
     * @param x       the vector, read from {@code offset}
     * @param offset  where x starts
     * @param centre  subtracted from x before the form (length d), or null
     * @param d       the dimension
     * @param scratch d doubles of working space
     * @return the quadratic form
     */
    public static double inverseQuadraticForm(double[] l, double[] x, int offset, double[] centre, int d, double[] scratch) {
        if (centre == null) {
            double sum = 0.0;
            for (int i = 0; i < d; i++) {
                double v = x[offset + i];
                for (int k = 0; k < i; k++) {
                    v -= l[i * d + k] * scratch[k];
                }
                v /= l[i * d + i];
                scratch[i] = v;
                sum += v * v;
            }
            return sum;
        }
        return inverseQuadraticForm(l, 0, x, offset, centre, 0, d, scratch);
    }

    /**
     * Returns (x − c)ᵀ A⁻¹ (x − c) for factors and centres packed in larger arrays (one per mixture
     * component), reading them in place so that the hot loop copies nothing.
     *
     * @param l            packed Cholesky factors; this one starts at {@code lOffset}
     * @param lOffset      where the factor starts
     * @param x            the vector, read from {@code offset}
     * @param offset       where x starts
     * @param centre       packed centres; this one starts at {@code centreOffset}
     * @param centreOffset where the centre starts
     * @param d            the dimension
     * @param scratch      d doubles of working space
     * @return the quadratic form
     */
    public static double inverseQuadraticForm(double[] l, int lOffset, double[] x, int offset, double[] centre,
            int centreOffset, int d, double[] scratch) {
        double sum = 0.0;
        for (int i = 0; i < d; i++) {
            double v = x[offset + i] - centre[centreOffset + i];
            int row = lOffset + i * d;
            for (int k = 0; k < i; k++) {
                v -= l[row + k] * scratch[k];
            }
            v /= l[row + i];
            scratch[i] = v;
            sum += v * v;
        }
        return sum;
    }

    /**
     * Returns tr(A⁻¹ B) for symmetric B, column by column through two triangular solves.
     *
     * @param l the Cholesky factor of A
     * @param b the matrix B, row-major
     * @param d the dimension
     * @return the trace
     */
    public static double traceOfInverseTimes(double[] l, double[] b, int d) {
        double trace = 0.0;
        double[] y = new double[d];
        double[] z = new double[d];
        for (int c = 0; c < d; c++) {
            for (int i = 0; i < d; i++) {
                double v = b[i * d + c];
                for (int k = 0; k < i; k++) {
                    v -= l[i * d + k] * y[k];
                }
                y[i] = v / l[i * d + i];
            }
            for (int i = d - 1; i >= 0; i--) {
                double v = y[i];
                for (int k = i + 1; k < d; k++) {
                    v -= l[k * d + i] * z[k];
                }
                z[i] = v / l[i * d + i];
            }
            trace += z[c];
        }
        return trace;
    }
}
