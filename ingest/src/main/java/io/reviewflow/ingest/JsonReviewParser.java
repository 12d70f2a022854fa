package io.reviewflow.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.reviewflow.domain.Caption;
import io.reviewflow.domain.Outcome;
import io.reviewflow.domain.Problem;
import io.reviewflow.domain.RawScore;
import io.reviewflow.domain.RejectionReason;
import io.reviewflow.domain.ScoreText;
import io.reviewflow.domain.SourceFormat;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Reviews submitted as JSON ({@code paper-lanterns.json}); the shape is in DOCUMENT-FORMATS.md.
 * The document is read into a tree, never bound to types named by the input (no default typing),
 * and unknown fields are ignored so that clients may send more than ingest reads.
 */
final class JsonReviewParser implements ReviewFormatParser {

    private static final int MAX_NESTING_DEPTH = 32;
    private static final int MAX_NUMBER_CHARS = 100;
    private static final int MAX_FIELD_NAME_CHARS = 200;
    /** Beyond this many digits either side of the point a score is not a score, and rendering it plainly could be huge. */
    private static final int MAX_SCORE_DIGITS = 30;

    private final ObjectMapper mapper;

    JsonReviewParser(IngestLimits limits) {
        StreamReadConstraints constraints = StreamReadConstraints.builder()
                .maxNestingDepth(MAX_NESTING_DEPTH)
                .maxStringLength(limits.maxDocumentBytes())
                .maxNumberLength(MAX_NUMBER_CHARS)
                .maxNameLength(MAX_FIELD_NAME_CHARS)
                .maxDocumentLength(limits.maxDocumentBytes())
                .build();
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(constraints)
                // Two "score" fields are an ambiguity to report, not a choice to make silently.
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        this.mapper = JsonMapper.builder(factory)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .build();
    }

    @Override
    public Outcome<ReviewDraft> parse(String normalisedText) {
        JsonNode root;
        try {
            root = mapper.readTree(normalisedText);
        } catch (JsonProcessingException e) {
            return Outcome.rejected(syntaxProblem(e));
        }
        if (root == null || !root.isObject()) {
            return malformed("the document must be one JSON object, { ... }");
        }
        return new Fields(root).read();
    }

    private static Problem syntaxProblem(JsonProcessingException e) {
        String detail = oneLine(e.getOriginalMessage());
        JsonLocation location = e.getLocation();
        String message = "the JSON cannot be read: " + detail;
        if (location != null && location.getLineNr() > 0) {
            return Problem.atLine(RejectionReason.MALFORMED_DOCUMENT, location.getLineNr(), message);
        }
        return Problem.of(RejectionReason.MALFORMED_DOCUMENT, message);
    }

    private static String oneLine(String message) {
        return LibraryMessages.oneLine(message, "invalid JSON");
    }

    private static <T> Outcome<T> malformed(String message) {
        return Outcome.rejected(RejectionReason.MALFORMED_DOCUMENT, message);
    }

    /** Signals a field of the wrong shape; caught in {@link Fields#read()} and nowhere else. */
    private static final class WrongShape extends Exception {
        private final transient Problem problem;

        WrongShape(RejectionReason reason, String message) {
            super(message, null, false, false);
            this.problem = Problem.of(reason, message);
        }
    }

    /** Reads the fields of one document's tree. */
    private static final class Fields {
        private final JsonNode root;

        Fields(JsonNode root) {
            this.root = root;
        }

        Outcome<ReviewDraft> read() {
            try {
                return Outcome.accepted(draft());
            } catch (WrongShape e) {
                return Outcome.rejected(e.problem);
            }
        }

        private ReviewDraft draft() throws WrongShape {
            JsonNode work = root.get("work");
            if (work != null && !work.isNull() && !work.isObject()) {
                throw wrongType("work", "an object such as {\"kind\": \"film\", \"platform\": \"Netflix\"}");
            }
            List<Located<Caption>> captions = captions();
            String headline = string(root, "headline", "headline");
            String title = string(root, "title", "title");
            if (title == null && !captions.isEmpty()) {
                title = captions.get(0).value().work();
            }
            if (title == null && headline != null) {
                String subject = LineSyntax.headlineSubject(headline);
                title = subject == null || subject.isEmpty() ? null : subject;
            }
            if (title == null) {
                throw new WrongShape(RejectionReason.MISSING_TITLE,
                        "no \"title\" field: add one such as \"title\": \"Paper Lanterns\"");
            }
            String platform = work == null || work.isNull() ? null : string(work, "platform", "work.platform");
            if (platform == null && !captions.isEmpty()) {
                platform = captions.get(0).value().platform();
            }
            String summary = string(root, "summary", "summary");
            return new ReviewDraft(SourceFormat.JSON,
                    Located.unplaced(title),
                    platform == null ? null : Located.unplaced(platform),
                    captions,
                    headline == null ? null : Located.unplaced(headline),
                    strings("worthWatchingIf"),
                    strings("notWorthWatchingIf"),
                    strings("pros"),
                    strings("cons"),
                    score(),
                    summary == null ? null : Located.unplaced(summary),
                    body());
        }

