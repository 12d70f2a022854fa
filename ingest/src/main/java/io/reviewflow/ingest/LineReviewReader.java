package io.reviewflow.ingest;

import io.reviewflow.domain.Caption;
import io.reviewflow.domain.Outcome;
import io.reviewflow.domain.Problem;
import io.reviewflow.domain.RawScore;
import io.reviewflow.domain.RejectionReason;
import io.reviewflow.domain.ScoreText;
import io.reviewflow.domain.SourceFormat;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Reads a review out of classified lines: the layout rules the house text format and Markdown
 * share (see DOCUMENT-FORMATS.md). One instance reads one document; it is not thread-safe and
 * not reused.
 *
 * <p>A document has a <em>head</em> (captions, headline, labelled and unlabelled bullet lists)
 * that ends at the first score or summary line, and a <em>body</em> after it. In the head, text
 * that matches no rule is ignored (a blurb, a byline); in the body, every paragraph is kept.
 *
 * <p>A Markdown document's {@link FrontMatter} may state the title, platform, score and summary
 * too: it fills what the body leaves out, and a field both state differently is a rejection. When
 * it gives the score, the body needs no score line, so the head also ends at the first plain
 * paragraph after a list (in a review without lists, after the headline).
 */
final class LineReviewReader {

    /**
     * How a format differs.
     *
     * @param format            the format recorded on the review
     * @param blankLineEndsList true in the house format, where a blank line separates the pros
     *                          group from the cons group; false in Markdown, where a list may be loose
     * @param titleHint         what to tell a writer whose document has no title
     */
    record Dialect(SourceFormat format, boolean blankLineEndsList, String titleHint) {}

    private static final String SCORE_HINT = "add a line such as 'score: 60%'";

    private final Dialect dialect;
    private final List<SourceLine> lines;
    private final FrontMatter frontMatter;
    private final boolean hasBullets;

    private Located<String> title;
    private Located<String> platform;
    private final List<Located<Caption>> captions = new ArrayList<>();
    private Located<String> headline;
    private final Map<ListSection, List<Located<String>>> lists = new EnumMap<>(ListSection.class);
    private RawScore score;
    private Located<String> summary;
    private final List<Located<String>> body = new ArrayList<>();

    private boolean inBody;
    private ListSection pendingLabel;
    private final Set<ListSection> claimed = EnumSet.noneOf(ListSection.class);
    private List<Located<String>> openList;
    /** The item being read, kept open so that wrapped lines append in linear time. */
    private StringBuilder openItem;
    private int openItemLine;
    private boolean lastItemContinuable;
    private boolean awaitingSummary;
    private StringBuilder paragraph;
    private int paragraphLine;
    private boolean paragraphIsSummary;
    private int firstCaptionIndex = -1;
    private Caption firstCaption;
    private Problem problem;

    /** How a format reads one raw line (1-based {@code number}) into its role. */
    @FunctionalInterface
    interface LineClassifier {
        SourceLine classify(int number, String raw);
    }

    /** Splits normalised text into lines, lets the format classify each, and reads the review out of them. */
    static Outcome<ReviewDraft> read(Dialect dialect, String normalisedText, LineClassifier classifier) {
        return read(dialect, DocumentLines.split(normalisedText), classifier, FrontMatter.NONE);
    }

    /**
     * Reads a document already split into lines whose front matter has been read: its lines count
     * as blank, so every line keeps its number in the document as submitted.
     */
    static Outcome<ReviewDraft> read(Dialect dialect, List<String> raw, LineClassifier classifier, FrontMatter frontMatter) {
        List<SourceLine> lines = new ArrayList<>(raw.size());
        for (int i = 0; i < raw.size(); i++) {
            int number = i + 1;
            lines.add(number <= frontMatter.lastLine() ? SourceLine.blank(number) : classifier.classify(number, raw.get(i)));
        }
        return new LineReviewReader(dialect, lines, frontMatter).read();
    }

