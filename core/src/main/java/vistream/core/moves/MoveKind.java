package vistream.core.moves;

/** What a move does to the components of a mixture. */
public enum MoveKind {

    /** New components, proposed from the observations the posterior explains worst. */
    BIRTH("birth"),

    /** Two components become one, which keeps the larger one's id. */
    MERGE("merge"),

    /** A component the recent observations no longer show is removed; a duplicate's statistics go to the one it duplicates. */
    DELETE("delete");

    private final String tag;

    MoveKind(String tag) {
        this.tag = tag;
    }

    /** @return the lower-case name used in output, events and metric tags */
    public String tag() {
        return tag;
    }
}
