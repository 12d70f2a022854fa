package io.reviewflow.ingest;

import io.reviewflow.domain.Caption;
import io.reviewflow.domain.RawScore;
import io.reviewflow.domain.Review;
import java.util.List;
import java.util.Objects;

/**
 * Writes a {@link Review} in the house plain-text format, laid out as {@code the-perfection.txt}
 * is, so that {@link DocumentParser} reads the text back as the same review: the tests' check that
 * parse ∘ format is the identity on representable reviews. Test code, because nothing in the
 * pipeline writes house text. Pure and stateless: one instance may be shared between threads.
 *
 * <h2>Layout</h2>
 * Blocks are separated by one blank line, the two unlabelled bullet groups by two, as in the
 * sample (one would do: any blank line ends a group). In order:
 * <ol>
 * <li>the first caption, {@code Title, Platform, caption}, when its work is exactly the title and
 *     the title has no comma (on the first line, a comma would split the title);</li>
 * <li>the headline, as stored;</li>
 * <li>{@code Title is worth watching if:} and its bullets ({@code "  • item"}), then
 *     {@code Title is not worth watching if:} and its bullets. The label of an empty list is left
 *     out: a label with no bullets under it would claim the next group;</li>
 * <li>the pros, then the cons, as unlabelled groups. Cons without pros are labelled
 *     {@code Cons:}, because the first unlabelled group is always read as the pros;</li>
 * <li>the remaining captions (all of them when the first could not open the document), each on
 *     its own line;</li>
 * <li>{@code score: <text> <label>} (label only when there is one) on line {@code score.line()},
 *     blank lines padding up to it; when that line is {@code null}, inside the head or beyond
 *     any default-size document, directly after the head;</li>
 * <li>{@code One sentence story summary: …} directly under the score line, when there is one;</li>
 * <li>the body paragraphs, separated by blank lines; a paragraph's own {@code \n}s are kept.</li>
 * </ol>
 * Every line, the last included, ends with {@code \n}.
 * The review's format and platform are not written: text is always read as {@code TEXT}, and
 * the platform is the first caption's.
 *
 * <h2>Representable reviews</h2>
 * Every review is formatted, but only these read back equal. "White space" is the parser's:
 * it includes no-break and zero-width spaces. Every string present is in NFC, is well-formed
 * UTF-16, has no control character but TAB and no line break (except between the lines of a
 * body paragraph), is non-empty and has no white space at either end. Besides:
 * <ul>
 * <li><b>format</b> is {@code TEXT}; the review is within the parser's {@link IngestLimits}.</li>
 * <li><b>title</b> does not start with a bullet ({@code •}, {@code -}, {@code *} or {@code –}
 *     then white space) nor with a score or summary key and a colon ({@code Verdict: …},
 *     {@code Summary: …}): it opens the caption and label lines. It must be readable from the
 *     text: the first caption names it (work equal to the title, title without a comma); or
 *     else the headline names it ({@code Is ‘Title’ worth watching?}, any quotes, or none when
 *     the title does not itself start and end with a quote); or else, with no headline, the
 *     worth-watching-if list is not empty and the title does not start and end with a quote.</li>
 * <li><b>platform</b> is the first caption's platform, or {@code null} when there are no
 *     captions.</li>
 * <li><b>captions</b> each have a platform. Platform and caption contain no comma; every part
 *     is at most 120 characters (code points); the last part does not end in
 *     {@code . ! ? : ; …}. A caption written after the lists has as its work the title in any
 *     case (same length, equal ignoring case), and its last part does not end in
 *     {@code worth watching if} (the line would read as a list label).</li>
 * <li><b>headline</b> is {@code null} or a headline question: {@code Is} and white space at the
 *     start, {@code worth watching?} (one ASCII space, any case) at the end.</li>
 * <li><b>list items</b> are single lines; they may contain anything else, even start with a
 *     bullet character or a key such as {@code score:}.</li>
 * <li><b>score</b>: text and label use single ASCII spaces as their only white space (the
 *     score line's blanks are collapsed), and {@code ScoreText.split(text + " " + label)} gives
 *     them back, i.e. the label does not carry on the score's notation ({@code 4/5} then
 *     {@code stars …}, {@code 60} then {@code % …}), and a text outside the grammar
 *     ({@code ten}) has no label. {@code score.line()} is at or after the line the layout
 *     reaches after the head (and at most {@link IngestLimits#DEFAULT_MAX_DOCUMENT_BYTES}); a
 *     {@code null} line, or one inside the head, reads back as that line.</li>
 * <li><b>summary</b> is {@code null} or one line.</li>
 * <li><b>body</b> paragraphs consist of lines joined by {@code \n}, each non-empty with no white
 *     space at its ends. A one-line paragraph is not shaped like a caption of the work (the
 *     title, a comma, one or two short parts, no closing punctuation: it would read as a
 *     caption). With no summary, no body line starts with a summary key and a colon
 *     ({@code Summary: …}, {@code In one sentence: …}): the first such line is the summary.</li>
 * </ul>
 * The text is the house format whichever format is declared with it; read undeclared, it is
 * also detected as such unless it opens with <code>&#123;</code> or a line looks like Markdown
 * ({@code # heading}, {@code **Key:**}).
 */
public final class HouseTextFormatter {

