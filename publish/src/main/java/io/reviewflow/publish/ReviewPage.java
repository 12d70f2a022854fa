package io.reviewflow.publish;

import com.github.mustachejava.Mustache;
import io.reviewflow.avro.PublishedReview;
import io.reviewflow.avro.Rendering;
import java.util.Objects;

/**
 * The complete HTML page of a published review, as a site serves it, assembled from the event:
 * the house layout around the event's fragment, its JSON-LD in the head, and the stylesheet inlined.
 *
 * <p>Events do not carry the page: it repeated the fragment, the JSON-LD and the 4.6 KB stylesheet in
 * every record. Inlining the stylesheet here rather than linking a shared file keeps each page whole
 * on its own (a page opened from disk, or saved, still looks right) and keeps the page's
 * Content-Security-Policy as it is; the cost is paid once per page written, not once per event.
 *
 * <p>The event is input like any other: title and summary are escaped by the template, and the JSON-LD
 * is made script-safe again, which changes nothing in what publish wrote but keeps a forged or corrupt
 * event from closing the script element. The fragment is inserted as publish rendered it (escaped there).
 *
 * <p>Thread-safe: the template is compiled once, in the constructor; build one and share it.
 */
public final class ReviewPage {

    private final Mustache page;

    public ReviewPage() {
        this.page = Templates.factory().compile("page.mustache");
    }

    /** The page of {@code event}, which must not be a tombstone. */
    public String of(PublishedReview event) {
        Objects.requireNonNull(event, "event");
        Rendering rendering = event.getRendering();
        return of(event.getReview().getTitle(), event.getReview().getSummary(),
                rendering.getHtmlFragment(), rendering.getJsonLd());
    }

    String of(String title, String summary, String fragment, String jsonLd) {
        return Templates.execute(page,
                new PageView(title, ReviewRenderer.present(summary), fragment, ScriptSafeEscapes.scriptSafe(jsonLd)),
                fragment.length() + jsonLd.length() + 8 * 1024);
    }

    /**
     * The page template's scope. Two values are inserted unescaped, both publish's output, never raw
     * writer text: {@code articleHtml}, the fragment the article template has already escaped, and
     * {@code jsonLdScriptSafe}, because HTML-escaping would corrupt the JSON (a script element's
     * content is not entity-decoded) and {@link ScriptSafeEscapes} already made it safe there.
     */
    record PageView(String title, String summary, String articleHtml, String jsonLdScriptSafe) {}
}
