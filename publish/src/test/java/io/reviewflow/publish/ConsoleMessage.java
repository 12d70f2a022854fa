package io.reviewflow.publish;

/**
 * Something a page reported, as chromedriver's browser log gives it: a {@code console} call, an uncaught
 * exception, or a browser log entry (CSP violations, failed loads). Kept as the browser gave it, for assertion
 * messages.
 *
 * @param level {@code SEVERE}, {@code WARNING}, {@code INFO}, … (chromedriver logs console errors, failed
 *              console assertions, exceptions and error entries as {@code SEVERE})
 * @param text  the message, starting with the URL (or {@code console-api}) and position it came from
 */
record ConsoleMessage(String level, String text) {

    boolean isError() {
        return level.equals("SEVERE");
    }

    @Override
    public String toString() {
        return level + ": " + text;
    }
}
