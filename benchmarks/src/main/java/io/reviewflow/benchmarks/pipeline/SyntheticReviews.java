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

    /**
     * Paragraphs of three to five sentences until the document reaches {@code target} characters. The
     * sentences are made of words drawn from a {@link #VOCABULARY} by Zipf's law, as prose uses words, so
     * that the body compresses no better than the samples' real prose does (SyntheticReviewsTest):
     * a body of a few repeated sentences would compress several times better and flatter a pipeline
     * that compresses its records.
     */
    private static void body(StringBuilder out, int target, SplittableRandom random, String before, String after) {
        while (out.length() < target) {
            out.append(before);
            int sentences = 3 + random.nextInt(3);
            for (int s = 0; s < sentences; s++) {
                out.append(s == 0 ? "" : " ");
                sentence(out, random);
            }
            out.append(after);
        }
    }

    private static void sentence(StringBuilder out, SplittableRandom random) {
        int words = 8 + random.nextInt(15);
        for (int w = 0; w < words; w++) {
            String word = VOCABULARY[zipfRank(random)];
            if (w == 0) {
                out.append(Character.toUpperCase(word.charAt(0))).append(word, 1, word.length());
            } else {
                out.append(' ').append(word);
            }
            if (w > 2 && w < words - 2 && random.nextInt(9) == 0) {
                out.append(',');
            }
        }
        out.append('.');
    }

    /** A rank in the vocabulary, rank r drawn with probability proportional to 1/r. */
    private static int zipfRank(SplittableRandom random) {
        double u = random.nextDouble() * ZIPF_TOTAL;
        int low = 0;
        int high = VOCABULARY.length - 1;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (ZIPF_CUMULATIVE[mid] < u) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    /** English's commonest words first, then made-up words of one to four syllables: the tail of a real vocabulary. */
    private static final String[] VOCABULARY = vocabulary(6_000);
    private static final double[] ZIPF_CUMULATIVE = new double[VOCABULARY.length];
    private static final double ZIPF_TOTAL;

    static {
        double sum = 0;
        for (int r = 0; r < VOCABULARY.length; r++) {
            sum += 1.0 / (r + 1);
            ZIPF_CUMULATIVE[r] = sum;
        }
        ZIPF_TOTAL = sum;
    }

    private static String[] vocabulary(int size) {
        String[] common = ("the of and a to in is it that was for on with as his they be at one have this from or had by "
                + "but what some we can out other were all there when up use your how said an each she which do their "
                + "time if will way about many then them would write like so these her long make thing see him two has "
                + "look more day could go come did no most people my over know than call first who may down side been "
                + "now find film series story episode scene character season plot camera cast script ending twist").split(" ");
        String[] onsets = {"b", "br", "c", "ch", "cl", "d", "dr", "f", "fl", "g", "gr", "h", "j", "k", "l", "m", "n", "p",
                "pl", "pr", "r", "s", "sh", "sl", "st", "t", "th", "tr", "v", "w", "z"};
        String[] nuclei = {"a", "e", "i", "o", "u", "ai", "ea", "ou", "oo", "ie"};
        String[] codas = {"", "", "n", "r", "s", "t", "l", "nd", "st", "ck", "ng", "m"};
        SplittableRandom random = new SplittableRandom(42);
        java.util.LinkedHashSet<String> words = new java.util.LinkedHashSet<>(List.of(common));
        while (words.size() < size) {
            StringBuilder word = new StringBuilder();
            int syllables = 1 + random.nextInt(4);
            for (int i = 0; i < syllables; i++) {
                word.append(pick(onsets, random)).append(pick(nuclei, random));
            }
            words.add(word.append(pick(codas, random)).toString());
        }
        return words.toArray(String[]::new);
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
