package io.reviewflow.benchmarks.pipeline;

import io.reviewflow.avro.ReviewAction;
import io.reviewflow.avro.ReviewSubmission;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Realistic review documents for the bench: about 3 KiB each, 60% house text, 20% Markdown and 20%
 * JSON, shaped like the bundled samples (the-perfection.txt, night-ferry.md, paper-lanterns.json)
 * but with their own titles, points, scores and a body padded to size. About 5% are invalid: half
 * miss the score, half carry one out of range (12/10), so ingest and scoring both reject.
 * Everything is generated before timing starts, from a seed, so runs are repeatable.
 */
final class SyntheticReviews {

    /** What the document should become; checked against what the pipeline did. */
    enum Kind { TEXT, MARKDOWN, JSON, MISSING_SCORE, SCORE_OUT_OF_RANGE }

    record Planned(ReviewSubmission submission, Kind kind) {
        boolean valid() {
            return kind == Kind.TEXT || kind == Kind.MARKDOWN || kind == Kind.JSON;
        }
    }

    private static final String[] ADJECTIVES = {"Silent", "Paper", "Northern", "Broken", "Crimson", "Last", "Hidden",
            "Quiet", "Electric", "Midnight", "Glass", "Wandering", "Hollow", "Golden", "Distant", "Salt"};
    private static final String[] NOUNS = {"Harbour", "Orbit", "Lanterns", "Ferry", "Garden", "Signal", "Winter",
            "Archive", "Lighthouse", "Circuit", "Orchard", "Frontier", "Tide", "Kingdom", "Station", "Choir"};
    private static final String[] PLATFORMS = {"Netflix Original", "Nordwave", "Cinema release", "Prime Video",
            "BBC iPlayer", "Apple TV+", "Disney+", "MUBI"};
    private static final String[] SCORES = {"60%", "7,5/10", "4/5", "★★★½", "B+", "thumbs up", "3.5 stars", "12 out of 20",
            "82%", "6/10", "2/5", "C-"};
    private static final String[] LABELS = {"CHILLIN", "BINGE IT", "SKIP IT", "WORTH IT", ""};
    private static final String[] WORTH = {"You like slow-burn mysteries where the setting is a character.",
            "You can live with subtitles and long silences.", "You love ridiculous plot twists, no matter how goofy.",
            "You were a band geek in high school.", "You are watching with children over eight.",
            "You enjoy ensemble casts that argue a lot.", "You want something to have on while you cook."};
    private static final String[] NOT_WORTH = {"You need a twist at the end of every episode.",
            "Dim, blue-grey cinematography puts you to sleep.", "You can't stand being grossed out.",
            "You want a story with real stakes.", "Illogical plots make you want to smash your guitar."};
    private static final String[] PROS = {"The lead performance is tired, funny and believable.",
            "Every frame looks like a painting.", "The score, mostly strings, is gorgeous.",
            "Episode five is the best hour of television this year.", "It keeps you intrigued as to what will happen next.",
            "The setting itself, cramped and creaking, is a brilliant stage."};
    private static final String[] CONS = {"The final episode rushes its reveal.", "A subplot goes nowhere.",
            "The plot is thin and predictable.", "The comic-relief sidekick wears out its welcome.",
            "The wasted potential is frustrating.", "The middle act drags for far too long."};
    private static final String[] SENTENCES = {
            "The first episode is almost entirely conversations in corridors, and the camera lingers on every doorway as if it might hold a clue.",
            "By the third act the patience pays off: every character has a reason to lie, and nobody can leave.",
            "It stumbles at the end, but the journey is worth it.",
            "The acting, the setting, the mood, the characters all feel rather original and captivating.",
            "Scenes start to dip into B-movie territory, with a noticeably sub-par script at times.",
            "The story is quick to pull out unexpected twists and turns, which are fun in the moment.",
            "With that being said, things get so ridiculous you may actually find it all a tad amusing.",
            "The animators have lavished care on every market stall and rooftop.",
            "The supporting cast does a lot with very little, and the dialogue crackles when it is allowed to.",
            "It never quite decides whether it wants to be a thriller or a comedy, and that indecision costs it."};

