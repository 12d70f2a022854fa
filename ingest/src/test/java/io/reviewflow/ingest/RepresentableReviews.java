package io.reviewflow.ingest;

import io.reviewflow.domain.Caption;
import io.reviewflow.domain.RawScore;
import io.reviewflow.domain.Review;
import io.reviewflow.domain.SourceFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Random reviews that {@link HouseTextFormatter} can represent (its class comment lists the
 * rules), built from realistic words and the characters text handling trips on: curly quotes,
 * emoji with joiners, CJK, right-to-left script, accents, HTML, commas, colons, percent signs,
 * digits, and blanks other than the ASCII space inside values. Each rule is met by construction,
 * never by asking the parser, so that a parser bug cannot hide itself by filtering its own input.
 *
 * <p>The score's line is left {@code null}: where it falls depends on the layout, so the property
 * places it once the head is written.
 */
final class RepresentableReviews {

    private RepresentableReviews() {}

    private static final String[] PLAIN_WORDS = {
        "the", "a", "film", "show", "cast", "plot", "twist", "ending", "music", "scene", "night", "city",
        "story", "pace", "camera", "you", "love", "slow", "burn", "quiet", "loud", "sharp", "funny", "dark",
        "brilliant", "uneven", "cello", "bus", "ghost", "heist", "season", "episode", "finale", "director",
        "is", "not", "worth", "watching", "if", "and", "but", "with", "too", "very", "never", "always",
        "score", "rating", "summary", "pros", "cons", "verdict", "grade", "stars", "out", "of", "thumbs", "up"};

    /** Awkward but comma-free and with no blank at either end, so also usable in captions. */
    private static final String[] AWKWARD_WORDS = {
        "“quoted”", "‘single’", "don’t", "it's", "café", "naïve", "Zoë", "Ångström", "façade", "Ōkami",
        "🎬", "🍿", "👨‍👩‍👧", "🇯🇵", "👍🏽", "千と千尋", "映画", "기생충", "Привет", "Ελληνικά", "עברית", "العربية",
        "<b>bold</b>", "<i>", "</p>", "&amp;", "<script>alert(1)</script>", "10:30", "Note:", "50%", "7/10",
        "4.5", "#1", "½", "★★", "—", "–", "(aside)", "[sic]", "e.g.", "C'est", "$5", "€10", "@handle",
        "x\u200By", "M*A*S*H", "snake_case", "back\\slash", "100%", "3am", "2026"};

    /** Outside the Basic Multilingual Plane: two UTF-16 chars per code point, flags and skin tones two code points. */
    private static final String[] EMOJI = {"🎬", "🍿", "🚌", "🌃", "🇯🇵", "👍🏽"};

    /** Words that carry a comma, for text where commas are allowed. */
    private static final String[] COMMA_WORDS = {"one,", "a,b", "yes, no", "1,000", "“well,”", "1,5/10"};

    /** Blanks between words: mostly a space, sometimes what pasted text carries. */
    private static final String[] INNER_BLANKS = {"\u00A0", "\u202F", "\u2009", "\u3000", "\t", "  "};

    private static final String[] ENDINGS = {".", ".", ".", "!", "?", "…", "?!", ".)", " 🎬", ":", ";", ""};

    private static final String[] TITLES = {
        "The Perfection", "Night Bus", "Amélie", "千と千尋の神隠し", "기생충", "Léon: The Professional",
        "Mission: Impossible", "Kill Bill: Vol. 1", "Star Wars: Episode IV – A New Hope", "WALL·E",
        "Crème <b>brûlée</b>", "100% Wolf", "M*A*S*H", "(500) Days of Summer", "'71", "Ψ 🎬", "Être et avoir",
        "Airplane!", "What About Bob?", "Mother!", "Se7en", "Score", "The Verdict", "Pros and Cons", "Not",
        "Is It Cake", "Summary of a Night", "Dr. Strangelove or: How I Learned to Stop Worrying",
        "Schitt’s Creek", "“Weird” Al", "Ça", "Roma", "Who’s Afraid of Virginia Woolf?", "9½ Weeks",
        "Das Boot", "Spider-Man: No Way Home", "Léon\u00A0: l’étrange", "Up  Close", "-ish", "*batteries not included", "Cons"};

    /** Titles a first-line caption would split: the headline or the label must name them. */
    private static final String[] COMMA_TITLES = {
        "Crouching Tiger, Hidden Dragon", "The Good, the Bad and the Ugly", "Love, Death & Robots",
        "Hello, World", "Three Billboards Outside Ebbing, Missouri", "Sex, Lies, and Videotape"};

    private static final String[] ADJECTIVES = {"Quiet", "Last", "Paper", "Broken", "Golden", "Hidden", "Northern", "Über"};
    private static final String[] NOUNS = {"Lanterns", "Ferry", "Harbour", "Garden", "Signal", "Winter", "Cellist", "Ghosts"};

