package vistream.app.serve;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;

/**
 * The JVM's and the process's meters, as every Micrometer user expects them on {@code /metrics}:
 * memory ({@code jvm.memory.*}, {@code jvm.buffer.*}), garbage collection ({@code jvm.gc.*}),
 * threads ({@code jvm.threads.*}), class loading ({@code jvm.classes.*}), processors
 * ({@code system.cpu.*}, {@code process.cpu.*}), uptime ({@code process.uptime},
 * {@code process.start.time}) and file descriptors ({@code process.files.*}). Switched off, none
 * is bound. {@link #close()} unhooks the garbage collector's listeners, which would otherwise keep
 * the registry alive after the service stopped.
 */
final class JvmMeters implements AutoCloseable {

    /** Null when switched off: only the GC binder holds anything to release. */
    private JvmGcMetrics gc;

    private JvmMeters(JvmGcMetrics gc) {
        this.gc = gc;
    }

    /**
     * Binds the meters, or none when switched off.
     *
     * @param registry where they go
     * @param enabled  whether to bind them
     * @param tags     tags on every meter (in a Kafka group {@code scope=instance}: the process is
     *                 the instance's own)
     * @return what to {@linkplain #close() close} when the service stops
     */
    static JvmMeters bind(MeterRegistry registry, boolean enabled, Iterable<Tag> tags) {
        if (!enabled) {
            return new JvmMeters(null);
        }
        Tags all = Tags.of(tags);
        new JvmMemoryMetrics(all).bindTo(registry);
        JvmGcMetrics gc = new JvmGcMetrics(all);
        gc.bindTo(registry);
        new JvmThreadMetrics(all).bindTo(registry);
        new ClassLoaderMetrics(all).bindTo(registry);
        new ProcessorMetrics(all).bindTo(registry);
        new UptimeMetrics(all).bindTo(registry);
        new FileDescriptorMetrics(all).bindTo(registry);
        return new JvmMeters(gc);
    }

    /** Removes the garbage collector's notification listeners. Safe to call more than once. */
    @Override
    public synchronized void close() {
        if (gc != null) {
            gc.close();
            gc = null;
        }
    }
}
