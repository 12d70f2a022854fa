package io.reviewflow.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every writer-supplied field carries each hostile payload; every rendered form must keep it as text. */
class UntrustedTextTest {

    private static final ReviewRenderer RENDERER = new ReviewRenderer();
    private static final Parser MARKDOWN = Parser.builder().build();
    private static final HtmlRenderer MARKDOWN_HTML = HtmlRenderer.builder().build();

    static List<String> payloads() {
        return XssCorpus.payloadsAndAll();
    }

    private static RenderedReview render(String payload) {
        return RENDERER.render(ReviewFixtures.withEveryField(payload), ReviewFixtures.info(payload));
    }

    /** The page a site assembles from the event of a review with {@code payload} in every writer-supplied field. */
    private static String page(String payload) {
        return SitePages.pageOf(ReviewFixtures.withEveryField(payload), ReviewFixtures.info(payload));
    }

    @ParameterizedTest
    @MethodSource("payloads")
    void pageNeverContainsTheRawPayload(String payload) {
        RenderedReview rendering = render(payload);
        String page = page(payload);
        String script = "<script type=\"application/ld+json\">" + rendering.jsonLd() + "</script>";
        assertTrue(page.contains(script), "the JSON-LD is embedded verbatim");
        // The script-safe JSON may hold quotes and '=' (inert there); everything else is HTML.
        String html = page.replace(script, "");
        if (containsHtmlSignificant(payload)) {
            assertFalse(html.contains(payload), "raw payload in page");
        }
        for (String raw : List.of("alert(1)</script>", "<img", "<svg", "onerror=", "onload=", "onmouseover=",
                "<!--", "<style>body", "'alert", "\"><svg")) {
            assertFalse(html.contains(raw), raw);
        }
        if (payload.equals("&lt;")) {
            assertTrue(html.contains("<h1>&amp;lt;</h1>"), "a writer's entity is shown, not decoded");
        }
        if (payload.equals("{{title}}")) {
            assertTrue(html.contains("<h1>{{title}}</h1>"), "template syntax in writer text is not expanded");
        }
    }

    @ParameterizedTest
    @MethodSource("payloads")
    void pageHasOnlyItsOwnElementsAndTheJsonLdScript(String payload) {
        Document page = Jsoup.parse(page(payload));
        assertEquals(1, page.select("script").size());
        Element script = page.selectFirst("script");
        assertEquals("application/ld+json", script.attr("type"));
        assertFalse(script.data().contains("<"), "no '<' inside the script element");
        assertEquals(1, page.select("style").size(), "only the page's own style element");
        assertTrue(page.select("img, svg, iframe, object, embed, a[href^=javascript], form, base").isEmpty());
        assertNoEventHandlers(page);
        assertEquals(1, page.select("h1").size());
        // The payload survives as exactly the text the writer typed: neither lost nor double-escaped.
        assertEquals(oneLine(payload), page.selectFirst("h1").text());
        assertEquals(oneLine(payload), page.selectFirst(".rf-author").text());
        assertEquals(4, page.select(".rf-sections ul").size());
        for (Element item : page.select(".rf-sections li")) {
            assertTrue(item.text().contains(oneLine(payload)), item.text());
        }
        assertEquals(payload.strip().isEmpty() ? 0 : 1, page.select(".rf-mismatch").size());
    }

    @ParameterizedTest
    @MethodSource("payloads")
    void fragmentHasNoScriptAndKeepsThePayloadAsText(String payload) {
        String fragment = render(payload).htmlFragment();
        if (containsHtmlSignificant(payload)) {
            assertFalse(fragment.contains(payload), "raw payload in fragment");
        }
        Document doc = Jsoup.parseBodyFragment(fragment);
        assertEquals(1, doc.body().childrenSize(), "one root element");
        assertEquals("article", doc.body().child(0).tagName());
        assertTrue(doc.select("script, style, img, svg, iframe").isEmpty());
        assertNoEventHandlers(doc);
        assertEquals(oneLine(payload), doc.selectFirst("h1").text());
        for (Element caption : doc.select("figcaption cite")) {
            assertTrue(caption.text().contains(oneLine(payload)));
        }
    }