    private SyntheticReviews() {}

    /** A generated document and what it should become. */
    record Document(byte[] bytes, Kind kind, String writerId) {}

    /**
     * {@code count} documents.
     *
     * @param invalidShare share of invalid documents (the brief's ~5%)
     */
    static List<Document> generate(int count, double invalidShare, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Document> documents = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            double roll = random.nextDouble();
            Kind kind;
            if (roll < invalidShare / 2) {
                kind = Kind.MISSING_SCORE;
            } else if (roll < invalidShare) {
                kind = Kind.SCORE_OUT_OF_RANGE;
            } else {
                kind = pickFormat(random.nextDouble());
            }
            // Invalid documents come in every format too, in the same 60/20/20 mix.
            Kind format = kind.ordinal() <= Kind.JSON.ordinal() ? kind : pickFormat(random.nextDouble());
            String score = switch (kind) {
                case MISSING_SCORE -> null;
                case SCORE_OUT_OF_RANGE -> "12/10";
                default -> SCORES[random.nextInt(SCORES.length)];
            };
            documents.add(new Document(document(format, score, random).getBytes(StandardCharsets.UTF_8), kind,
                    "bench-writer-" + random.nextInt(50)));
        }
        return documents;
    }

    /**
     * One new review per document, keyed {@code keyPrefix + index}. The submissions share the
     * documents' bytes (each wraps the same array), so several phases cost one set of documents.
     */
    static List<Planned> submissions(String keyPrefix, List<Document> documents, int count) {
        List<Planned> planned = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Document document = documents.get(i % documents.size());
            planned.add(new Planned(ReviewSubmission.newBuilder()
                    .setSubmissionId(keyPrefix + "s" + i)
                    .setReviewId(keyPrefix + i)
                    .setWriterId(document.writerId())
                    .setAction(ReviewAction.SUBMIT)
                    .setRevision(1)
                    .setFormat(null) // detected from the document, as the submit command leaves it
                    .setDocument(ByteBuffer.wrap(document.bytes()))
                    .setSource("synthetic")
                    .setSubmittedAt(Instant.EPOCH) // set to the send time by the submitter
                    .build(), document.kind()));
        }
        return planned;
    }

    private static Kind pickFormat(double roll) {
        return roll < 0.6 ? Kind.TEXT : roll < 0.8 ? Kind.MARKDOWN : Kind.JSON;
    }

    private static String document(Kind format, String score, SplittableRandom random) {
        String title = "The " + pick(ADJECTIVES, random) + " " + pick(NOUNS, random);
        String platform = pick(PLATFORMS, random);
        String label = pick(LABELS, random);
        List<String> worth = some(WORTH, 2, 3, random);
        List<String> notWorth = some(NOT_WORTH, 1, 3, random);
        List<String> pros = some(PROS, 2, 3, random);
        List<String> cons = some(CONS, 2, 3, random);
        String summary = "A " + pick(ADJECTIVES, random).toLowerCase() + " story about a " + pick(NOUNS, random).toLowerCase()
                + " and the people who cannot leave it behind.";
        int target = 2600 + random.nextInt(1000); // ~3 KiB, 2.5-3.5 KiB
        StringBuilder out = new StringBuilder(target + 600);
        switch (format) {
            case TEXT -> {
                out.append(title).append(", ").append(platform).append(", Opening scene\n\n");
                out.append("Is ‘").append(title).append("’ worth watching?\n\n");
                out.append(title).append(" is worth watching if:\n\n");
                worth.forEach(w -> out.append("  • ").append(w).append('\n'));
                out.append('\n').append(title).append(" is not worth watching if:\n\n");
                notWorth.forEach(w -> out.append("  • ").append(w).append('\n'));
                out.append("\n\n");
                pros.forEach(w -> out.append("  • ").append(w).append('\n'));
                out.append("\n\n");
                cons.forEach(w -> out.append("  • ").append(w).append('\n'));
                out.append('\n').append(title).append(", ").append(platform).append(", Closing scene\n\n");
                if (score != null) {
                    out.append("score: ").append(score).append(label.isEmpty() ? "" : " " + label).append('\n');
                }
                out.append("One sentence story summary: ").append(summary).append("\n\n");
                body(out, target, random, "", "\n\n");
            }
            case MARKDOWN -> {
                out.append("# ").append(title).append("\n\n*A series streaming on ").append(platform).append(".*\n\n");
                out.append("## Is *").append(title).append("* worth watching?\n\n");
                out.append("### ").append(title).append(" is worth watching if:\n\n");
                worth.forEach(w -> out.append("- ").append(w).append('\n'));
                out.append("\n### ").append(title).append(" is not worth watching if:\n\n");
                notWorth.forEach(w -> out.append("- ").append(w).append('\n'));
                out.append("\n## Pros\n\n");
                pros.forEach(w -> out.append("- ").append(w).append('\n'));
                out.append("\n## Cons\n\n");
                cons.forEach(w -> out.append("- ").append(w).append('\n'));
                out.append('\n');
                if (score != null) {
                    out.append("**Rating:** ").append(score).append(label.isEmpty() ? "" : " " + label).append("\n\n");
                }
                out.append("**In one sentence:** ").append(summary).append("\n\n");
                body(out, target, random, "", "\n\n");
            }
            case JSON -> {
                out.append("{\n  \"title\": \"").append(title).append("\",\n");
                out.append("  \"work\": { \"kind\": \"film\", \"platform\": \"").append(platform).append("\", \"year\": 2026 },\n");
                out.append("  \"headline\": \"Is '").append(title).append("' worth watching?\",\n");
                jsonList(out, "worthWatchingIf", worth);
                jsonList(out, "notWorthWatchingIf", notWorth);
                jsonList(out, "pros", pros);
                jsonList(out, "cons", cons);
                if (score != null) {
                    out.append("  \"score\": \"").append(score).append("\",\n");
                }
                out.append("  \"summary\": \"").append(summary).append("\",\n  \"body\": [\n");
                body(out, target - 6, random, "    \"", "\",\n");
                out.setLength(out.length() - 2); // the last paragraph's comma
                out.append("\n  ]\n}\n");
            }
            default -> throw new IllegalArgumentException("not a format: " + format);
        }
        return out.toString();
    }

    /** Paragraphs of three to five sentences until the document reaches {@code target} characters. */
    private static void body(StringBuilder out, int target, SplittableRandom random, String before, String after) {
        while (out.length() < target) {
            out.append(before);
            int sentences = 3 + random.nextInt(3);
            for (int s = 0; s < sentences; s++) {
                out.append(s == 0 ? "" : " ").append(pick(SENTENCES, random));
            }
            out.append(after);
        }
    }

    private static void jsonList(StringBuilder out, String name, List<String> items) {
        out.append("  \"").append(name).append("\": [");
        for (int i = 0; i < items.size(); i++) {
            out.append(i == 0 ? "\n    \"" : ",\n    \"").append(items.get(i).replace("\"", "\\\"")).append('"');
        }
        out.append("\n  ],\n");
    }

    private static List<String> some(String[] from, int min, int max, SplittableRandom random) {
        int n = min + random.nextInt(max - min + 1);
        int start = random.nextInt(from.length);
        List<String> picked = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            picked.add(from[(start + i) % from.length]);
        }
        return picked;
    }

    private static String pick(String[] from, SplittableRandom random) {
        return from[random.nextInt(from.length)];
    }
}
