package io.reviewflow.ingest;

/**
 * A value read from a document with the 1-based line it starts on, so that a later check (a length
 * limit) can point the writer at it. {@code line} is {@code null} where lines do not apply (JSON).
 */
record Located<T>(T value, Integer line) {

    static <T> Located<T> at(T value, int line) {
        return new Located<>(value, line);
    }

    static <T> Located<T> unplaced(T value) {
        return new Located<>(value, null);
    }
}
