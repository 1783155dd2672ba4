package vistream.app.kafka;

import vistream.app.config.PosteriorSettings;
import vistream.core.mixture.ConjugateMixture;
import vistream.streaming.StreamOptions;

/**
 * A fingerprint of what the fold of a group depends on: the settings that give the posterior its
 * meaning ({@link PosteriorSettings}, the same that bind a {@code serve} checkpoint: the model, K,
 * the weights, every prior parameter and the update rule), and the fold's own: the change
 * detector, the snapshot cadence and the moves (their births' seed, from {@code --seed},
 * included). Instances whose fingerprints differ would fold the same log into different
 * posteriors; the fold takes the first delta's fingerprint as the group's and skips deltas of any
 * other, and an instance that finds its own skipped for that reason stops with an error.
 * Batching and initial means may differ: they change what is measured, not how it folds.
 */
final class GroupSettings {

    private GroupSettings() {
    }

    /** @return a SHA-256 hex digest of the settings that the fold depends on */
    static String fingerprint(ConjugateMixture model, StreamOptions options) {
        return PosteriorSettings.of(model, options.updateRule()).and("dimension", model.dimension())
                .and("drift", options.drift()).and("every", options.emitEvery()).and("moves", options.moves()).digest();
    }
}
