package vistream.app.serve;

import java.util.ArrayDeque;

/**
 * Which line of the input file each position of the merged input stream came from, so that a
 * snapshot (which covers the first {@code observations + rejected} positions) can be mapped to the
 * last file line it covers, even when HTTP ingest interleaves with the file. Thread safe; entries
 * are dropped once a snapshot has passed them.
 */
final class InputPositions {

    private final ArrayDeque<long[]> pending = new ArrayDeque<>();
    private long lastLine;

    InputPositions(long lastLine) {
        this.lastLine = lastLine;
    }

    /** Records that stream position {@code index} is line {@code line} of the file. */
    synchronized void record(long index, long line) {
        pending.addLast(new long[] {index, line});
    }

    /** Returns the last file line among the positions before {@code boundary}. */
    synchronized long lineBefore(long boundary) {
        while (!pending.isEmpty() && pending.peekFirst()[0] < boundary) {
            lastLine = pending.pollFirst()[1];
        }
        return lastLine;
    }
}