    LineReviewReader(Dialect dialect, List<SourceLine> lines, FrontMatter frontMatter) {
        this.dialect = dialect;
        this.lines = lines;
        this.frontMatter = frontMatter;
        this.hasBullets = lines.stream().anyMatch(l -> l.kind() == SourceLine.Kind.BULLET);
        for (ListSection section : ListSection.values()) {
            lists.put(section, new ArrayList<>());
        }
    }

    Outcome<ReviewDraft> read() {
        // The title is settled first: later captions are recognised by it.
        title = withFrontMatter("the title", findTitle(), frontMatter.title());
        for (int i = 0; i < lines.size() && problem == null; i++) {
            SourceLine line = lines.get(i);
            switch (line.kind()) {
                case BLANK -> onBlank();
                case HEADING -> onHeading(line);
                case BULLET -> onBullet(line);
                case TEXT -> onText(i, line);
            }
        }
        if (problem != null) {
            return Outcome.rejected(problem);
        }
        closeList();
        flushParagraph();
        platform = withFrontMatter("the platform", platform, frontMatter.platform());
        score = withFrontMatter(score);
        summary = withFrontMatter("the summary", summary, frontMatter.summary());
        if (problem != null) {
            return Outcome.rejected(problem);
        }
        if (title == null) {
            return Outcome.rejected(RejectionReason.MISSING_TITLE, "no title found: " + dialect.titleHint());
        }
        if (score == null) {
            return Outcome.rejected(RejectionReason.MISSING_SCORE, "no score line found: " + SCORE_HINT);
        }
        return Outcome.accepted(new ReviewDraft(dialect.format(), title, platform, captions, headline,
                lists.get(ListSection.WORTH_WATCHING_IF), lists.get(ListSection.NOT_WORTH_WATCHING_IF),
                lists.get(ListSection.PROS), lists.get(ListSection.CONS), score, summary, body));
    }

    /**
     * The title, by precedence: a level-1 heading, the first line when it is shaped like a caption,
     * the headline question, a {@code Title is worth watching if:} label. Only the head is looked at.
     */
    private Located<String> findTitle() {
        Located<String> fromHeading = null;
        Located<String> fromCaption = null;
        Located<String> fromHeadline = null;
        Located<String> fromLabel = null;
        boolean firstNonBlank = true;
        for (int i = 0; i < lines.size(); i++) {
            SourceLine line = lines.get(i);
            if (line.kind() == SourceLine.Kind.BLANK) {
                continue;
            }
            boolean isFirst = firstNonBlank;
            firstNonBlank = false;
            if (line.kind() == SourceLine.Kind.BULLET) {
                continue;
            }
            String text = line.text();
            if (LineSyntax.isScoreLine(text) || LineSyntax.isSummaryLine(text)) {
                break;
            }
            if (line.kind() == SourceLine.Kind.HEADING && line.level() == 1 && fromHeading == null && !text.isEmpty()) {
                fromHeading = Located.at(text, line.number());
                continue;
            }
            if (isFirst && line.kind() == SourceLine.Kind.TEXT) {
                Caption caption = LineSyntax.captionShape(text);
                if (caption != null) {
                    firstCaptionIndex = i;
                    firstCaption = caption;
                    fromCaption = Located.at(caption.work(), line.number());
                    continue;
                }
            }
            String subject = LineSyntax.headlineSubject(text);
            if (subject != null) {
                if (fromHeadline == null && !subject.isEmpty()) {
                    fromHeadline = Located.at(subject, line.number());
                }
                continue;
            }
            LineSyntax.ListLabel label = LineSyntax.listLabel(text);
            if (label != null && label.subject() != null && fromLabel == null) {
                fromLabel = Located.at(label.subject(), line.number());
            }
        }
        return firstNonNull(fromHeading, fromCaption, fromHeadline, fromLabel);
    }

    /** The body's value where it has one, else the front matter's; a disagreement is the problem. */
    private Located<String> withFrontMatter(String field, Located<String> fromBody, Located<String> fromFrontMatter) {
        if (problem == null) {
            problem = FrontMatter.textConflict(field, fromFrontMatter, fromBody);
        }
        return fromBody != null ? fromBody : fromFrontMatter;
    }

