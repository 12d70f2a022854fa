package io.reviewflow.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reviewflow.domain.Problem;
import io.reviewflow.domain.RejectionReason;
import io.reviewflow.domain.SourceFormat;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The pipeline in front of the format parsers: size, encoding, emptiness, limits. */
class DocumentParserTest {

    private static final String REVIEW = HouseTextEdgeCasesTest.REVIEW;

    @Test
    void documentOverTheLimitIsRejectedBeforeDecoding() {
        byte[] big = new byte[400 * 1024];
        Arrays.fill(big, (byte) 0xFF); // not UTF-8 either: size must win, the bytes are never decoded
        Problem problem = Parsing.rejected(Parsing.PARSER.parse(big, null));
        assertEquals(RejectionReason.DOCUMENT_TOO_LARGE, problem.reason());
        assertEquals("the document is 409600 bytes; the limit is 262144 bytes (256 KiB): shorten it and resubmit",
                problem.message());
    }

    @Test
    void documentExactlyAtTheLimitIsRead() {
        byte[] doc = REVIEW.getBytes(StandardCharsets.UTF_8);
        DocumentParser exact = new DocumentParser(new IngestLimits(doc.length, 300, 2000, 20000, 50, 500));
        Parsing.accepted(exact.parse(doc, null));
        DocumentParser tooSmall = new DocumentParser(new IngestLimits(doc.length - 1, 300, 2000, 20000, 50, 500));
        assertEquals(RejectionReason.DOCUMENT_TOO_LARGE, Parsing.rejected(tooSmall.parse(doc, null)).reason());
    }

    @Test
    void invalidUtf8NamesLineAndOffset() {
        byte[] prefix = "Title, Net, x\n\nIs 'Title' worth watching?\n".getBytes(StandardCharsets.UTF_8);
        byte[] doc = Arrays.copyOf(prefix, prefix.length + 3);
        doc[prefix.length] = 'a';
        doc[prefix.length + 1] = (byte) 0xC3; // a lead byte followed by a non-continuation byte
        doc[prefix.length + 2] = 'b';
        Problem problem = Parsing.rejected(Parsing.PARSER.parse(doc, null));
        assertEquals(RejectionReason.NOT_UTF8, problem.reason());
        assertEquals(4, problem.line());
        assertEquals("line 4: the document is not valid UTF-8: byte 0xC3 at byte offset " + (prefix.length + 1)
                + " cannot be decoded; save the file as UTF-8 and resubmit", problem.message());
    }

    @Test
    void invalidUtf8LineCountsEveryKindOfLineEnd() {
        byte[] doc = {'a', '\r', '\n', 'b', '\r', 'c', '\n', (byte) 0xFF};
        Problem problem = Parsing.rejected(Parsing.PARSER.parse(doc, null));
        assertEquals(4, problem.line());
    }

    @Test
    void latin1DocumentIsNotUtf8() {
        byte[] latin1 = "Am\u00e9lie, Netflix, caf\u00e9\n\nscore: 60%".getBytes(StandardCharsets.ISO_8859_1);
        Problem problem = Parsing.rejected(Parsing.PARSER.parse(latin1, null));
        assertEquals(RejectionReason.NOT_UTF8, problem.reason());
        assertEquals(1, problem.line());
    }

    @Test
    void truncatedMultiByteSequenceAtTheEnd() {
        byte[] doc = {'a', (byte) 0xE2, (byte) 0x80};
        assertEquals(RejectionReason.NOT_UTF8, Parsing.rejected(Parsing.PARSER.parse(doc, null)).reason());
    }

    @Test
    void encodedSurrogateIsNotUtf8() {
        byte[] doc = {'a', (byte) 0xED, (byte) 0xA0, (byte) 0x80};
        assertEquals(RejectionReason.NOT_UTF8, Parsing.rejected(Parsing.PARSER.parse(doc, null)).reason());
    }

