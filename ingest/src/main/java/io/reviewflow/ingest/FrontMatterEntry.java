package io.reviewflow.ingest;

/**
 * One top-level key of a front matter block, as the YAML or TOML reader found it.
 *
 * @param key   the key as written
 * @param line  1-based line of the key in the whole document
 * @param text  the value as text when it is a scalar (a string or a number); {@code null} otherwise
 * @param shape what the value is when it is not text ("a list", "a mapping", "true or false"), for
 *              the rejection when a field needs text; {@code null} when the value is text or empty
 */
record FrontMatterEntry(String key, int line, String text, String shape) {

    static FrontMatterEntry text(String key, int line, String text) {
        return new FrontMatterEntry(key, line, text, null);
    }

    static FrontMatterEntry empty(String key, int line) {
        return new FrontMatterEntry(key, line, null, null);
    }

    static FrontMatterEntry notText(String key, int line, String shape) {
        return new FrontMatterEntry(key, line, null, shape);
    }
}