    private static final String BULLET = "  • ";
    private static final String WORTH_WATCHING_IF = " is worth watching if:";
    private static final String NOT_WORTH_WATCHING_IF = " is not worth watching if:";
    private static final String CONS_LABEL = "Cons:";
    private static final String SCORE_KEY = "score: ";
    private static final String SUMMARY_KEY = "One sentence story summary: ";
    /**
     * No document the parser accepts by default has more lines than bytes: padding further down
     * would only let a bogus line number blow the text up.
     */
    private static final int MAX_SCORE_LINE = IngestLimits.DEFAULT_MAX_DOCUMENT_BYTES;

    /**
     * Renders the review. Never fails on a non-null review; a review that is not representable
     * (see the class comment) is still rendered, but reads back differently.
     *
     * @param review the review to write
     * @return the document, every line ended by {@code \n}
     */
    public String format(Review review) {
        Objects.requireNonNull(review, "review");
        Lines out = new Lines(estimateLength(review));
        String title = review.title();
        List<Caption> captions = review.captions();
        boolean captionFirst = !captions.isEmpty()
                && captions.get(0).work().equals(title) && title.indexOf(',') < 0;

        if (captionFirst) {
            out.separate(1);
            caption(out, captions.get(0));
        }
        if (review.headline() != null) {
            out.separate(1);
            out.append(review.headline()).endLine();
        }
        labelledList(out, title, WORTH_WATCHING_IF, review.worthWatchingIf());
        labelledList(out, title, NOT_WORTH_WATCHING_IF, review.notWorthWatchingIf());
        if (!review.pros().isEmpty()) {
            out.separate(2);
            bullets(out, review.pros());
        }
        if (!review.cons().isEmpty()) {
            if (review.pros().isEmpty()) {
                out.separate(1);
                out.append(CONS_LABEL).endLine();
                out.separate(1);
            } else {
                out.separate(2);
            }
            bullets(out, review.cons());
        }
        for (int i = captionFirst ? 1 : 0; i < captions.size(); i++) {
            out.separate(1);
            caption(out, captions.get(i));
        }

        RawScore score = review.score();
        out.separate(1);
        if (score.line() != null && score.line() <= MAX_SCORE_LINE) {
            out.padTo(score.line());
        }
        out.append(SCORE_KEY).append(score.text());
        if (score.writerLabel() != null) {
            out.append(" ").append(score.writerLabel());
        }
        out.endLine();
        if (review.summary() != null) {
            out.append(SUMMARY_KEY).append(review.summary()).endLine();
        }
        for (String paragraph : review.body()) {
            out.separate(1);
            out.paragraph(paragraph);
        }
        return out.toString();
    }

    private static void labelledList(Lines out, String title, String label, List<String> items) {
        if (items.isEmpty()) {
            return;
        }
        out.separate(1);
        out.append(title).append(label).endLine();
        out.separate(1);
        bullets(out, items);
    }

    private static void bullets(Lines out, List<String> items) {
        for (String item : items) {
            out.append(BULLET).append(item).endLine();
        }
    }

    private static void caption(Lines out, Caption caption) {
        out.append(caption.work());
        if (caption.platform() != null) {
            out.append(", ").append(caption.platform());
        }
        if (caption.caption() != null) {
            out.append(", ").append(caption.caption());
        }
        out.endLine();
    }

    /** An upper bound for the common case, so that the builder is not regrown while writing. */
    private static int estimateLength(Review review) {
        int titleLength = review.title().length();
        int n = 256 + length(review.headline()) + length(review.summary())
                + review.score().text().length() + length(review.score().writerLabel());
        for (Caption c : review.captions()) {
            n += 8 + c.work().length() + length(c.platform()) + length(c.caption());
        }
        n += 2 * titleLength + items(review.worthWatchingIf()) + items(review.notWorthWatchingIf())
                + items(review.pros()) + items(review.cons()) + items(review.body());
        Integer scoreLine = review.score().line();
        // Padding up to the score line costs one char per blank line; bound it so that a bogus line
        // number cannot make the estimate itself huge (the padding still happens, just with regrowth).
        return n + (scoreLine == null ? 0 : Math.min(scoreLine, 4096));
    }

    private static int items(List<String> items) {
        int n = 0;
        for (String item : items) {
            n += item.length() + 8;
        }
        return n;
    }

    private static int length(String s) {
        return s == null ? 0 : s.length();
    }

    /** The text being written and how many lines it has, so that the score can go on its recorded line. */
    private static final class Lines {

        private final StringBuilder sb;
        /** Lines ended so far. */
        private int count;

        Lines(int capacity) {
            sb = new StringBuilder(capacity);
        }

        Lines append(String text) {
            sb.append(text);
            return this;
        }

        void endLine() {
            sb.append('\n');
            count++;
        }

        /** Blank lines between a block and the one before it; none above the first block. */
        void separate(int blankLines) {
            if (count > 0) {
                for (int i = 0; i < blankLines; i++) {
                    endLine();
                }
            }
        }

        /** Blank lines until the next line is line {@code line} (1-based); none when already past it. */
        void padTo(int line) {
            while (count + 1 < line) {
                endLine();
            }
        }

        /** A body paragraph: its inner line breaks end lines too. */
        void paragraph(String text) {
            sb.append(text);
            for (int i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
                count++;
            }
            endLine();
        }

        @Override
        public String toString() {
            return sb.toString();
        }
    }
}
