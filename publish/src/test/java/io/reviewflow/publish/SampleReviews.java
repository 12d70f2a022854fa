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

/**
 * The published samples of {@code samples/}, as scoring hands them to publish. Built by hand because
 * publish must not depend on ingest, which parses the sample files; {@link SampleReviewsTest} checks them
 * against {@code expected.json} so the two cannot drift apart.
 */
final class SampleReviews {

    /** One sample: the file it stands for, the scored review and its publication. */
    record Sample(String file, AssessedReview scored, PublicationInfo info) {
        @Override
        public String toString() {
            return file;
        }
    }

    private SampleReviews() {}

    static List<Sample> all() {
        return List.of(thePerfection(), nightFerry(), paperLanterns(), theQuietOrbit(), frontMatter());
    }

    static Sample thePerfection() {
        return new Sample("the-perfection.txt", ReviewFixtures.thePerfection(), ReviewFixtures.info());
    }

    static Sample nightFerry() {
        Review review = new Review(
                SourceFormat.MARKDOWN,
                "Night Ferry",
                null,
                List.of(),
                "Is Night Ferry worth watching?",
                List.of("You like slow-burn mysteries where the setting is a character.",
                        "You can live with subtitles and long silences.",
                        "You enjoyed The Bridge or Trapped."),
                List.of("You need a twist at the end of every episode.",
                        "Dim, blue-grey cinematography puts you to sleep."),
                List.of("The ferry itself, cramped and creaking, is a brilliant stage.",
                        "Ingrid Dahl's detective is tired, funny and believable.",
                        "Episode five is the best hour of television this year."),
                List.of("The final episode rushes its reveal.",
                        "A subplot about a smuggling ring goes nowhere."),
                new RawScore("4/5", "BINGE IT", 31),
                "A detective on a night crossing between Oslo and Kiel has until dawn to find which passenger "
                        + "killed the ship's purser.",
                List.of("Night Ferry takes its time. The first episode is almost entirely conversations in corridors, "
                                + "and the camera lingers on the wake behind the ship as if it might hold a clue.",
                        "By episode three the patience pays off: every passenger has a reason to lie, and the ship "
                                + "cannot turn back.",
                        "It stumbles at the end, but the journey is worth it."));
        return sample("night-ferry.md", "rev-0002", "critic-7", "2026-01-12T09:00:00Z", review,
                new NormalisedScore(80.0, 80, ScoreScale.FRACTION, "4/5"),
                new ComputedVerdict("BINGE IT", "house", "BINGE IT", false));
    }

    static Sample paperLanterns() {
        Review review = new Review(
                SourceFormat.JSON,
                "Paper Lanterns",
                "Cinema release",
                List.of(),
                "Is 'Paper Lanterns' worth watching?",
                List.of("You love hand-drawn animation.", "You are watching with children over eight."),
                List.of("You want a story with real stakes."),
                List.of("Every frame looks like a painting.", "The score, mostly koto and strings, is gorgeous."),
                List.of("The plot is thin and predictable.", "The comic-relief fox wears out its welcome."),
                new RawScore("B-", null, null),
                "A lantern-maker's daughter follows a runaway paper crane across a festival night to bring her "
                        + "father home.",
                List.of("Paper Lanterns is beautiful to look at and easy to forget.",
                        "The animators have lavished care on every market stall and rooftop, and the festival "
                                + "sequence in the middle of the film is a genuine marvel.",
                        "The story never rises to meet the pictures, but younger viewers will not mind."));
        return sample("paper-lanterns.json", "rev-0003", "critic-7", "2026-02-03T17:45:00Z", review,
                new NormalisedScore(66.7, 67, ScoreScale.LETTER, "B-"),
                new ComputedVerdict("CHILLIN", "house", null, false));
    }

