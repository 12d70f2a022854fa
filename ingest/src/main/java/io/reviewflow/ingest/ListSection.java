package io.reviewflow.ingest;

/** The four bullet lists a review carries, in the words used in messages. */
enum ListSection {
    WORTH_WATCHING_IF("worth-watching-if point"),
    NOT_WORTH_WATCHING_IF("not-worth-watching-if point"),
    PROS("pro"),
    CONS("con");

    private final String itemName;

    ListSection(String itemName) {
        this.itemName = itemName;
    }

    /** How one entry of this list is called in a writer-facing message. */
    String itemName() {
        return itemName;
    }
}
