package vistream.app.cli;

import java.util.List;


import picocli.CommandLine.Option;

/** The settings of the Gaussian–Wishart models (--model spherical, diag, full), shared by fit, stream and serve. */
final class GaussianWishartOptions {

    @Option(names = "--columns", split = ",", paramLabel = "C1,C2,…",
            description = "spherical, diag, full: CSV columns by name or index from 1 (default: all).")
    List<String> columns;

    @Option(names = "--beta0", paramLabel = "B", description = "spherical, diag, full: mean precision prior (default: 1).")
    Double beta0;

    @Option(names = "--nu0", paramLabel = "NU", description = "spherical, diag, full: Wishart degrees of freedom (default: D).")
    Double nu0;

    @Option(names = "--mean0", split = ",", paramLabel = "M1,…",
            description = "spherical, diag, full: prior mean, D values (default: the data mean).")
    double[] mean0;

    @Option(names = "--covariance0", split = ",", paramLabel = "C11,C12,…",
            description = "spherical, diag, full: prior covariance W0^-1, D x D values row by row (default: the data covariance).")
    double[] covariance0;

}
