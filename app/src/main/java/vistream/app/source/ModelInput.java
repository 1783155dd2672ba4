package vistream.app.source;

import java.nio.file.Path;

import vistream.app.config.ModelSpec;
import vistream.app.config.UserError;
import vistream.core.mixture.ConjugateMixture;

/**
 * A model built for its input, with the parser of the input's lines: the one place where
 * {@code stream} and {@code serve} turn a {@link ModelSpec} into a model. A Gaussian–Wishart
 * prior's data-dependent defaults come from the head of a file or of the synthetic feed; on stdin
 * and Kafka, which cannot be read twice, the prior must be given and every field of a line is a
 * value.
 *
 * @param model  the model
 * @param parser the parser of the input's lines: their width and the columns chosen
 */
public record ModelInput(ConjugateMixture model, LineParser parser) {

    /**
     * The model of a file input.
     *
     * @param spec     the model
     * @param file     the file
     * @param headSize how many of its first observations set the prior's defaults
     * @return the model and its parser
     * @throws UserError or {@link DataFileException} if the file cannot give them
     */
    public static ModelInput ofFile(ModelSpec spec, Path file, int headSize) {
        if (spec instanceof ModelSpec.KnownVariance known) {
            return new ModelInput(known.build(), new LineParser(1));
        }
        ModelSpec.GaussianWishart gw = (ModelSpec.GaussianWishart) spec;
        MatrixFile.Matrix head = MatrixFile.read(file, gw.columns(), headSize, true);
        return new ModelInput(gw.build(head.values(), head.dimension()), new LineParser(head.indices(), head.width()));
    }

    /**
     * The model of the synthetic feed, one-dimensional.
     *
     * @param spec the model
     * @param head the feed's first observations, for the prior's defaults
     * @return the model and its parser
     * @throws UserError if columns are given
     */
    public static ModelInput ofSynthetic(ModelSpec spec, double[] head) {
        if (spec instanceof ModelSpec.KnownVariance known) {
            return new ModelInput(known.build(), new LineParser(1));
        }
        ModelSpec.GaussianWishart gw = (ModelSpec.GaussianWishart) spec;
        if (gw.columns() != null) {
            throw new UserError("columns apply to a file input, not the synthetic feed");
        }
        return new ModelInput(gw.build(head, 1), new LineParser(1));
    }

    /**
     * The model of an input read once, line by line: stdin or Kafka.
     *
     * @param spec the model
     * @param what the input's name in messages, such as {@code stdin}
     * @return the model and its parser
     * @throws UserError if a Gaussian–Wishart prior is not given in full, or columns are
     */
    public static ModelInput ofLines(ModelSpec spec, String what) {
        if (spec instanceof ModelSpec.KnownVariance known) {
            return new ModelInput(known.build(), new LineParser(1));
        }
        ModelSpec.GaussianWishart gw = (ModelSpec.GaussianWishart) spec;
        if (gw.columns() != null || !gw.priorGiven()) {
            throw new UserError("reading " + what + " with model " + gw.name()
                    + " needs mean0 and covariance0, and takes every field of a line (no columns)");
        }
        int d = gw.mean0().length;
        return new ModelInput(gw.build(null, d), new LineParser(d));
    }
}