    /** The score as {@link #withFrontMatter(String, Located, Located)}, its label taken from either side. */
    private RawScore withFrontMatter(RawScore fromBody) {
        Located<String> text = frontMatter.score();
        Located<String> label = frontMatter.writerLabel();
        if (fromBody == null) {
            return text == null ? null : new RawScore(text.value(), label == null ? null : label.value(), text.line());
        }
        if (problem == null) {
            problem = FrontMatter.textConflict("the score", text, Located.at(fromBody.text(), fromBody.line()));
        }
        if (problem == null && fromBody.writerLabel() != null) {
            problem = FrontMatter.labelConflict(label, Located.at(fromBody.writerLabel(), fromBody.line()));
        }
        return fromBody.writerLabel() == null && label != null
                ? new RawScore(fromBody.text(), label.value(), fromBody.line())
                : fromBody;
    }

    @SafeVarargs
    private static <T> T firstNonNull(T... candidates) {
        for (T candidate : candidates) {
            if (candidate != null) {
                return candidate;
            }
        }
        return null;
    }

    private void onBlank() {
        flushParagraph();
        lastItemContinuable = false;
        if (dialect.blankLineEndsList()) {
            closeList();
        }
    }

    private void onHeading(SourceLine line) {
        flushParagraph();
        closeList();
        String text = line.text();
        if (inBody) {
            // Headings in the body are section titles of the prose, not body paragraphs.
            takeScoreOrSummary(line, text);
            return;
        }
        // Only the '# Title' heading is spent on the title: a headline the title was read from is still the headline.
        if (line.level() == 1 && title != null && Objects.equals(title.line(), line.number())) {
            pendingLabel = null;
            return;
        }
        if (!readHeadConstruct(line, text)) {
            // An unrecognised heading starts a section that is none of ours: its lists are not a
            // labelled list's.
            pendingLabel = null;
        }
    }

    private void onBullet(SourceLine line) {
        if (inBody) {
            appendToParagraph(line);
            return;
        }
        flushParagraph();
        if (openList == null) {
            ListSection section = pendingLabel != null ? pendingLabel : nextUnlabelledSection();
            if (section == null) {
                problem = Problem.atLine(RejectionReason.MALFORMED_DOCUMENT, line.number(),
                        "a third unlabelled bullet list: only two are read (pros, then cons); label your"
                                + " lists 'Pros:' and 'Cons:', or remove blank lines inside a list");
                return;
            }
            pendingLabel = null;
            claimed.add(section);
            openList = lists.get(section);
        }
        flushItem();
        if (!line.item().isEmpty()) {
            openItem = new StringBuilder(line.item());
            openItemLine = line.number();
            lastItemContinuable = true;
        } else {
            lastItemContinuable = false;
        }
    }

    private ListSection nextUnlabelledSection() {
        if (!claimed.contains(ListSection.PROS)) {
            return ListSection.PROS;
        }
        if (!claimed.contains(ListSection.CONS)) {
            return ListSection.CONS;
        }
        return null;
    }

    private void onText(int index, SourceLine line) {
        String text = line.text();
        if (openList != null && line.indented() && lastItemContinuable && !isRecognised(text)) {
            continueLastItem(text);
            return;
        }
        closeList();
        if (inBody) {
            onBodyText(index, line, text);
            return;
        }
        if (index == firstCaptionIndex) {
            addCaption(firstCaption, line.number());
            return;
        }
        if (!readHeadConstruct(line, text)) {
            Caption caption = LineSyntax.captionOfWork(text, titleText());
            if (caption != null) {
                addCaption(caption, line.number());
            } else if (frontMatter.score() != null && (!claimed.isEmpty() || (headline != null && !hasBullets))) {
                // No score line will end the head, and a review's lists come before its prose; text
                // between the headline and the lists is still head text (an introduction, a byline).
                inBody = true;
                onBodyText(index, line, text);
            }
            // anything else in the head is not part of the review (a blurb, a byline)
        }
    }

