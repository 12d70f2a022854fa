package io.reviewflow.scoring;

import io.reviewflow.domain.AssessedReview;
import io.reviewflow.domain.ComputedVerdict;
import io.reviewflow.domain.NormalisedScore;
import io.reviewflow.domain.Outcome;
import io.reviewflow.domain.Problem;
import io.reviewflow.domain.RawScore;
import io.reviewflow.domain.Review;
import io.reviewflow.domain.ScoreText;
import java.util.Objects;

/**
 * The scoring stage as a plain function: a review in, a scored review or a rejection out.
 * Immutable and thread-safe; never throws for any review.
 */
public final class Scorer {

    private final ScoreParser parser = new ScoreParser();
    private final VerdictScale scale;

    public Scorer(VerdictScale scale) {
        this.scale = Objects.requireNonNull(scale, "scale");
    }

    public VerdictScale scale() {
        return scale;
    }

    /**
     * Normalises the review's score and looks up its verdict. The writer's own label is kept
     * beside the computed one, and a disagreement is flagged rather than resolved either way.
     * A rejection carries {@code line N: } when the score came from a known line.
     */
    public Outcome<AssessedReview> score(Review review) {
        RawScore raw = review.score();
        Outcome<NormalisedScore> parsed = parser.parse(raw.text());
        if (parsed instanceof Outcome.Rejected<NormalisedScore> rejected) {
            Problem problem = rejected.problem();
            return Outcome.rejected(raw.line() == null
                    ? problem
                    : Problem.atLine(problem.reason(), raw.line(), problem.message()));
        }
        NormalisedScore score = ((Outcome.Accepted<NormalisedScore>) parsed).value();
        String label = scale.labelFor(score.display());
        String writerLabel = raw.writerLabel() == null || raw.writerLabel().isBlank() ? null : raw.writerLabel();
        boolean mismatch = writerLabel != null && !sameLabel(writerLabel, label);
        return Outcome.accepted(new AssessedReview(review, score, new ComputedVerdict(label, scale.name(), writerLabel, mismatch)));
    }

    /**
     * Case and surrounding white space never make a disagreement; nor does a run of spaces
     * inside ({@code BINGE  IT}), which is a slip of the keyboard, not a different verdict.
     */
    static boolean sameLabel(String writerLabel, String label) {
        String a = ScoreText.foldLabel(writerLabel);
        String b = ScoreText.foldLabel(label);
        return a.equals(b) || collapseSpaces(a).equals(collapseSpaces(b));
    }

    private static String collapseSpaces(String s) {
        StringBuilder out = new StringBuilder(s.length());
        boolean space = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                space = true;
            } else {
                if (space && !out.isEmpty()) {
                    out.append(' ');
                }
                space = false;
                out.append(c);
            }
        }
        return out.toString();
    }
}
