package vistream.app.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import vistream.core.inference.IterationListener;

/**
 * Shows a long fit's progress on stderr: iteration, ELBO and relative change, at most a few
 * lines a second so that a fast fit does not flood the terminal.
 */
final class ProgressReporter implements IterationListener {

    private static final long MIN_INTERVAL_NANOS = 200_000_000L;

    private final PrintWriter err;
    private long lastPrinted = Long.MIN_VALUE;
    private String pending;

    ProgressReporter(PrintWriter err) {
        this.err = err;
    }

    @Override
    public void onIteration(int restart, int iteration, double elbo, double relativeChange) {
        String line = String.format(Locale.ROOT, "restart %d  iteration %d  ELBO %.10g  relative change %s",
                restart, iteration, elbo, Double.isNaN(relativeChange) ? "-" : String.format(Locale.ROOT, "%.3e", relativeChange));
        long now = System.nanoTime();
        if (iteration > 1 && now - lastPrinted < MIN_INTERVAL_NANOS) {
            pending = line;
            return;
        }
        lastPrinted = now;
        pending = null;
        err.println(line);
        err.flush();
    }

    /** Prints the last iteration if throttling held it back, so the final state is always shown. */
    void finish() {
        if (pending != null) {
            err.println(pending);
            err.flush();
            pending = null;
        }
    }

    /**
     * Tells whether standard error is a terminal. Java 17 has no direct test; on Linux the
     * descriptor's link names the device, elsewhere a console means an interactive session.
     */
    static boolean stderrIsTerminal() {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (Exception e) {
            return System.console() != null;
        }
    }
}
