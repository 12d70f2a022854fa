package io.reviewflow.ingest;

/**
 * Turns a third-party parser's message (Jackson, SnakeYAML, tomlj) into part of a rejection message,
 * which is one short line: those messages may quote the input across several lines, or at length.
 */
final class LibraryMessages {

    private static final int MAX_CHARS = 200;

    private LibraryMessages() {}

    static String oneLine(String message, String fallback) {
        if (message == null || Whitespace.isBlank(message)) {
            return fallback;
        }
        String collapsed = Whitespace.collapse(message);
        return collapsed.length() <= MAX_CHARS ? collapsed : collapsed.substring(0, MAX_CHARS) + "…";
    }
}
