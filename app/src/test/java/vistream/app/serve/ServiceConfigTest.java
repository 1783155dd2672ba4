package vistream.app.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import vistream.app.cli.UserError;
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
        assertEquals(1.0, fromYaml.sigma(), "what the file does not say comes from the defaults");
        assertEquals(new UpdateRule.PopulationVb(2000, 0.7, 1), fromYaml.streamOptions().build().updateRule());
        ServiceConfig flags = new ServiceConfig(null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, 9100, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
        assertEquals(9100, flags.over(fromYaml).port(), "a flag overrides the file");
        assertEquals(new UpdateRule.Svi(1e5, 0.7, 1),
                ServiceConfig.read(json).over(ServiceConfig.DEFAULTS).streamOptions().build().updateRule());
    }

    @Test
    void badFilesAreClearErrors() throws Exception {
        Path unknown = Files.writeString(dir.resolve("a.yaml"), "k: 3\nsigmaa: 2\n");
        UserError e = assertThrows(UserError.class, () -> ServiceConfig.read(unknown));
        assertTrue(e.getMessage().contains("a.yaml is not valid") && e.getMessage().contains("sigmaa"), e.getMessage());
        Path mistyped = Files.writeString(dir.resolve("b.json"), "{\"k\": \"three\"}");
        assertTrue(assertThrows(UserError.class, () -> ServiceConfig.read(mistyped)).getMessage().contains("b.json is not valid"));
        assertTrue(assertThrows(UserError.class, () -> ServiceConfig.read(dir.resolve("none.yaml"))).getMessage()
                .contains("no such file"));
        ServiceConfig wrongMeans = new ServiceConfig(null, null, 3, null, null, null, null, null, null, null, null, null,
                null, null, null, new double[] {1, 2}, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null, null).over(ServiceConfig.DEFAULTS);
        assertTrue(assertThrows(UserError.class, wrongMeans::streamOptions).getMessage().contains("init-means has 2 values"));
        ServiceConfig sviWithoutSize = new ServiceConfig(null, null, null, null, null, "svi", null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null, null, null).over(ServiceConfig.DEFAULTS);
        assertTrue(assertThrows(UserError.class, sviWithoutSize::streamOptions).getMessage().contains("needs a size"));
    }
}