    private void onBodyText(int index, SourceLine line, String text) {
        if (takeScoreOrSummary(line, text)) {
            return;
        }
        if (paragraph == null && isStandalone(index)) {
            Caption caption = LineSyntax.captionOfWork(text, titleText());
            if (caption != null) {
                addCaption(caption, line.number());
                return;
            }
        }
        appendToParagraph(line);
    }

    /** Score, summary, headline or list label; true when the line was one of them. */
    private boolean readHeadConstruct(SourceLine line, String text) {
        if (takeScoreOrSummary(line, text)) {
            return true;
        }
        if (LineSyntax.headlineSubject(text) != null) {
            if (headline == null) {
                headline = Located.at(text, line.number());
            }
            return true;
        }
        LineSyntax.ListLabel label = LineSyntax.listLabel(text);
        if (label != null) {
            pendingLabel = label.section();
            return true;
        }
        return false;
    }

    /** The first score line and the first summary line, wherever they are; true when taken. */
    private boolean takeScoreOrSummary(SourceLine line, String text) {
        if (score == null) {
            String value = LineSyntax.scoreValue(text);
            if (value != null) {
                flushParagraph();
                if (value.isEmpty()) {
                    problem = Problem.atLine(RejectionReason.MISSING_SCORE, line.number(),
                            "score line has no value: write the score after the colon, e.g. 'score: 60%'");
                    return true;
                }
                ScoreText.Split split = ScoreText.split(value);
                score = new RawScore(split.score(), split.label(), line.number());
                inBody = true;
                return true;
            }
        }
        if (summary == null && !awaitingSummary && !paragraphIsSummary) {
            String value = line.kind() == SourceLine.Kind.HEADING && LineSyntax.isSummaryHeading(text)
                    ? "" : LineSyntax.summaryValue(text);
            if (value != null) {
                flushParagraph();
                inBody = true;
                if (value.isEmpty()) {
                    awaitingSummary = true;
                } else {
                    startParagraph(value, line.number(), true);
                }
                return true;
            }
        }
        return false;
    }

    private boolean isRecognised(String text) {
        return LineSyntax.isScoreLine(text) || LineSyntax.isSummaryLine(text)
                || LineSyntax.headlineSubject(text) != null || LineSyntax.listLabel(text) != null
                || LineSyntax.captionOfWork(text, titleText()) != null;
    }

    private boolean isStandalone(int index) {
        boolean blankBefore = index == 0 || lines.get(index - 1).kind() == SourceLine.Kind.BLANK;
        boolean blankAfter = index + 1 >= lines.size() || lines.get(index + 1).kind() == SourceLine.Kind.BLANK;
        return blankBefore && blankAfter;
    }

    private void addCaption(Caption caption, int line) {
        captions.add(Located.at(caption, line));
        if (captions.size() == 1 && caption.platform() != null) {
            platform = Located.at(caption.platform(), line);
        }
    }

    private String titleText() {
        return title == null ? null : title.value();
    }

    private void continueLastItem(String text) {
        openItem.append(' ').append(text);
    }

    private void flushItem() {
        if (openItem != null) {
            openList.add(Located.at(openItem.toString(), openItemLine));
            openItem = null;
        }
    }

    private void closeList() {
        flushItem();
        openList = null;
        lastItemContinuable = false;
    }

    private void appendToParagraph(SourceLine line) {
        if (paragraph == null) {
            startParagraph(line.text(), line.number(), awaitingSummary);
            awaitingSummary = false;
            return;
        }
        // A summary is one sentence: its wrapped lines join with a space. Body paragraphs keep
        // the writer's line breaks, which every renderer can treat as soft breaks.
        paragraph.append(paragraphIsSummary ? ' ' : '\n').append(line.text());
    }

    private void startParagraph(String text, int line, boolean isSummary) {
        paragraph = new StringBuilder(text);
        paragraphLine = line;
        paragraphIsSummary = isSummary;
    }

    private void flushParagraph() {
        if (paragraph == null) {
            return;
        }
        Located<String> done = Located.at(paragraph.toString(), paragraphLine);
        if (paragraphIsSummary) {
            summary = done;
        } else {
            body.add(done);
        }
        paragraph = null;
        paragraphIsSummary = false;
    }
}
