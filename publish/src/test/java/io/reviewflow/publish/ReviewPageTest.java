package io.reviewflow.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reviewflow.avro.PublishedReview;
import io.reviewflow.avro.Rendering;
import io.reviewflow.contract.Topics;
import io.reviewflow.schemas.ReleasedSchemas;
import java.util.Arrays;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

/** The page a site assembles from a published event, and what the event carries for it. */
class ReviewPageTest {

    private static final ReviewPage PAGE = new ReviewPage();
    /** The stylesheet's first rule: a page holding it twice would hold this twice. */
    private static final String STYLESHEET_START = "<style>\n:root{";

    private static PublishedReview perfection() {
        return SitePages.eventOf(ReviewFixtures.thePerfection(), ReviewFixtures.info());
    }

    @Test
    void theEventCarriesEachRenderingOnceAndNoPage() {
        Rendering rendering = perfection().getRendering();
        assertEquals("", rendering.getHtmlPage());
        for (String carried : new String[] {rendering.getHtmlFragment(), rendering.getMarkdown(), rendering.getJsonLd()}) {
            assertFalse(carried.contains(STYLESHEET_START), "no stylesheet in the event");
        }
    }

    @Test
    void thePageHoldsTheEventsFragmentJsonLdAndTheStylesheetOnce() {
        PublishedReview event = perfection();
        String page = PAGE.of(event);
        assertTrue(page.contains(event.getRendering().getHtmlFragment()));
        assertTrue(page.contains("<script type=\"application/ld+json\">" + event.getRendering().getJsonLd() + "</script>"));
        assertEquals(page.indexOf(STYLESHEET_START), page.lastIndexOf(STYLESHEET_START));
        assertTrue(page.indexOf(STYLESHEET_START) > 0);
        Document parsed = Jsoup.parse(page);
        assertEquals("The Perfection — review", parsed.title());
        assertEquals(ReviewFixtures.SUMMARY, parsed.selectFirst("meta[name=description]").attr("content"));
    }

    @Test
    void anOlderEventThatStillCarriesAPageGetsTheSamePage() {
        PublishedReview lean = perfection();
        String page = PAGE.of(lean);
        PublishedReview older = PublishedReview.newBuilder(lean)
                .setRendering(Rendering.newBuilder(lean.getRendering()).setHtmlPage(page).build())
                .build();
        assertEquals(page, PAGE.of(older));
    }

    @Test
    void aForgedJsonLdCannotCloseTheScriptElement() {
        PublishedReview lean = perfection();
        String forged = "{\"name\":\"</script><script>alert(1)</script><!--\u2028\"}";
        PublishedReview event = PublishedReview.newBuilder(lean)
                .setRendering(Rendering.newBuilder(lean.getRendering()).setJsonLd(forged).build())
                .build();
        String page = PAGE.of(event);
        assertFalse(page.contains("alert(1)</script>"), "raw script end in the page");
        Document parsed = Jsoup.parse(page);
        assertEquals(1, parsed.select("script").size());
        assertEquals("</script><script>alert(1)</script><!--\u2028",
                ReviewRendererTest.read(parsed.selectFirst("script").data()).path("name").asText());
    }

    /** What a site still on PublishedReview v1 does with the event: reads it, and finds an empty page. */
    @Test
    void aVersionOneReaderReadsTheEventWithAnEmptyPage() throws Exception {
        byte[] bytes = Topics.PUBLISHED.codec().encode(perfection());
        ReleasedSchemas.Version v1 = ReleasedSchemas.versionsOf(PublishedReview.getClassSchema().getFullName()).get(0);
        assertEquals(1, v1.version());
        GenericRecord read = new GenericDatumReader<GenericRecord>(v1.schema()).read(null,
                DecoderFactory.get().binaryDecoder(Arrays.copyOfRange(bytes, 10, bytes.length), null));
        GenericRecord rendering = (GenericRecord) read.get("rendering");
        assertEquals("", rendering.get("htmlPage").toString());
        assertEquals(perfection().getRendering().getHtmlFragment(), rendering.get("htmlFragment").toString());
    }
}
