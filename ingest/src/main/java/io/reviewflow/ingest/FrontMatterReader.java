package io.reviewflow.ingest;

import io.reviewflow.domain.Outcome;
import io.reviewflow.domain.Problem;
import io.reviewflow.domain.RejectionReason;
import io.reviewflow.domain.ScoreText;
import java.util.Comparator;
import java.util.List;

/**
 * Finds and reads the front matter that static-site generators and CMS exports put at the top of a
 * Markdown document: YAML between {@code ---} lines (Jekyll, Hugo, Astro, Ghost), or TOML between
 * {@code +++} lines (Hugo). Only the first line of a document can open it, so a {@code ---} further
 * down is a thematic break, as in CommonMark. See DOCUMENT-FORMATS.md for the keys read.
 */
final class FrontMatterReader {

    /**
     * The longest front matter read, in code points. A CMS export's front matter is a few hundred
     * bytes to a few KiB; this leaves ample room and keeps the parse of a hostile block short
     * (BoundedWorkTest).
     */
    static final int MAX_CHARS = 32 * 1024;

    private enum Fence {
        YAML("---", "..."),
        TOML("+++", "+++");

        final String open;
        final String altClose;

        Fence(String open, String altClose) {
            this.open = open;
            this.altClose = altClose;
        }

        static Fence opening(String line) {
            for (Fence fence : values()) {
                if (isFence(line, fence.open)) {
                    return fence;
                }
            }
            return null;
        }

        /** YAML may also end at its document end marker {@code ...}, as Jekyll accepts. */
        boolean closes(String line) {
            return isFence(line, open) || isFence(line, altClose);
        }

        /** The marker at the start of the line, only blanks after it (editors leave trailing blanks). */
        private static boolean isFence(String line, String marker) {
            return line.startsWith(marker) && Whitespace.isBlank(line.substring(marker.length()));
        }
    }

    private final int maxChars;
    private final YamlFrontMatter yaml;

    /** @param maxDocumentBytes the document limit: front matter is part of the document, so never longer */
    FrontMatterReader(int maxDocumentBytes) {
        this.maxChars = Math.min(MAX_CHARS, maxDocumentBytes);
        this.yaml = new YamlFrontMatter(maxChars);
    }

    /** Whether a document whose first line is {@code firstLine} opens with front matter. */
    static boolean opensFrontMatter(String firstLine) {
        return Fence.opening(firstLine) != null;
    }

    /** The front matter of a document split into lines, {@link FrontMatter#NONE} when it has none. */
    Outcome<FrontMatter> read(List<String> lines) {
        Fence fence = lines.isEmpty() ? null : Fence.opening(lines.get(0));
        if (fence == null) {
            return Outcome.accepted(FrontMatter.NONE);
        }
        int close = 1;
        while (close < lines.size() && !fence.closes(lines.get(close))) {
            close++;
        }
        if (close == lines.size()) {
            return Outcome.rejected(Problem.atLine(RejectionReason.MALFORMED_DOCUMENT, 1,
                    "the front matter opened here is never closed: end it with a line '" + fence.open
                            + "' before the review starts"));
        }
        String block = String.join("\n", lines.subList(1, close));
        int chars = block.codePointCount(0, block.length());
        if (chars > maxChars) {
            return Outcome.rejected(Problem.atLine(RejectionReason.FIELD_TOO_LONG, 1,
                    "the front matter (lines 1 to " + (close + 1) + ") is " + chars
                            + " characters long; the limit is " + maxChars + ": shorten it"));
        }
        Outcome<List<FrontMatterEntry>> entries = fence == Fence.YAML
                ? yaml.entries(block, 2, 1)
                : TomlFrontMatter.entries(block, 2);
        int lastLine = close + 1;
        return entries.then(e -> new Fields(lastLine).read(e));
    }

    /** Picks the keys the pipeline uses out of the entries; every other key is ignored. */
    private static final class Fields {
        private final int lastLine;
        private Located<String> title;
        private Located<String> platform;
        private Located<String> summary;
        private Located<String> score;
        private Located<String> scoreLabel;
        private Located<String> writerLabel;
        private Problem problem;

        Fields(int lastLine) {
            this.lastLine = lastLine;
        }

        Outcome<FrontMatter> read(List<FrontMatterEntry> entries) {
            List<FrontMatterEntry> inOrder = entries.stream().sorted(Comparator.comparingInt(FrontMatterEntry::line)).toList();
            for (FrontMatterEntry entry : inOrder) {
                if (problem != null) {
                    break;
                }
                switch (entry.key()) {
                    case "title" -> title = text(entry);
                    case "platform" -> platform = text(entry);
                    case "summary" -> summary = text(entry);
                    case "score", "rating" -> readScore(entry);
                    case "writerLabel" -> writerLabel = text(entry);
                    default -> { } // date, tags, slug, draft, layout …: not the review's
                }
            }
            if (problem == null) {
                problem = FrontMatter.labelConflict(scoreLabel, writerLabel);
            }
            if (problem != null) {
                return Outcome.rejected(problem);
            }
            Located<String> label = writerLabel != null ? writerLabel : scoreLabel;
            return Outcome.accepted(new FrontMatter(lastLine, title, platform, score, label, summary));
        }

        /** {@code rating: 4/5 BINGE IT} or {@code score: …}: both keys are common; saying two things is not. */
        private void readScore(FrontMatterEntry entry) {
            Located<String> value = text(entry);
            if (value == null) {
                return;
            }
            ScoreText.Split split = ScoreText.split(value.value());
            Located<String> text = Located.at(split.score(), entry.line());
            Located<String> label = split.label() == null ? null : Located.at(split.label(), entry.line());
            problem = FrontMatter.textConflict("the score", score, text);
            if (problem == null) {
                problem = FrontMatter.labelConflict(scoreLabel, label);
            }
            score = score != null ? score : text;
            scoreLabel = scoreLabel != null ? scoreLabel : label;
        }

        /** One line of text: a string or a number as written; blank or null means the key says nothing. */
        private Located<String> text(FrontMatterEntry entry) {
            if (entry.shape() != null) {
                problem = Problem.atLine(RejectionReason.MALFORMED_DOCUMENT, entry.line(),
                        "front matter key '" + entry.key() + "' must be text, not " + entry.shape());
                return null;
            }
            if (entry.text() == null) {
                return null;
            }
            String value = Whitespace.collapse(TextNormaliser.normalise(entry.text()));
            return value.isEmpty() ? null : Located.at(value, entry.line());
        }
    }
}
