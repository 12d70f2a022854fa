package io.reviewflow.ingest;

import io.reviewflow.domain.Caption;
import io.reviewflow.domain.Outcome;
import io.reviewflow.domain.Problem;
import io.reviewflow.domain.RejectionReason;
import io.reviewflow.domain.Review;
import java.util.ArrayList;
import java.util.List;

/**
 * Holds a draft to the {@link IngestLimits} and turns it into a {@link Review}. Fields are checked
 * in document order, so the writer is told about the first offending field they would meet.
 */
final class ReviewLimitCheck {

    private final IngestLimits limits;

    ReviewLimitCheck(IngestLimits limits) {
        this.limits = limits;
    }

    Outcome<Review> toReview(ReviewDraft draft) {
        Problem problem = firstProblem(draft);
        if (problem != null) {
            return Outcome.rejected(problem);
        }
        List<Caption> captions = new ArrayList<>(draft.captions().size());
        for (Located<Caption> caption : draft.captions()) {
            captions.add(caption.value());
        }
        return Outcome.accepted(new Review(
                draft.format(),
                draft.title().value(),
                valueOrNull(draft.platform()),
                captions,
                valueOrNull(draft.headline()),
                values(draft.worthWatchingIf()),
                values(draft.notWorthWatchingIf()),
                values(draft.pros()),
                values(draft.cons()),
                draft.score(),
                valueOrNull(draft.summary()),
                values(draft.body())));
    }

    private Problem firstProblem(ReviewDraft draft) {
        Problem p = tooLong("the title", draft.title(), limits.maxTitleChars());
        if (p == null && draft.platform() != null) {
            p = tooLong("the platform", draft.platform(), limits.maxTitleChars());
        }
        if (p == null) {
            p = captionProblem(draft.captions());
        }
        if (p == null && draft.headline() != null) {
            p = tooLong("the headline", draft.headline(), limits.maxItemChars());
        }
        for (ListSection section : ListSection.values()) {
            if (p == null) {
                p = listProblem(section.itemName(), draft.list(section), limits.maxListItems(), limits.maxItemChars());
            }
        }
        if (p == null) {
            p = scoreProblem(draft);
        }
        if (p == null && draft.summary() != null) {
            p = tooLong("the summary", draft.summary(), limits.maxItemChars());
        }
        if (p == null) {
            p = listProblem("body paragraph", draft.body(), limits.maxParagraphs(), limits.maxParagraphChars());
        }
        return p;
    }

    private Problem captionProblem(List<Located<Caption>> captions) {
        if (captions.size() > limits.maxListItems()) {
            return tooMany("captions", captions.get(limits.maxListItems()).line(), limits.maxListItems());
        }
        for (int i = 0; i < captions.size(); i++) {
            Located<Caption> c = captions.get(i);
            int length = length(c.value().work()) + length(c.value().platform()) + length(c.value().caption());
            if (length > limits.maxItemChars()) {
                return tooLongProblem("caption " + (i + 1), c.line(), length, limits.maxItemChars());
            }
        }
        return null;
    }

    private Problem scoreProblem(ReviewDraft draft) {
        int length = length(draft.score().text()) + length(draft.score().writerLabel());
        if (length > limits.maxItemChars()) {
            return tooLongProblem("the score", draft.score().line(), length, limits.maxItemChars());
        }
        return null;
    }

    private Problem listProblem(String itemName, List<Located<String>> items, int maxItems, int maxChars) {
        if (items.size() > maxItems) {
            return tooMany(itemName + "s", items.get(maxItems).line(), maxItems);
        }
        for (int i = 0; i < items.size(); i++) {
            Problem p = tooLong(itemName + " " + (i + 1), items.get(i), maxChars);
            if (p != null) {
                return p;
            }
        }
        return null;
    }

    private static Problem tooLong(String field, Located<String> value, int max) {
        int length = length(value.value());
        return length > max ? tooLongProblem(field, value.line(), length, max) : null;
    }

    private static Problem tooLongProblem(String field, Integer line, int length, int max) {
        String message = field + " is " + length + " characters long; the limit is " + max + ": shorten it";
        return at(RejectionReason.FIELD_TOO_LONG, line, message);
    }

    private static Problem tooMany(String what, Integer line, int max) {
        String message = "more than " + max + " " + what + "; the limit is " + max + ": remove some";
        return at(RejectionReason.TOO_MANY_ITEMS, line, message);
    }

    private static Problem at(RejectionReason reason, Integer line, String message) {
        return line == null ? Problem.of(reason, message) : Problem.atLine(reason, line, message);
    }

    private static int length(String s) {
        return s == null ? 0 : s.codePointCount(0, s.length());
    }

    private static String valueOrNull(Located<String> located) {
        return located == null ? null : located.value();
    }

    private static List<String> values(List<Located<String>> located) {
        List<String> out = new ArrayList<>(located.size());
        for (Located<String> l : located) {
            out.add(l.value());
        }
        return out;
    }
}
