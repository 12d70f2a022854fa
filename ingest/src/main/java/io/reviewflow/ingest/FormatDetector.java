package io.reviewflow.ingest;

import io.reviewflow.domain.SourceFormat;
import java.util.List;

/**
 * Guesses the format of an undeclared document: JSON when it opens with {@code {}, Markdown when it
 * opens with front matter ({@code ---} or {@code +++}) or a line is an ATX heading ({@code # …}) or
 * a bold key ({@code **Rating:** …}), the house text format otherwise. The house format has none of
 * these, so a text review is never mistaken for Markdown.
 */
final class FormatDetector {

    private FormatDetector() {}

    static SourceFormat detect(String normalisedText) {
        int first = Whitespace.skip(normalisedText, 0);
        if (first < normalisedText.length() && normalisedText.charAt(first) == '{') {
            return SourceFormat.JSON;
        }
        List<String> lines = DocumentLines.split(normalisedText);
        if (FrontMatterReader.opensFrontMatter(lines.get(0))) {
            return SourceFormat.MARKDOWN;
        }
        for (String line : lines) {
            if (MarkdownReviewParser.atxHeadingLevel(line) > 0 || isBoldKey(line)) {
                return SourceFormat.MARKDOWN;
            }
        }
        return SourceFormat.TEXT;
    }

    /** {@code **Key:** value} or {@code **Key**: value}, the key short and on one line. */
    private static boolean isBoldKey(String line) {
        String t = Whitespace.trim(line);
        if (!t.startsWith("**")) {
            return false;
        }
        int close = t.indexOf("**", 2);
        if (close < 3 || close > 60) {
            return false;
        }
        boolean colonInside = t.charAt(close - 1) == ':';
        boolean colonAfter = close + 2 < t.length() && t.charAt(close + 2) == ':';
        return colonInside || colonAfter;
    }
}
