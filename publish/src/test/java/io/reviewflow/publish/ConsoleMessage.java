package io.reviewflow.publish;

/**
 * Something a page reported: a {@code console} call, an uncaught exception, or a browser log entry (CSP
 * violations, failed loads). Kept as the browser gave it, for assertion messages.
 *
 * @param source where it came from: {@code console}, {@code exception}, or the log entry's source
 * @param level  {@code error}, {@code warning}, {@code info}, … (the console call's type for console calls)
 * @param text   the message
 */
record ConsoleMessage(String source, String level, String text) {

    boolean isError() {
        return level.equals("error") || level.equals("assert");
    }

    @Override
    public String toString() {
        return source + " " + level + ": " + text;
    }
}
