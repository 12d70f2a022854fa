package io.reviewflow.domain;

/** The formats a writer may submit a review document in. */
public enum SourceFormat {
    /** The house plain-text format of {@code the-perfection.txt}. */
    TEXT,
    MARKDOWN,
    JSON
}
