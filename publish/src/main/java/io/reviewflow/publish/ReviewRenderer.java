package io.reviewflow.publish;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import io.reviewflow.domain.AssessedReview;
import io.reviewflow.domain.Caption;
import io.reviewflow.domain.ComputedVerdict;
import io.reviewflow.domain.Review;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Renders a scored review as an HTML fragment, Markdown and JSON-LD: the renderings a published event
 * carries. The page a site serves is assembled from the event by {@link ReviewPage}.
 *
 * <p>Review text is untrusted. In HTML every writer string goes through the template engine's escaping
 * ({@code {{x}}}, which escapes {@code & < > " ' ` =}); the one unescaped insertion is the JSON-LD, which is
 * script-safe by construction (see {@link ScriptSafeEscapes}). Markdown escaping is {@link MarkdownText}'s.
 *
 * <p>Optional text that is absent or blank is left out, and so is a list section with no items. Dates are
 * shown in UTC.
 *
 * <p>Thread-safe: templates and the JSON mapper are built once, in the constructor; build one renderer
 * and share it.
 */
public final class ReviewRenderer {

    static final DateTimeFormatter DISPLAY_DATE =
            DateTimeFormatter.ofPattern("d MMMM uuuu", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private final Mustache article;
    private final ReviewJsonLd jsonLd = new ReviewJsonLd();

    public ReviewRenderer() {
        DefaultMustacheFactory templates = Templates.factory();
        this.article = templates.compile("article.mustache");
    }

    public RenderedReview render(AssessedReview review, PublicationInfo info) {
        Objects.requireNonNull(review, "review");
        Objects.requireNonNull(info, "info");
        ArticleView view = view(review, info);
        String json = jsonLd.render(review, info);
        // Buffers sized from what the writer wrote (the article is ~2x its text in markup and escapes),
        // so neither grows nor wastes much: a review at a time, thousands a second.
        int text = textLength(review.review());
        String fragment = Templates.execute(article, view, 2 * text + 4 * 1024);
        return new RenderedReview(fragment, ReviewMarkdown.render(view), json);
    }

    private static int textLength(Review review) {
        int length = review.title().length() + length(review.headline()) + length(review.summary());
        for (String paragraph : review.body()) {
            length += paragraph.length();
        }
        for (List<String> items : List.of(review.pros(), review.cons(), review.worthWatchingIf(), review.notWorthWatchingIf())) {
            for (String item : items) {
                length += item.length();
            }
        }
        return length;
    }

    private static int length(String text) {
        return text == null ? 0 : text.length();
    }

    static ArticleView view(AssessedReview scored, PublicationInfo info) {
        Review review = scored.review();
        ComputedVerdict verdict = scored.verdict();
        List<ArticleView.Figure> figures = new ArrayList<>(review.captions().size());
        for (Caption caption : review.captions()) {
            figures.add(new ArticleView.Figure(caption.work(), present(caption.platform()), present(caption.caption())));
        }
        List<ArticleView.Section> sections = new ArrayList<>(4);
        addSection(sections, "worth-watching-if", "Worth watching if", review.worthWatchingIf());
        addSection(sections, "not-worth-watching-if", "Not worth watching if", review.notWorthWatchingIf());
        addSection(sections, "pros", "Pros", review.pros());
        addSection(sections, "cons", "Cons", review.cons());
        String writerLabel = present(verdict.writerLabel());
        ArticleView.Score score = new ArticleView.Score(
                scored.score().display(),
                ScoreBand.of(scored.score().display()).cssClass(),
                scored.score().raw(),
                verdict.label(),
                verdict.scaleName(),
                writerLabel,
                // A mismatch with no label to show would be a note about nothing.
                verdict.labelMismatch() && writerLabel != null);
        return new ArticleView(
                review.title(),
                present(review.headline()),
                present(review.platform()),
                List.copyOf(figures),
                List.copyOf(sections),
                score,
                present(review.summary()),
                review.body(),
                info.writerId(),
                info.revision(),
                date(info.publishedAt()));
    }

    static ArticleView.Date date(Instant instant) {
        return new ArticleView.Date(instant.toString(), DISPLAY_DATE.format(instant));
    }

    private static void addSection(List<ArticleView.Section> sections, String id, String heading, List<String> items) {
        if (!items.isEmpty()) {
            sections.add(new ArticleView.Section(id, heading, items));
        }
    }

    static String present(String text) {
        return text == null || text.isBlank() ? null : text;
    }
}
