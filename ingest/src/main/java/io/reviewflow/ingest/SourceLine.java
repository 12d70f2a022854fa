package io.reviewflow.ingest;

/**
 * One document line as a format parser saw it, ready for the shared {@link LineReviewReader}.
 *
 * @param number   1-based line number in the normalised document
 * @param kind     what the line is syntactically
 * @param text     the whole line as plain text, trimmed (for a heading: its content)
 * @param item     for a bullet, the item text after the marker; otherwise {@code null}
 * @param level    for a heading, 1–6; otherwise 0
 * @param indented whether the raw line starts with white space (a bullet's wrapped continuation)
 */
record SourceLine(int number, Kind kind, String text, String item, int level, boolean indented) {

    enum Kind { BLANK, BULLET, HEADING, TEXT }

    static SourceLine blank(int number) {
        return new SourceLine(number, Kind.BLANK, "", null, 0, false);
    }

    static SourceLine bullet(int number, String text, String item) {
        return new SourceLine(number, Kind.BULLET, text, item, 0, true);
    }

    static SourceLine heading(int number, int level, String text) {
        return new SourceLine(number, Kind.HEADING, text, null, level, false);
    }

    static SourceLine text(int number, String text, boolean indented) {
        return new SourceLine(number, Kind.TEXT, text, null, 0, indented);
    }
}