        private RawScore score() throws WrongShape {
            JsonNode node = root.get("score");
            String writerLabel = string(root, "writerLabel", "writerLabel");
            if (node == null || node.isNull()) {
                throw new WrongShape(RejectionReason.MISSING_SCORE,
                        "no \"score\" field: add one such as \"score\": \"60%\"");
            }
            String text;
            String label;
            if (node.isTextual()) {
                String value = Whitespace.collapse(TextNormaliser.normalise(node.textValue()));
                if (value.isEmpty()) {
                    throw new WrongShape(RejectionReason.MISSING_SCORE,
                            "field \"score\" is empty: write a score such as \"60%\"");
                }
                ScoreText.Split split = ScoreText.split(value);
                text = split.score();
                label = split.label();
            } else if (node.isNumber()) {
                text = plainNumber(node, "score");
                label = null;
            } else if (node.isObject()) {
                JsonNode value = node.get("value");
                if (value == null || value.isNull()) {
                    throw new WrongShape(RejectionReason.MISSING_SCORE,
                            "field \"score\" has no \"value\": write e.g. {\"value\": 7.5, \"max\": 10}");
                }
                String v = numberOrString(value, "score.value");
                JsonNode max = node.get("max");
                text = max == null || max.isNull() ? v : v + "/" + numberOrString(max, "score.max");
                label = string(node, "label", "score.label");
            } else {
                throw wrongType("score", "a string such as \"60% CHILLIN\" or an object such as {\"value\": 7.5, \"max\": 10}");
            }
            return new RawScore(text, writerLabel != null ? writerLabel : label, null);
        }

        private static String numberOrString(JsonNode node, String path) throws WrongShape {
            if (node.isNumber()) {
                return plainNumber(node, path);
            }
            if (node.isTextual()) {
                String s = Whitespace.collapse(TextNormaliser.normalise(node.textValue()));
                if (!s.isEmpty()) {
                    return s;
                }
            }
            throw wrongType(path, "a number");
        }

        /** {@code 7.5}, never {@code 7.50} or {@code 7.5E+0}: scoring reads the text as written. */
        private static String plainNumber(JsonNode node, String path) throws WrongShape {
            BigDecimal value = node.decimalValue().stripTrailingZeros();
            int integerDigits = value.precision() - value.scale();
            if (integerDigits > MAX_SCORE_DIGITS || value.scale() > MAX_SCORE_DIGITS) {
                throw new WrongShape(RejectionReason.SCORE_UNREADABLE,
                        "field \"" + path + "\" is not a plausible score: " + oneLine(value.toString()));
            }
            return value.toPlainString();
        }

        private List<Located<Caption>> captions() throws WrongShape {
            JsonNode node = root.get("captions");
            List<Located<Caption>> out = new ArrayList<>();
            if (node == null || node.isNull()) {
                return out;
            }
            if (!node.isArray()) {
                throw wrongType("captions", "an array");
            }
            for (int i = 0; i < node.size(); i++) {
                JsonNode element = node.get(i);
                String path = "captions[" + i + "]";
                Caption caption;
                if (element.isTextual()) {
                    caption = captionFromLine(element.textValue(), path);
                } else if (element.isObject()) {
                    String work = string(element, "work", path + ".work");
                    if (work == null) {
                        work = string(element, "title", path + ".title");
                    }
                    if (work == null) {
                        throw wrongType(path + ".work", "a string naming the work");
                    }
                    caption = new Caption(work, string(element, "platform", path + ".platform"),
                            string(element, "caption", path + ".caption"));
                } else {
                    throw wrongType(path, "a string 'Title, Platform, caption' or an object");
                }
                out.add(Located.unplaced(caption));
            }
            return out;
        }

        private static Caption captionFromLine(String raw, String path) throws WrongShape {
            String line = Whitespace.trim(TextNormaliser.normalise(raw));
            int first = line.indexOf(',');
            String work = Whitespace.trim(first < 0 ? line : line.substring(0, first));
            if (work.isEmpty()) {
                throw wrongType(path, "a string 'Title, Platform, caption'");
            }
            if (first < 0) {
                return new Caption(work, null, null);
            }
            int second = line.indexOf(',', first + 1);
            String platform = Whitespace.trim(second < 0 ? line.substring(first + 1) : line.substring(first + 1, second));
            String caption = second < 0 ? "" : Whitespace.trim(line.substring(second + 1));
            return new Caption(work, platform.isEmpty() ? null : platform, caption.isEmpty() ? null : caption);
        }

        private List<Located<String>> strings(String field) throws WrongShape {
            JsonNode node = root.get(field);
            List<Located<String>> out = new ArrayList<>();
            if (node == null || node.isNull()) {
                return out;
            }
            if (!node.isArray()) {
                throw wrongType(field, "an array of strings");
            }
            for (int i = 0; i < node.size(); i++) {
                JsonNode element = node.get(i);
                if (!element.isTextual()) {
                    throw wrongType(field + "[" + i + "]", "a string");
                }
                String value = Whitespace.trim(TextNormaliser.normalise(element.textValue()));
                if (!value.isEmpty()) {
                    out.add(Located.unplaced(value));
                }
            }
            return out;
        }

        private List<Located<String>> body() throws WrongShape {
            JsonNode node = root.get("body");
            if (node != null && node.isTextual()) {
                List<Located<String>> out = new ArrayList<>();
                for (String paragraph : Paragraphs.split(TextNormaliser.normalise(node.textValue()))) {
                    out.add(Located.unplaced(paragraph));
                }
                return out;
            }
            return strings("body");
        }

        private static String string(JsonNode parent, String field, String path) throws WrongShape {
            JsonNode node = parent.get(field);
            if (node == null || node.isNull()) {
                return null;
            }
            if (!node.isTextual()) {
                throw wrongType(path, "a string");
            }
            String value = Whitespace.trim(TextNormaliser.normalise(node.textValue()));
            return value.isEmpty() ? null : value;
        }

        private static WrongShape wrongType(String path, String expected) {
            return new WrongShape(RejectionReason.MALFORMED_DOCUMENT, "field \"" + path + "\" must be " + expected);
        }
    }
}
