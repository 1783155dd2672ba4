package vistream.core.numeric;

import org.apache.commons.numbers.gamma.Digamma;
import org.apache.commons.numbers.gamma.LogGamma;

/**
 * The special functions of the Dirichlet and Wishart ELBO terms. Digamma and log-gamma come from
 * Apache Commons Numbers (accurate to a few ulps for positive arguments); the multivariate forms
 * are their sums (Bishop 2006, B.78–B.81).
 */
public final class SpecialFunctions {

    private static final double LOG_PI = Math.log(Math.PI);

    private SpecialFunctions() {
    }

    /**
     * Returns ψ(x), the derivative of log Γ.
     *
     * @param x a positive number
     * @return ψ(x)
     */
    public static double digamma(double x) {
        return Digamma.value(x);
    }

    /**
     * Returns log Γ(x).
     *
     * @param x a positive number
     * @return log Γ(x)
     */
    public static double logGamma(double x) {
        return LogGamma.value(x);
    }

    /**
     * Returns the multivariate log-gamma log Γ_D(a) = D(D−1)/4 log π + Σ_{i=1..D} log Γ(a + (1 − i)/2).
     *
     * @param a an argument above (D − 1)/2
     * @param d the dimension D
     * @return log Γ_D(a)
     */
    public static double multivariateLogGamma(double a, int d) {
        double sum = d * (d - 1) / 4.0 * LOG_PI;
        for (int i = 1; i <= d; i++) {
            sum += LogGamma.value(a + (1 - i) / 2.0);
        }
        return sum;
    }

    /**
     * Returns Σ_{i=1..D} ψ((ν + 1 − i)/2), the digamma part of E[log |Λ|] under a Wishart with ν
     * degrees of freedom (Bishop 2006, eq. 10.65).
     *
     * @param nu the degrees of freedom, above D − 1
     * @param d  the dimension D
     * @return the sum
     */
    public static double wishartDigammaSum(double nu, int d) {
        double sum = 0.0;
        for (int i = 1; i <= d; i++) {
            sum += Digamma.value((nu + 1 - i) / 2.0);
        }
        return sum;
    }
}
