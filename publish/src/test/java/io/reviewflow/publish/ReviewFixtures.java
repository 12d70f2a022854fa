package io.reviewflow.publish;

import io.reviewflow.domain.AssessedReview;
import io.reviewflow.domain.Caption;
import io.reviewflow.domain.ComputedVerdict;
import io.reviewflow.domain.NormalisedScore;
import io.reviewflow.domain.RawScore;
import io.reviewflow.domain.Review;
import io.reviewflow.domain.ScoreScale;
import io.reviewflow.domain.SourceFormat;
import java.time.Instant;
import java.util.List;

/** Reviews to render: the-perfection as ingest and scoring make it, and the same review as an attack. */
final class ReviewFixtures {

    static final String TITLE = "The Perfection";
    static final Instant PUBLISHED_AT = Instant.parse("2019-05-24T18:30:00Z");

    static final List<String> WORTH_WATCHING_IF = List.of(
            "You were a band geek in high school. (bonus points to any cello nerds)",
            "You’re looking for more thriller than horror.",
            "You love ridiculous plot twists. (no matter how goofy)");
    static final List<String> NOT_WORTH_WATCHING_IF = List.of(
            "You can’t stand being grossed out.",
            "You expect its ‘LGBTQ’ genre heading to be a major focus.",
            "Illogical plots make you wanna smash your guitar.");
    static final List<String> PROS = List.of(
            "The film’s musical academy theme is interesting and novel, especially for the genre.",
            "Most of the acting is quite good.",
            "It keeps you intrigued as to what will happen next.");
    static final List<String> CONS = List.of(
            "The story ends up being completely ridiculous.",
            "Lead actress Allison Williams doesn’t match the impressive performances of her co-stars.",
            "The wasted potential is frustrating.");
    static final String SUMMARY = "A once-promising music prodigy reconnects with her former mentors, only to find "
            + "them taken with a talented new pupil.";
    static final List<String> BODY = List.of(
            "A third of the way into The Perfection and you may not be thinking it’s going to be the ‘perfect’ "
                    + "movie, but there’s enough going for it where you are certainly intrigued.",
            "Things quickly get weird, both intentionally and unintentionally. Scenes start to dip into ‘B’ "
                    + "movie territory, with a noticeably sub-par script at times.",
            "The story is quick to pull out unexpected twists and turns, which are fun in the moment, but reveal "
                    + "themselves to be inexplicably dumb as the movie heads toward its conclusion.",
            "It’s almost a shame the first third of the movie is so interesting, since in contrast the final act "
                    + "plays like nails on a chalkboard.",
            "While not really a horror movie, The Perfection serves as a surprisingly good thriller, regardless "
                    + "of where it ends up. Just don’t expect to want an encore.");

    private ReviewFixtures() {}

    static AssessedReview thePerfection() {
        return thePerfection(new ComputedVerdict("CHILLIN", "house", "CHILLIN", false));
    }

    static AssessedReview thePerfection(ComputedVerdict verdict) {
        Review review = new Review(
                SourceFormat.TEXT,
                TITLE,
                "Netflix Original",
                List.of(new Caption(TITLE, "Netflix Original", "Cello concert"),
                        new Caption(TITLE, "Netflix Original", "nude scene")),
                "Is ‘The Perfection’ worth watching?",
                WORTH_WATCHING_IF,
                NOT_WORTH_WATCHING_IF,
                PROS,
                CONS,
                new RawScore("60%", verdict.writerLabel(), 25),
                SUMMARY,
                BODY);
        return new AssessedReview(review, new NormalisedScore(60.0, 60, ScoreScale.PERCENT, "60%"), verdict);
    }

    static PublicationInfo info() {
        return info("writer-42");
    }

    static PublicationInfo info(String writerId) {
        return new PublicationInfo("rev-0001", writerId, 1, Slugs.slugFor(TITLE, "rev-0001"), PUBLISHED_AT);
    }

    /** A review with {@code payload} in every writer-supplied field, alone and amid ordinary text. */
    static AssessedReview withEveryField(String payload) {
        String amid = "before " + payload + " after";
        Review review = new Review(
                SourceFormat.TEXT,
                payload,
                payload,
                List.of(new Caption(payload, payload, payload), new Caption(amid, amid, amid)),
                payload,
                List.of(payload, amid),
                List.of(payload, amid),
                List.of(payload, amid),
                List.of(payload, amid),
                new RawScore(payload, payload, 1),
                payload,
                List.of(payload, amid, payload + payload));
        return new AssessedReview(
                review,
                new NormalisedScore(60.0, 60, ScoreScale.PERCENT, payload),
                new ComputedVerdict("CHILLIN", "house", payload, true));
    }
}
