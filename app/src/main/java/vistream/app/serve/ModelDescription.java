package vistream.app.serve;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import vistream.app.config.Models;
import vistream.app.kafka.KafkaInstance;
import vistream.core.mixture.ConjugateMixture;
import vistream.core.mixture.KnownVarianceGaussianMixture;
import vistream.streaming.PosteriorSnapshot;

/** What {@code GET /api/model} says of the running model: its settings, its current K and ids, and its Kafka instance. */
final class ModelDescription {

    private ModelDescription() {
    }

    /**
     * Describes a running model.
     *
     * @param config the service's settings
     * @param model  its model, at the starting K
     * @param now    the latest snapshot, or null
     * @param plot   the dimensions the dashboard draws, from 0
     * @param kafka  the Kafka instance, or null
     * @return name → value, in the order {@code /api/model} shows them
     */
    static Map<String, Object> of(ServiceSettings config, ConjugateMixture model, PosteriorSnapshot now, int[] plot,
            KafkaInstance kafka) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", config.model().name());
        m.put("k", now != null ? now.clusters() : model.components());
        m.put("ids", now != null ? now.ids() : new long[0]);
        m.put("weights", Models.name(model.weightPrior()));
        m.put("moves", Models.movesOn(config.stream().moves(), model.weightPrior()));
        m.put("maxK", Models.maxComponents(config.stream().maxK(), config.stream().k()));
        m.put("dimension", model.dimension());
        if (model instanceof KnownVarianceGaussianMixture known) {
            m.put("sigma0", Math.sqrt(known.priorVariance()));
            m.put("sigma", Math.sqrt(known.variance()));
        }
        m.put("plot", plot.length == 2 ? List.of(plot[0] + 1, plot[1] + 1) : List.of(1));
        m.put("update", config.stream().update());
        m.put("input", config.kafka() != null ? "kafka:" + config.kafka().topic()
                : config.source().input() == null ? "synthetic" : config.source().input());
        if (kafka != null) {
            Map<String, Object> k = new LinkedHashMap<>();
            k.put("instance", kafka.id());
            k.put("group", config.kafka().group());
            k.put("partitions", new TreeSet<>(kafka.partitions()));
            k.put("contributed", kafka.contributed());
            k.put("backlog", kafka.backlog());
            k.put("observations", kafka.observations());
            k.put("rejected", kafka.rejected());
            k.put("offsets", kafka.offsets());
            m.put("kafka", k);
        }
        return m;
    }
}