    private static final String[] PLATFORMS = {
        "Netflix", "Netflix Original", "BBC Three", "Prime Video", "Disney+", "Apple TV+", "Cinema release",
        "Crunchyroll 🍥", "ＮＨＫ", "Канал 1", "<i>Mubi</i>", "Hulu (US)", "HBO Max: Europe", "Channel 4 @ 9pm",
        "Kino «Lumière»", "50% off on Tubi", "DVD/Blu-ray", "Arte\u00A0France"};

    private static final String[] CAPTION_TEXTS = {
        "Cello concert", "nude scene", "The lake at dawn", "Scene 2: the heist", "“Here’s Johnny”", "湯屋 🛁",
        "Top deck at 3am", "50% of the cast", "<b>bold</b> moment", "Act 1 (finale)", "Zoë on the roof",
        "the ‘twist’", "ending ★★★", "Sc. 4 — the ferry"};

    /** Score texts across the grammar of ScoreText, written as a writer would (single spaces). */
    private static final String[] SCORES = {
        "60%", "7,5/10", "★★★½", "B+", "4/5 stars", "thumbs up", "thumbs down", "82", "3.5 stars", "4 out of 5",
        "A−", "☆☆☆", "12/10", "−1/10", "10/10", "0%", "100 %", "9.5/10", "C", "½", "Thumbs Up", "4 ⁄ 5", "8/10 stars"};

    /** Writer labels that do not carry on a score's notation (no leading "stars", "%", "/", "out of"). */
    private static final String[] LABELS = {
        "CHILLIN", "BINGE IT", "SKIP IT", "MEH", "MUST WATCH 🔥", "Worth a look", "ÇA VA", "最高", "<b>YES</b>",
        "10/10 FOR STYLE", "A+ CAST", "50% FUN, 50% CRINGE", "HOT: TAKE", "★ PICK", "wait for streaming", "B-"};

    /** Scores outside the grammar: kept whole as the score text, so they can have no label. */
    private static final String[] UNGRAMMATICAL_SCORES = {"ten", "great!", "n/a", "five out of ten"};

    /** Starts that make an item look like other syntax; an item is a bullet whatever it says. */
    private static final String[] ITEM_STARTS = {
        "- ", "• ", "* ", "– ", "score: ", "Summary: ", "In one sentence: ", "Pros: ", "Cons ", "1. ", "#2 ", "“"};

    /** Body lines that look like head syntax; the head is over, so they are body text. */
    private static final String[] BODY_LOOKALIKES = {
        "score: 10/10 would watch again.", "Rating: B+", "Pros:", "Cons", "Is ‘it’ worth watching?",
        "It is worth watching if:", "- a dash", "• a bullet", "Verdict: guilty."};

    private static final String[] SUMMARY_KEYS = {"Summary: ", "In one sentence: ", "Story summary: "};

    private static final String[][] QUOTES = {{"‘", "’"}, {"'", "'"}, {"\"", "\""}, {"“", "”"}, {"«", "»"}, {"", ""}};

    static Review next(SplittableRandom r) {
        String title = title(r);
        List<Caption> captions = captions(r, title);
        boolean captionNamesTitle = !captions.isEmpty() && captions.get(0).work().equals(title) && title.indexOf(',') < 0;
        String headline = r.nextInt(4) == 0 ? null : headline(r, title, captionNamesTitle);
        List<String> worth = items(r);
        List<String> notWorth = items(r);
        if (!captionNamesTitle && headline == null && worth.isEmpty()) {
            // Nothing else would name the work: give it the headline a writer would.
            headline = headline(r, title, false);
        }
        String summary = r.nextInt(4) == 0 ? null : sentence(r, 2, 16);
        return new Review(SourceFormat.TEXT, title, captions.isEmpty() ? null : captions.get(0).platform(),
                captions, headline, worth, notWorth, items(r), items(r), score(r), summary, body(r, summary != null));
    }

    private static String title(SplittableRandom r) {
        return switch (r.nextInt(6)) {
            case 0 -> pick(r, COMMA_TITLES);
            case 1 -> "The " + pick(r, ADJECTIVES) + " " + pick(r, NOUNS) + (r.nextBoolean() ? "" : " " + pick(r, AWKWARD_WORDS));
            default -> pick(r, TITLES);
        };
    }

