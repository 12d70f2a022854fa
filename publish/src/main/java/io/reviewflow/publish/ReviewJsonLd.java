package io.reviewflow.publish;

import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reviewflow.domain.AssessedReview;
import io.reviewflow.domain.Caption;
import io.reviewflow.domain.Review;
import java.time.ZoneOffset;
import java.util.List;
import java.util.regex.Pattern;

/**
 * schema.org {@code Review} JSON-LD for a scored review, in script-safe form (see {@link ScriptSafeEscapes}).
 *
 * <p>The JSON is built as a Jackson tree rather than by binding classes, so there is no per-call
 * reflection and no polymorphic typing anywhere.
 *
 * <p>The reviewed work is a {@code Movie} unless its identifying text says it is a series: a whole-word
 * "series", "miniseries", "season(s)" or "episode(s)", in any case, in the title, the platform, the
 * headline, or any image caption (work, platform or caption). Summary and body are not consulted, since a
 * film review's prose may well say "this season's best thriller". The documents carry no explicit type, so
 * this is a hint, not a fact; Movie is the safer default for this house.
 */
final class ReviewJsonLd {

    private static final Pattern SERIES_HINT = Pattern.compile(
            "\\b(?:mini-?series|series|seasons?|episodes?)\\b",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.UNICODE_CHARACTER_CLASS);

    private final ObjectMapper mapper = JsonMapper.builder(
                    new JsonFactoryBuilder().characterEscapes(new ScriptSafeEscapes()).build())
            .build();
    private final JsonNodeFactory nodes = JsonNodeFactory.instance;

    String render(AssessedReview scored, PublicationInfo info) {
        Review review = scored.review();
        ObjectNode root = nodes.objectNode();
        root.put("@context", "https://schema.org");
        root.put("@type", "Review");
        root.put("name", review.headline() != null ? review.headline() : review.title());

        ObjectNode item = root.putObject("itemReviewed");
        item.put("@type", looksLikeSeries(review) ? "TVSeries" : "Movie");
        item.put("name", review.title());

        ObjectNode rating = root.putObject("reviewRating");
        rating.put("@type", "Rating");
        rating.put("ratingValue", scored.score().display());
        rating.put("bestRating", 100);
        rating.put("worstRating", 0);
        rating.put("alternateName", scored.verdict().label());

        ObjectNode author = root.putObject("author");
        author.put("@type", "Person");
        author.put("name", info.writerId());

        root.put("datePublished", info.publishedAt().atOffset(ZoneOffset.UTC).toLocalDate().toString());
        if (review.summary() != null) {
            root.put("description", review.summary());
        }
        root.put("reviewBody", String.join("\n\n", review.body()));
        putNotes(root, "positiveNotes", review.pros());
        putNotes(root, "negativeNotes", review.cons());
        try {
            return mapper.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            // A tree of strings and numbers always serialises; anything else is a bug here.
            throw new IllegalStateException("could not write JSON-LD", e);
        }
    }

    /** Pros and cons as the schema.org {@code ItemList}s that search engines read as review pros and cons. */
    private void putNotes(ObjectNode root, String field, List<String> notes) {
        if (notes.isEmpty()) {
            return;
        }
        ObjectNode list = root.putObject(field);
        list.put("@type", "ItemList");
        ArrayNode elements = list.putArray("itemListElement");
        int position = 1;
        for (String note : notes) {
            ObjectNode element = elements.addObject();
            element.put("@type", "ListItem");
            element.put("position", position++);
            element.put("name", note);
        }
    }

    static boolean looksLikeSeries(Review review) {
        if (mentionsSeries(review.title()) || mentionsSeries(review.platform()) || mentionsSeries(review.headline())) {
            return true;
        }
        for (Caption caption : review.captions()) {
            if (mentionsSeries(caption.work()) || mentionsSeries(caption.platform()) || mentionsSeries(caption.caption())) {
                return true;
            }
        }
        return false;
    }

    private static boolean mentionsSeries(String text) {
        return text != null && SERIES_HINT.matcher(text).find();
    }
}
