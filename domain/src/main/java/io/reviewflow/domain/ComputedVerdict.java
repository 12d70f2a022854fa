package io.reviewflow.domain;

import java.util.Objects;

/**
 * The verdict label computed from a score, beside the label the writer chose.
 *
 * @param label         the computed label from the verdict scale, e.g. {@code CHILLIN}
 * @param scaleName     the verdict scale used, e.g. {@code house}
 * @param writerLabel   the writer's own label, or {@code null}
 * @param labelMismatch true when the writer gave a label that differs (ignoring case) from {@code label}
 */
public record ComputedVerdict(String label, String scaleName, String writerLabel, boolean labelMismatch) {
    public ComputedVerdict {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(scaleName, "scaleName");
    }
}
