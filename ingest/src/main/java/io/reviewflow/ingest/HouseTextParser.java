package io.reviewflow.ingest;

import io.reviewflow.domain.Outcome;
import io.reviewflow.domain.SourceFormat;

/** The house plain-text format of {@code the-perfection.txt}; see DOCUMENT-FORMATS.md. */
final class HouseTextParser implements ReviewFormatParser {

    private static final LineReviewReader.Dialect DIALECT = new LineReviewReader.Dialect(
            SourceFormat.TEXT, true,
            "start the document with a caption line such as 'Title, Platform, caption'"
                    + " or a headline such as 'Is ‘Title’ worth watching?'");

    @Override
    public Outcome<ReviewDraft> parse(String normalisedText) {
        return LineReviewReader.read(DIALECT, normalisedText, HouseTextParser::classify);
    }

    private static SourceLine classify(int number, String raw) {
        String text = Whitespace.trim(raw);
        if (text.isEmpty()) {
            return SourceLine.blank(number);
        }
        String item = LineSyntax.bulletItem(raw);
        if (item != null) {
            return SourceLine.bullet(number, text, item);
        }
        return SourceLine.text(number, text, Whitespace.isBlank(raw.charAt(0)));
    }
}
