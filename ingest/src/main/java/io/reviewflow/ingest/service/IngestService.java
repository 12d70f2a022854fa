package io.reviewflow.ingest.service;

import io.reviewflow.avro.ReviewSubmission;
import io.reviewflow.contract.ReviewContract;
import io.reviewflow.ingest.DocumentParser;
import io.reviewflow.ingest.IngestLimits;
import io.reviewflow.runtime.ServiceMain;
import io.reviewflow.runtime.StageService;
import io.reviewflow.runtime.StageSettings;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/** The ingest service: {@code reviews.submitted} to {@code reviews.ingested}, dead letters to {@code reviews.rejected}. */
public final class IngestService {

    /** The limits a deployment may change, as service options (and REVIEWFLOW_* variables); public for configuration checks. */
    public static final Map<String, String> LIMIT_OPTIONS = limitOptions();

    private IngestService() {}

    public static StageService<ReviewSubmission> create(StageSettings settings, IngestLimits limits) {
        return new StageService<>(new IngestStage(new DocumentParser(limits), Clock.systemUTC()), settings,
                ReviewContract.create(settings.kafka()));
    }

    public static int run(String[] args) {
        return ServiceMain.run("ingest", args, LIMIT_OPTIONS,
                (settings, extra) -> create(settings, limits(extra)), System.err);
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** The defaults, with any limit given as an option replaced; a malformed or non-positive value stops start-up. */
    static IngestLimits limits(Map<String, String> options) {
        IngestLimits d = IngestLimits.defaults();
        return new IngestLimits(
                intOption(options, "max-document-bytes", d.maxDocumentBytes()),
                intOption(options, "max-title-chars", d.maxTitleChars()),
                intOption(options, "max-item-chars", d.maxItemChars()),
                intOption(options, "max-paragraph-chars", d.maxParagraphChars()),
                intOption(options, "max-list-items", d.maxListItems()),
                intOption(options, "max-paragraphs", d.maxParagraphs()));
    }

    private static int intOption(Map<String, String> options, String name, int fallback) {
        String value = options.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a whole number, got '" + value + "'");
        }
    }

    private static Map<String, String> limitOptions() {
        IngestLimits d = IngestLimits.defaults();
        Map<String, String> options = new LinkedHashMap<>();
        options.put("max-document-bytes", "largest document accepted, in bytes (default " + d.maxDocumentBytes() + ")");
        options.put("max-title-chars", "longest title or platform (default " + d.maxTitleChars() + ")");
        options.put("max-item-chars", "longest point, caption, headline, summary or score (default " + d.maxItemChars() + ")");
        options.put("max-paragraph-chars", "longest body paragraph (default " + d.maxParagraphChars() + ")");
        options.put("max-list-items", "most entries in one list (default " + d.maxListItems() + ")");
        options.put("max-paragraphs", "most body paragraphs (default " + d.maxParagraphs() + ")");
        return Map.copyOf(options);
    }
}
