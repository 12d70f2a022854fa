package io.reviewflow.cli;

/** Reduces an exception to one line a person can read: its own message, or its most telling cause. */
final class OneLine {
    private OneLine() {}

    static String of(Throwable e) {
        if (e instanceof UserFacingException) {
            return e.getMessage();
        }
        Throwable current = e;
        String message = null;
        while (current != null) {
            if (current.getMessage() != null && !current.getMessage().isBlank()) {
                message = current.getMessage();
            }
            if (current.getCause() == current) {
                break;
            }
            current = current.getCause();
        }
        String text = message == null ? e.getClass().getSimpleName() : message;
        return text.replaceAll("\\s+", " ").strip();
    }
}