    @Test
    void genuineReplacementCharacterIsValidUtf8() {
        String doc = HouseTextEdgeCasesTest.REVIEW.replace("Too short.", "Too short \uFFFD.");
        assertEquals("Too short \uFFFD.", Parsing.accepted(doc).cons().get(0));
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"", " ", "\n\n\n", " \t \r\n ", "\uFEFF", "\uFEFF  \n", "\u00A0\u2003\u200B", "\u0000\u0007\n"})
    void emptyDocuments(String document) {
        Problem problem = Parsing.rejected(document);
        assertEquals(RejectionReason.EMPTY_DOCUMENT, problem.reason());
        assertEquals("the document is empty: write the review and resubmit", problem.message());
    }

    @Test
    void nullDocumentIsEmpty() {
        assertEquals(RejectionReason.EMPTY_DOCUMENT, Parsing.rejected(Parsing.PARSER.parse(null, null)).reason());
    }

    @Test
    void tooManyItemsNamesTheListAndTheLine() {
        StringBuilder pros = new StringBuilder();
        for (int i = 1; i <= 51; i++) {
            pros.append("  • Pro number ").append(i).append(".\n");
        }
        Problem problem = Parsing.rejected(REVIEW.replace("  • Tender writing.\n  • Great cast.\n", pros.toString()));
        assertEquals(RejectionReason.TOO_MANY_ITEMS, problem.reason());
        assertEquals(15 + 50, problem.line(), "the 51st pro");
        assertEquals("line 65: more than 50 pros; the limit is 50: remove some", problem.message());
    }

    @Test
    void fiftyItemsAreFine() {
        StringBuilder pros = new StringBuilder();
        for (int i = 1; i <= 50; i++) {
            pros.append("  • Pro number ").append(i).append(".\n");
        }
        assertEquals(50, Parsing.accepted(REVIEW.replace("  • Tender writing.\n  • Great cast.\n", pros.toString())).pros().size());
    }

    @Test
    void fieldTooLongNamesTheFieldAndTheLine() {
        String longCon = "x".repeat(2001);
        Problem problem = Parsing.rejected(REVIEW.replace("Too short.", longCon));
        assertEquals(RejectionReason.FIELD_TOO_LONG, problem.reason());
        assertEquals("line 19: con 1 is 2001 characters long; the limit is 2000: shorten it", problem.message());
    }

    @Test
    void lengthsCountCharactersNotUtf16Units() {
        String emojiCon = "🎬".repeat(2000); // 4000 UTF-16 units, 2000 characters
        assertEquals(2000, Parsing.accepted(REVIEW.replace("Too short.", emojiCon)).cons().get(0).codePointCount(0, 4000));
    }

    @Test
    void longTitleIsRejected() {
        String title = "T".repeat(301);
        Problem problem = Parsing.rejected("Is '" + title + "' worth watching?\n\nscore: 60%\n");
        assertEquals(RejectionReason.FIELD_TOO_LONG, problem.reason());
        assertEquals(1, problem.line());
        assertTrue(problem.message().contains("the title is 301 characters long"), problem.message());
    }

    @Test
    void tooManyParagraphs() {
        DocumentParser parser = new DocumentParser(new IngestLimits(262144, 300, 2000, 20000, 50, 1));
        Problem problem = Parsing.rejected(parser.parse(REVIEW.getBytes(StandardCharsets.UTF_8), null));
        assertEquals(RejectionReason.TOO_MANY_ITEMS, problem.reason());
        assertEquals("line 26: more than 1 body paragraphs; the limit is 1: remove some", problem.message());
    }

    @Test
    void paragraphTooLong() {
        DocumentParser parser = new DocumentParser(new IngestLimits(262144, 300, 2000, 10, 50, 500));
        Problem problem = Parsing.rejected(parser.parse(REVIEW.getBytes(StandardCharsets.UTF_8), null));
        assertEquals(RejectionReason.FIELD_TOO_LONG, problem.reason());
        assertEquals("line 24: body paragraph 1 is 16 characters long; the limit is 10: shorten it", problem.message());
    }

    @Test
    void limitsMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new IngestLimits(0, 1, 1, 1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new IngestLimits(1, 1, 1, 1, 1, -1));
        assertEquals(262144, IngestLimits.defaults().maxDocumentBytes());
    }

    @Test
    void formatDetection() {
        assertEquals(SourceFormat.JSON, FormatDetector.detect("  \n {\"title\": 1}"));
        assertEquals(SourceFormat.MARKDOWN, FormatDetector.detect("intro\n## Pros\n"));
        assertEquals(SourceFormat.MARKDOWN, FormatDetector.detect("intro\n**Rating:** 4/5\n"));
        assertEquals(SourceFormat.MARKDOWN, FormatDetector.detect("**Rating**: 4/5\n"));
        assertEquals(SourceFormat.TEXT, FormatDetector.detect(REVIEW));
        assertEquals(SourceFormat.TEXT, FormatDetector.detect("#hashtag, not a heading\n**bold** words: fine\n"));
    }
}
