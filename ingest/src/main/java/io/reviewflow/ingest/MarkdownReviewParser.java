package io.reviewflow.ingest;

import io.reviewflow.domain.Outcome;
import io.reviewflow.domain.SourceFormat;
import java.util.List;

/**
 * Reviews written in Markdown ({@code night-ferry.md}): ATX headings carry the title, headline and
 * list labels; inline emphasis and code markers are stripped so fields are plain text. The document
 * may open with front matter ({@code front-matter.md}), as static-site generators and CMS exports
 * write it. See DOCUMENT-FORMATS.md.
 */
final class MarkdownReviewParser implements ReviewFormatParser {

    private static final LineReviewReader.Dialect DIALECT = new LineReviewReader.Dialect(
            SourceFormat.MARKDOWN, false,
            "start the document with a '# Title' heading or a headline such as '## Is ‘Title’ worth watching?',"
                    + " or give a 'title:' in its front matter");

    private final FrontMatterReader frontMatter;

    MarkdownReviewParser(IngestLimits limits) {
        this.frontMatter = new FrontMatterReader(limits.maxDocumentBytes());
    }

    @Override
    public Outcome<ReviewDraft> parse(String normalisedText) {
        List<String> lines = DocumentLines.split(normalisedText);
        return frontMatter.read(lines)
                .then(read -> LineReviewReader.read(DIALECT, lines, MarkdownReviewParser::classify, read));
    }

    private static SourceLine classify(int number, String raw) {
        String trimmed = Whitespace.trim(raw);
        if (trimmed.isEmpty() || isThematicBreak(trimmed)) {
            return SourceLine.blank(number);
        }
        int level = atxHeadingLevel(raw);
        if (level > 0) {
            return SourceLine.heading(number, level, headingText(raw, level));
        }
        String item = LineSyntax.bulletItem(raw);
        if (item != null) {
            return SourceLine.bullet(number, MarkdownInline.plain(trimmed), Whitespace.trim(MarkdownInline.plain(item)));
        }
        return SourceLine.text(number, Whitespace.trim(MarkdownInline.plain(trimmed)), Whitespace.isBlank(raw.charAt(0)));
    }

    /** {@code ---}, {@code ***}, {@code ___} (spaces allowed): a separator, read as a blank line. */
    static boolean isThematicBreak(String trimmed) {
        char marker = trimmed.charAt(0);
        if (marker != '-' && marker != '*' && marker != '_') {
            return false;
        }
        int count = 0;
        for (int i = 0; i < trimmed.length(); i++) {
            char c = trimmed.charAt(i);
            if (c == marker) {
                count++;
            } else if (!Whitespace.isBlank(c)) {
                return false;
            }
        }
        return count >= 3;
    }

    /** 1–6 for an ATX heading ({@code ## Pros}, at most three spaces of indent), else 0. */
    static int atxHeadingLevel(String raw) {
        int i = 0;
        while (i < raw.length() && i < 3 && raw.charAt(i) == ' ') {
            i++;
        }
        int hashes = 0;
        while (i + hashes < raw.length() && raw.charAt(i + hashes) == '#') {
            hashes++;
        }
        if (hashes == 0 || hashes > 6) {
            return 0;
        }
        int after = i + hashes;
        return after == raw.length() || Whitespace.isBlank(raw.charAt(after)) ? hashes : 0;
    }

    private static String headingText(String raw, int level) {
        String content = Whitespace.trim(raw.substring(raw.indexOf('#') + level));
        // An optional closing sequence of #s ("## Pros ##") is decoration.
        int end = content.length();
        while (end > 0 && content.charAt(end - 1) == '#') {
            end--;
        }
        if (end < content.length() && (end == 0 || Whitespace.isBlank(content.charAt(end - 1)))) {
            content = Whitespace.trim(content.substring(0, end));
        }
        return Whitespace.trim(MarkdownInline.plain(content));
    }
}