    static Sample theQuietOrbit() {
        Review review = new Review(
                SourceFormat.TEXT,
                "The Quiet Orbit",
                "Apple TV+",
                List.of(new Caption("The Quiet Orbit", "Apple TV+", "Space station interior")),
                "Is 'The Quiet Orbit' worth watching?",
                List.of("You like hard science fiction with believable engineering.",
                        "You are happy with a story told mostly by two actors."),
                List.of("You want action: almost nothing explodes.",
                        "Exposition-heavy dialogue drives you up the wall.",
                        "You expect the mystery of the signal to be explained."),
                List.of("The station sets are meticulous and claustrophobic.", "The two leads have real chemistry."),
                List.of("The middle hour drags badly.",
                        "Characters explain orbital mechanics to each other constantly.",
                        "The ending simply stops."),
                new RawScore("★★½", "MEH", 23),
                "Two engineers alone on a failing research station must decide whether to answer a signal nobody "
                        + "else has heard.",
                List.of("The Quiet Orbit has the look of a much more expensive film. Every panel and cable on its "
                                + "station feels used, and the opening twenty minutes, wordless apart from alarms, "
                                + "are superb.",
                        "Then the talking starts, and it does not stop. The script wants us to understand exactly "
                                + "how the station is dying, and it tells us, at length, three or four times.",
                        "There is a good short film buried in here. As a feature it is a pleasant, slightly "
                                + "frustrating way to spend two hours."));
        return sample("the-quiet-orbit.txt", "rev-0004", "writer-42", "2026-03-20T12:00:00Z", review,
                new NormalisedScore(50.0, 50, ScoreScale.STARS, "★★½"),
                new ComputedVerdict("MEH", "house", "MEH", false));
    }

    /** {@code front-matter.md}: title, platform, score and summary come from its YAML front matter. */
    static Sample frontMatter() {
        Review review = new Review(
                SourceFormat.MARKDOWN,
                "The Long Thaw",
                "Prime Video",
                List.of(),
                "Is The Long Thaw worth watching?",
                List.of("You like your thrillers cold, quiet and patient.",
                        "Landscapes do as much for you as plot twists."),
                List.of("You need to like the people you spend six hours with."),
                List.of("The location shoot on the Greenland ice sheet is breathtaking.",
                        "Maren Holt's lead performance never begs for sympathy.",
                        "The sound design makes every creak of the ice a threat."),
                List.of("The middle episodes circle the same argument twice.",
                        "A late romance subplot feels bolted on."),
                new RawScore("7.5/10", "BINGE IT", 7),
                "A glaciologist returns to the Greenland research camp where her mentor vanished, just as the "
                        + "melting ice starts giving up its secrets.",
                List.of("The Long Thaw opens on a helicopter shadow crossing miles of white, and for a long while that "
                                + "is as fast as it moves. The camp is six huts and a generator, and the show lets us "
                                + "learn every one of them.",
                        "Holt plays a scientist who is very good at ice and very bad at people, and the series trusts "
                                + "her to stay that way.",
                        "It loses its nerve a little in the last episode, but the final shot, of meltwater running "
                                + "where the mentor's tent once stood, stays with you."));
        return sample("front-matter.md", "rev-0005", "writer-42", "2026-04-02T07:30:00Z", review,
                new NormalisedScore(75.0, 75, ScoreScale.FRACTION, "7.5/10"),
                new ComputedVerdict("BINGE IT", "house", "BINGE IT", false));
    }

    /** The index entry the reference site shows for {@code sample}. */
    static IndexEntry indexEntry(Sample sample) {
        Review review = sample.scored().review();
        return new IndexEntry(sample.info().slug(), review.title(), review.platform(),
                sample.scored().score().display(), sample.scored().verdict().label(), sample.info().publishedAt());
    }

    private static Sample sample(String file, String reviewId, String writerId, String publishedAt, Review review,
            NormalisedScore score, ComputedVerdict verdict) {
        PublicationInfo info = new PublicationInfo(reviewId, writerId, 1, Slugs.slugFor(review.title(), reviewId),
                Instant.parse(publishedAt));
        return new Sample(file, new AssessedReview(review, score, verdict), info);
    }
}