    @ParameterizedTest
    @MethodSource("payloads")
    void jsonLdRoundTripsEveryStringAndHasNoRawAngleBrackets(String payload) {
        String json = render(payload).jsonLd();
        assertEquals(-1, json.indexOf('<'));
        assertEquals(-1, json.indexOf('>'));
        assertEquals(-1, json.indexOf('&'));
        JsonNode ld = ReviewRendererTest.read(json);
        assertEquals(payload, ld.get("name").asText());
        assertEquals(payload, ld.at("/itemReviewed/name").asText());
        assertEquals(payload, ld.at("/author/name").asText());
        assertEquals(payload, ld.get("description").asText());
        assertEquals(String.join("\n\n", payload, "before " + payload + " after", payload + payload),
                ld.get("reviewBody").asText());
        assertEquals(payload, ld.at("/positiveNotes/itemListElement/0/name").asText());
        assertEquals("before " + payload + " after", ld.at("/negativeNotes/itemListElement/1/name").asText());
    }

    @ParameterizedTest
    @MethodSource("payloads")
    void markdownHasNoRawAngleBracketAndConvertsToPlainText(String payload) {
        String markdown = render(payload).markdown();
        assertEquals(-1, markdown.indexOf('<'), markdown);
        assertEquals(-1, markdown.indexOf('>'), markdown);

        // What a downstream CommonMark converter makes of it: only the house structure, and the text.
        String html = MARKDOWN_HTML.render(MARKDOWN.parse(markdown));
        Document doc = Jsoup.parseBodyFragment(html);
        assertTrue(doc.select("a, img, script, style, svg, div, code, h3, h4, blockquote, ol, table").isEmpty(), html);
        assertNoEventHandlers(doc);
        assertEquals(1, doc.select("h1").size(), html);
        assertEquals(markdownLine(payload), doc.selectFirst("h1").text());
        List<String> headings = doc.select("h2").eachText();
        assertEquals(List.of("Worth watching if", "Not worth watching if", "Pros", "Cons", "Summary", "Review",
                "Images"), headings);
        for (Element list : doc.select("ul")) {
            for (Element item : list.children()) {
                assertTrue(item.text().contains(markdownLine(payload)), item.text());
                assertTrue(item.select("ul, ol").isEmpty(), "no nested list from writer text");
            }
        }
        List<String> paragraphs = new ArrayList<>(doc.select("h2:contains(Review) ~ p").eachText());
        assertTrue(paragraphs.contains(markdownLine(payload)), paragraphs.toString());
    }

    private static boolean containsHtmlSignificant(String payload) {
        return payload.chars().anyMatch(c -> c == '<' || c == '>' || c == '"' || c == '\'' || c == '&');
    }

    /** The text as jsoup reports it: runs of HTML white space collapse to one space. */
    private static String oneLine(String text) {
        return text.replaceAll("[ \\t\\n\\r\\f]+", " ").strip();
    }

    /** The text as the Markdown form carries it: every run of white space, line separators too, is one space. */
    private static String markdownLine(String text) {
        return text.strip().replaceAll("[\\s\\u2028\\u2029]+", " ");
    }

    private static void assertNoEventHandlers(Document doc) {
        for (Element element : doc.getAllElements()) {
            for (Attribute attribute : element.attributes()) {
                assertFalse(attribute.getKey().toLowerCase().startsWith("on"), element.outerHtml());
                if (List.of("href", "src", "action", "formaction", "srcset", "data", "poster").contains(attribute.getKey())) {
                    assertFalse(attribute.getValue().toLowerCase().contains("javascript:"), element.outerHtml());
                }
            }
        }
    }
}
