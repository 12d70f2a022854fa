package io.reviewflow.publish;

import java.util.List;

/**
 * The Markdown form of a review. Every writer string goes through {@link MarkdownText}; everything else is
 * fixed house text. Built directly rather than from a template because Markdown is line-structured and a
 * template engine's whitespace rules would make the output harder to keep exact.
 */
final class ReviewMarkdown {

    private ReviewMarkdown() {}

    static String render(ArticleView view) {
        StringBuilder md = new StringBuilder(4096);
        md.append("# ");
        text(md, view.title());
        md.append("\n\n");
        if (view.headline() != null) {
            md.append('*');
            text(md, view.headline());
            md.append("*\n\n");
        }
        if (view.platform() != null) {
            md.append("**Platform:** ");
            text(md, view.platform());
            md.append("\n\n");
        }

        ArticleView.Score score = view.score();
        md.append("**Score:** ").append(score.value()).append("/100 — ");
        text(md, score.verdict());
        md.append(" (");
        text(md, score.scaleName());
        md.append(" scale; written as ");
        text(md, score.raw());
        if (score.writerLabel() != null) {
            md.append(", writer's label ");
            text(md, score.writerLabel());
        }
        md.append(")\n\n");
        if (score.labelMismatch()) {
            md.append("*Note: the writer's label differs from the computed verdict.*\n\n");
        }

        for (ArticleView.Section section : view.sections()) {
            md.append("## ").append(section.heading()).append("\n\n");
            list(md, section.items());
        }
        if (view.summary() != null) {
            md.append("## Summary\n\n");
            text(md, view.summary());
            md.append("\n\n");
        }
        if (!view.paragraphs().isEmpty()) {
            md.append("## Review\n\n");
            for (String paragraph : view.paragraphs()) {
                text(md, paragraph);
                md.append("\n\n");
            }
        }
        if (!view.figures().isEmpty()) {
            md.append("## Images\n\n");
            for (ArticleView.Figure figure : view.figures()) {
                md.append("- ");
                text(md, figure.work());
                if (figure.platform() != null) {
                    md.append(", ");
                    text(md, figure.platform());
                }
                if (figure.caption() != null) {
                    md.append(": ");
                    text(md, figure.caption());
                }
                md.append('\n');
            }
            md.append('\n');
        }
        md.append("---\n\n*By ");
        text(md, view.writerId());
        md.append(", published ").append(view.published().display()).append(", revision ")
                .append(view.revision()).append(".*\n");
        return md.toString();
    }

    private static void list(StringBuilder md, List<String> items) {
        for (String item : items) {
            md.append("- ");
            text(md, item);
            md.append('\n');
        }
        md.append('\n');
    }

    private static void text(StringBuilder md, String writerText) {
        MarkdownText.appendEscaped(md, writerText);
    }
}
