package io.reviewflow.domain;

import java.util.Objects;

/**
 * An image caption line of the house format: {@code Title, Platform, caption}. The first
 * caption of a document names the work and where it can be watched.
 *
 * @param work     the work the image belongs to, as the writer typed it
 * @param platform where the work is shown, or {@code null} if the line named none
 * @param caption  what the image shows, or {@code null}
 */
public record Caption(String work, String platform, String caption) {
    public Caption {
        Objects.requireNonNull(work, "work");
    }
}