    private static List<Caption> captions(SplittableRandom r, String title) {
        int n = r.nextInt(5) == 0 ? 0 : 1 + r.nextInt(3);
        List<Caption> captions = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String work = r.nextInt(6) == 0 ? otherCase(title) : title;
            String text = switch (r.nextInt(6)) {
                case 0 -> null;
                case 1 -> captionWords(r);
                case 2 -> r.nextInt(3) == 0 ? longCaption(r) : pick(r, CAPTION_TEXTS);
                default -> pick(r, CAPTION_TEXTS);
            };
            captions.add(new Caption(work, pick(r, PLATFORMS), text));
        }
        return captions;
    }

    /** The title in another case, as a writer might caption it; only where case mapping keeps the length (ASCII). */
    private static String otherCase(String title) {
        boolean ascii = title.chars().allMatch(c -> c < 0x80);
        return ascii ? title.toUpperCase(Locale.ROOT) : title;
    }

    /** 2–7 comma-free words; never ends in closing punctuation, which would make the line a sentence. */
    private static String captionWords(SplittableRandom r) {
        StringBuilder s = new StringBuilder(word(r));
        for (int n = r.nextInt(6); n > 0; n--) {
            s.append(' ').append(word(r));
        }
        return s.append(' ').append(pick(r, PLAIN_WORDS)).toString();
    }

    /**
     * A caption close to the 120-character limit on a caption part, counted as the limits are,
     * in code points: emoji are two UTF-16 chars each.
     */
    private static String longCaption(SplittableRandom r) {
        int target = 100 + r.nextInt(21);
        StringBuilder s = new StringBuilder("Long shot");
        while (true) {
            String w = r.nextBoolean() ? pick(r, PLAIN_WORDS) : pick(r, EMOJI);
            if (codePoints(s) + 1 + codePoints(w) + 4 > target) {
                break;
            }
            s.append(' ').append(w);
        }
        return s.append(" end").toString();
    }

    private static int codePoints(CharSequence s) {
        return Character.codePointCount(s, 0, s.length());
    }

    private static String word(SplittableRandom r) {
        return r.nextInt(3) == 0 ? pick(r, AWKWARD_WORDS) : pick(r, PLAIN_WORDS);
    }

    private static String headline(SplittableRandom r, String title, boolean anySubject) {
        if (anySubject && r.nextInt(5) == 0) {
            return "Is it worth watching?"; // the caption names the work, so the headline need not
        }
        String[] q = QUOTES[r.nextInt(QUOTES.length)];
        String is = pick(r, new String[] {"Is", "is", "IS"});
        String tail = r.nextInt(5) == 0 ? "WORTH WATCHING?" : "worth watching?";
        return is + blank(r) + q[0] + title + q[1] + blank(r) + tail;
    }

    /** A space, now and then another blank: the headline is kept as written. */
    private static String blank(SplittableRandom r) {
        return r.nextInt(6) == 0 ? pick(r, INNER_BLANKS) : " ";
    }

    /** 0–6 items, empty lists often enough to exercise the layout around them. */
    private static List<String> items(SplittableRandom r) {
        int n = r.nextInt(4) == 0 ? 0 : r.nextInt(7);
        List<String> items = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String item = sentence(r, 1, 12);
            items.add(r.nextInt(8) == 0 ? pick(r, ITEM_STARTS) + item : item);
        }
        return items;
    }

    private static RawScore score(SplittableRandom r) {
        if (r.nextInt(20) == 0) {
            return new RawScore(pick(r, UNGRAMMATICAL_SCORES), null, null);
        }
        return new RawScore(pick(r, SCORES), r.nextInt(5) < 2 ? null : pick(r, LABELS), null);
    }

    /** 1–6 paragraphs of 1–4 sentences; sometimes with soft line breaks, or a line that looks like syntax. */
    private static List<String> body(SplittableRandom r, boolean hasSummary) {
        int n = 1 + r.nextInt(6);
        List<String> paragraphs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            StringBuilder p = new StringBuilder();
            String lineBreak = r.nextInt(5) == 0 ? "\n" : " ";
            for (int s = 1 + r.nextInt(4); s > 0; s--) {
                if (p.length() > 0) {
                    p.append(lineBreak);
                }
                int kind = r.nextInt(12);
                if (kind == 0) {
                    p.append(pick(r, BODY_LOOKALIKES));
                } else if (kind == 1 && hasSummary) {
                    // Only once the summary is read is a second summary key plain body text.
                    p.append(pick(r, SUMMARY_KEYS)).append(sentence(r, 1, 8));
                } else {
                    p.append(sentence(r, 3, 20));
                }
            }
            paragraphs.add(p.toString());
        }
        return paragraphs;
    }

    /**
     * minWords to maxWords words, some with commas, then a closing mark or none. Never starts or
     * ends with a blank; inside, a blank is now and then one that pasted text carries.
     */
    private static String sentence(SplittableRandom r, int minWords, int maxWords) {
        int n = minWords + r.nextInt(maxWords - minWords + 1);
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                s.append(r.nextInt(10) == 0 ? pick(r, INNER_BLANKS) : " ");
            }
            s.append(r.nextInt(10) == 0 ? pick(r, COMMA_WORDS) : word(r));
        }
        return s.append(pick(r, ENDINGS)).toString();
    }

    private static String pick(SplittableRandom r, String[] choices) {
        return choices[r.nextInt(choices.length)];
    }
}
