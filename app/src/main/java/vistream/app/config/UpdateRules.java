package vistream.app.config;

import vistream.core.inference.UpdateRule;

/** The update rules by their command-line and configuration names: svi, svb, pvb, constant. */
public final class UpdateRules {

    private UpdateRules() {
    }

    /**
     * Builds a rule from its name and settings.
     *
     * @param name       svi, svb, pvb or constant
     * @param size       N for svi (required there), else ignored
     * @param population α for pvb and constant
     * @param step       ρ for constant
     * @param kappa      κ for svi and pvb
     * @param tau        τ for svi and pvb
     * @return the rule
     * @throws UserError                for an unknown name or svi without a size
     * @throws IllegalArgumentException for settings out of range
     */
    public static UpdateRule of(String name, Double size, double population, double step, double kappa, double tau) {
        return switch (name) {
            case "svi" -> {
                if (size == null) {
                    throw new UserError("update svi needs a size N (--size), the size of the data set the stream samples");
                }
                yield new UpdateRule.Svi(size, kappa, tau);
            }
            case "svb" -> new UpdateRule.StreamingVb();
            case "pvb" -> new UpdateRule.PopulationVb(population, kappa, tau);
            case "constant" -> new UpdateRule.ConstantStep(step, population);
            default -> throw new UserError("unknown update rule '" + name + "': use svi, svb, pvb or constant");
        };
    }
}
