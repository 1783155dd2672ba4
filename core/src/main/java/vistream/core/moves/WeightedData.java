package vistream.core.moves;

import java.util.List;
import java.util.Objects;

import vistream.core.mixture.ConjugateMixture;
import vistream.core.mixture.NaturalParameters;
import vistream.core.mixture.SufficientStatistics;

/**
 * Observations in chunks, each with the weight its observations carry in a posterior that stands
 * for more observations than these: a stream's memo, whose every sample stands for the stride of
 * observations it was drawn from, discounted as the update rule has discounted them since.
 * {@link #statistics} gives their statistics as that posterior holds them, so that a move judged
 * on the chunks can be applied to the posterior at its own scale.
 *
 * @param chunks    observations, row-major, oldest first
 * @param weights   per chunk, the weight of each of its observations; finite, at least 0
 * @param dimension D
 */
public record WeightedData(List<double[]> chunks, double[] weights, int dimension) {

    /**
     * Copies and validates.
     *
     * @throws IllegalArgumentException if the lengths disagree or a weight is out of range
     */
    public WeightedData {
        chunks = List.copyOf(chunks);
        weights = weights.clone();
        if (weights.length != chunks.size()) {
            throw new IllegalArgumentException(chunks.size() + " chunks with " + weights.length + " weights");
        }
        for (double w : weights) {
            if (!(w >= 0.0 && w < Double.POSITIVE_INFINITY)) {
                throw new IllegalArgumentException("a chunk's weight must be finite and at least 0, got " + w);
            }
        }
        Objects.checkIndex(dimension - 1, Integer.MAX_VALUE);
    }

    /** @return the weights, a copy */
    @Override
    public double[] weights() {
        return weights.clone();
    }

    /**
     * Returns Σ_chunks weight × the chunk's expected statistics under {@code posterior}'s local step.
     *
     * @param model     the model of {@code posterior}
     * @param posterior λ
     * @return the weighted statistics
     */
    public SufficientStatistics statistics(ConjugateMixture model, NaturalParameters posterior) {
        SufficientStatistics out = model.newStatistics();
        SufficientStatistics part = model.newStatistics();
        var step = model.localStep(posterior);
        for (int b = 0; b < chunks.size(); b++) {
            part.clear();
            double[] chunk = chunks.get(b);
            step.accumulate(chunk, 0, chunk.length / dimension, part);
            out.addWeighted(part, weights[b]);
        }
        return out;
    }
}
