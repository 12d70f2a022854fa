package io.reviewflow.publish;

import java.util.List;

/**
 * What the article template sees: writer text as plain strings (the template escapes every one of them),
 * optional parts as {@code null} and empty sections left out, so the template needs no logic.
 */
record ArticleView(
        String title,
        String headline,
        String platform,
        List<Figure> figures,
        List<Section> sections,
        Score score,
        String summary,
        List<String> paragraphs,
        String writerId,
        int revision,
        Date published) {

    /** Lets the template wrap the figures only when there are any. */
    boolean hasFigures() {
        return !figures.isEmpty();
    }

    /** Lets the template wrap the sections only when there are any. */
    boolean hasSections() {
        return !sections.isEmpty();
    }

    /** An image caption; the image itself is not part of a submission, so the page shows a placeholder box. */
    record Figure(String work, String platform, String caption) {}

    /** A titled bullet list: worth watching if, not worth watching if, pros, cons. */
    record Section(String id, String heading, List<String> items) {}

    record Score(
            int value,
            String bandClass,
            String raw,
            String verdict,
            String scaleName,
            String writerLabel,
            boolean labelMismatch) {}

    /** A date as a machine-readable instant and as words for people. */
    record Date(String iso, String display) {}
}
