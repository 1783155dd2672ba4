package vistream.app.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import vistream.app.config.ModelSpec;
import vistream.app.config.UserError;
import vistream.core.mixture.WeightPrior;
import vistream.app.kafka.KafkaSettings;
import vistream.core.inference.UpdateRule;

/** Settings from JSON and YAML files, with flags over them and defaults under. */
class ServiceConfigTest {

    @TempDir
    Path dir;

    @Test
    void yamlAndJsonFilesAreReadAndFlagsOverrideThem() throws Exception {
        Path yaml = Files.writeString(dir.resolve("vistream.yaml"),
                "k: 3\nsigma0: 5.5\nupdate: pvb\npopulation: 2000\nport: 9000\ninitMeans: [-1, 0, 1]\n");
        Path json = Files.writeString(dir.resolve("vistream.json"), "{\"k\": 3, \"update\": \"svi\", \"size\": 1e5}");
        ServiceConfig fromYaml = ServiceConfig.read(yaml).over(ServiceConfig.DEFAULTS);
        assertEquals(3, fromYaml.k());
        assertEquals(5.5, fromYaml.sigma0());
        assertEquals(new ModelSpec.KnownVariance(3, 5.5, 1.0, WeightPrior.DIRICHLET, null), fromYaml.modelSpec(),
                "what the file does not say comes from the defaults");
        assertEquals(new UpdateRule.PopulationVb(2000, 0.7, 1), fromYaml.streamOptions().build().updateRule());
        ServiceConfig flags = ServiceConfig.of(Map.of("port", 9100));
        assertEquals(9100, flags.over(fromYaml).port(), "a flag overrides the file");
        assertEquals(Runtime.getRuntime().availableProcessors(), fromYaml.streamOptions().build().workers(),
                "the stream's threads default to the processors");
        Path three = Files.writeString(dir.resolve("w.yaml"), "workers: 3\n");
        assertEquals(3, ServiceConfig.read(three).over(ServiceConfig.DEFAULTS).streamOptions().build().workers());
        Path zero = Files.writeString(dir.resolve("w0.yaml"), "workers: 0\n");
        assertTrue(assertThrows(UserError.class, () -> ServiceConfig.read(zero).over(ServiceConfig.DEFAULTS).streamOptions())
                .getMessage().contains("workers must be at least 1, got 0"));
        assertEquals(new UpdateRule.Svi(1e5, 0.7, 1),
                ServiceConfig.read(json).over(ServiceConfig.DEFAULTS).streamOptions().build().updateRule());
    }

    @Test
    void kafkaSettingsLayerFieldByFieldAndNameTheirTopics() throws Exception {
        Path yaml = Files.writeString(dir.resolve("kafka.yaml"), "kafka:\n  bootstrap: k1:9092\n  topic: sensors\n"
                + "  group: g\n  properties:\n    security.protocol: SSL\n    session.timeout.ms: '10000'\n");
        ServiceConfig file = ServiceConfig.read(yaml).over(ServiceConfig.DEFAULTS);
        ServiceConfig flags = ServiceConfig.of(Map.of("kafka", new KafkaSettings(null, null, "other", "snaps", null, null,
                null, Map.of("session.timeout.ms", "6000"))));
        KafkaSettings k = flags.over(file).kafka().complete();
        assertEquals("k1:9092", k.bootstrap(), "the file's broker stays");
        assertEquals("other", k.group(), "the flag's group wins");
        assertEquals(Map.of("security.protocol", "SSL", "session.timeout.ms", "6000"), k.properties());
        assertEquals("other.vistream-deltas", k.deltasTopic());
        assertEquals("other.vistream-state", k.stateTopic());
        assertEquals("sensors.dead-letters", k.deadLetterTopic());
        assertEquals("snaps", k.snapshotTopic());
        UserError missing = assertThrows(UserError.class,
                () -> new KafkaSettings("k1:9092", "sensors", null, null, null, null, null, null).complete());
        assertTrue(missing.getMessage().contains("no group"), missing.getMessage());
        UserError same = assertThrows(UserError.class,
                () -> new KafkaSettings("k1:9092", "t", "g", null, null, "t", null, null).complete());
        assertTrue(same.getMessage().contains("must differ"), same.getMessage());
    }

    @Test
    void badFilesAreClearErrors() throws Exception {
        Path unknown = Files.writeString(dir.resolve("a.yaml"), "k: 3\nsigmaa: 2\n");
        UserError e = assertThrows(UserError.class, () -> ServiceConfig.read(unknown));
        assertTrue(e.getMessage().contains("a.yaml: unknown setting 'sigmaa'"), e.getMessage());
        Path mistyped = Files.writeString(dir.resolve("b.json"), "{\"k\": \"three\"}");
        assertTrue(assertThrows(UserError.class, () -> ServiceConfig.read(mistyped)).getMessage()
                .contains("b.json: setting 'k' must be a whole number, got 'three'"));
        assertTrue(assertThrows(UserError.class, () -> ServiceConfig.read(dir.resolve("none.yaml"))).getMessage()
                .contains("no such file"));
        ServiceConfig wrongMeans = ServiceConfig.of(Map.of("k", 3, "initMeans", new double[] {1, 2})).over(ServiceConfig.DEFAULTS);
        assertTrue(assertThrows(UserError.class, wrongMeans::streamOptions).getMessage().contains("init-means has 2 values"));
        ServiceConfig sviWithoutSize = ServiceConfig.of(Map.of("update", "svi")).over(ServiceConfig.DEFAULTS);
        assertTrue(assertThrows(UserError.class, sviWithoutSize::streamOptions).getMessage().contains("needs a size"));
    }
}
