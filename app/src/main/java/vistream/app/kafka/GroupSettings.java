package vistream.app.kafka;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import vistream.core.mixture.ConjugateMixture;
import vistream.streaming.StreamOptions;

/**
 * A fingerprint of what the fold of a group depends on: the model (its description, which names
 * every parameter, and the prior's natural parameters to the bit), the update rule, the change detector and the snapshot
 * cadence. Instances whose fingerprints differ would fold the same log into different posteriors;
 * the fold takes the first delta's fingerprint as the group's and skips deltas of any other, and
 * an instance that finds its own skipped for that reason stops with an error.
 * Batching and initial means may differ: they change what is measured, not how it folds. The
 * moves' settings belong to the fold, their births' seed (from {@code --seed}) included.
 */
final class GroupSettings {

    private GroupSettings() {
    }

    /** @return a SHA-256 hex digest of the settings that the fold depends on */
    static String fingerprint(ConjugateMixture model, StreamOptions options) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            String text = model.getClass().getName() + "|" + model + "|" + model.components() + "|" + model.dimension() + "|"
                    + options.updateRule() + "|" + options.drift() + "|" + options.emitEvery() + "|" + options.moves();
            sha.update(text.getBytes(StandardCharsets.UTF_8));
            double[] prior = model.prior().values();
            ByteBuffer bits = ByteBuffer.allocate(Double.BYTES * prior.length);
            for (double v : prior) {
                bits.putLong(Double.doubleToLongBits(v));
            }
            sha.update(bits.array());
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
