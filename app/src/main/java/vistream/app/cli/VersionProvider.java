package vistream.app.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

import picocli.CommandLine;

import vistream.core.mixture.LocalStepPath;

/**
 * The {@code --version} lines: {@code vistream 0.1.0 (git abc1234, built 2026-12-02T10:00:00Z)}, then
 * which local step this JVM runs ({@link LocalStepPath#description()}), since that depends on
 * how the JVM was started (the {@code vistream} launcher or plain {@code java -jar}).
 * The build writes the version and time into {@code vistream/app/build.properties} (resource
 * filtering) and, in a git checkout, the commit into {@code vistream/app/commit.properties}; so
 * the line is the same from the jar and from the classes the tests run. Without the first, as
 * when classes are compiled outside Maven, it says it is a development build; without the
 * second, it leaves the commit out.
 */
final class VersionProvider implements CommandLine.IVersionProvider {

    @Override
    public String[] getVersion() {
        Properties build = read("build.properties");
        String version = known(build.getProperty("version"));
        if (version == null) {
            return new String[] {"vistream (development build)", LocalStepPath.description()};
        }
        String commit = known(read("commit.properties").getProperty("commit"));
        String built = known(build.getProperty("built"));
        StringBuilder line = new StringBuilder("vistream ").append(version);
        if (commit != null || built != null) {
            line.append(" (");
            if (commit != null) {
                line.append("git ").append(commit).append(built != null ? ", " : "");
            }
            if (built != null) {
                line.append("built ").append(built);
            }
            line.append(')');
        }
        return new String[] {line.toString(), LocalStepPath.description()};
    }

    /** The value, or null when it is empty or was not filled in (an unfiltered {@code ${...}}). */
    private static String known(String value) {
        return value == null || value.isBlank() || value.contains("${") ? null : value.trim();
    }

    private static Properties read(String name) {
        Properties properties = new Properties();
        try (InputStream in = VersionProvider.class.getResourceAsStream("/vistream/app/" + name)) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name + " from the class path", e);
        }
        return properties;
    }
}
