package io.reviewflow.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reviewflow.domain.AssessedReview;
import io.reviewflow.domain.Caption;
import io.reviewflow.domain.ComputedVerdict;
import io.reviewflow.domain.NormalisedScore;
import io.reviewflow.domain.RawScore;
import io.reviewflow.domain.Review;
import io.reviewflow.domain.ScoreScale;
import io.reviewflow.domain.SourceFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReviewRendererTest {

    private static final ReviewRenderer RENDERER = new ReviewRenderer();
    private static final ObjectMapper JSON = new ObjectMapper();

    private static RenderedReview perfection() {
        return RENDERER.render(ReviewFixtures.thePerfection(), ReviewFixtures.info());
    }

    private static String perfectionPage() {
        return SitePages.pageOf(ReviewFixtures.thePerfection(), ReviewFixtures.info());
    }

    @Nested
    class HtmlPage {

        private final Document page = Jsoup.parse(perfectionPage());

        @Test
        void isACompleteEnglishDocumentWithViewportAndCharset() {
            String html = perfectionPage();
            assertTrue(html.startsWith("<!doctype html>"), "starts with the doctype");
            assertEquals("en", page.selectFirst("html").attr("lang"));
            assertEquals("utf-8", page.selectFirst("meta[charset]").attr("charset"));
            assertTrue(page.selectFirst("meta[name=viewport]").attr("content").contains("width=device-width"));
            assertEquals("The Perfection — review", page.title());
        }

        @Test
        void forbidsScriptExecutionByContentSecurityPolicy() {
            String csp = page.selectFirst("meta[http-equiv=Content-Security-Policy]").attr("content");
            assertTrue(csp.startsWith("default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:"), csp);
            assertFalse(csp.contains("script-src"), "nothing re-enables scripts: " + csp);
        }

        @Test
        void hasExactlyOneH1ForTheTitle() {
            Elements h1 = page.select("h1");
            assertEquals(1, h1.size());
            assertEquals("The Perfection", h1.text());
        }

        @Test
        void showsHeadlinePlatformWriterAndDate() {
            assertEquals("Is ‘The Perfection’ worth watching?", page.selectFirst(".rf-headline").text());
            assertTrue(page.selectFirst(".rf-meta").text().contains("Netflix Original"));
            assertEquals("writer-42", page.selectFirst(".rf-author").text());
            Element time = page.selectFirst("time");
            assertEquals("2019-05-24T18:30:00Z", time.attr("datetime"));
            assertEquals("24 May 2019", time.text());
        }

        @Test
        void rendersTheFourListsAsRealLists() {
            Elements lists = page.select("article ul:not(.rf-meta)");
            assertEquals(4, lists.size());
            assertItems(ReviewFixtures.WORTH_WATCHING_IF, page.select("#worth-watching-if li"));
            assertItems(ReviewFixtures.NOT_WORTH_WATCHING_IF, page.select("#not-worth-watching-if li"));
            assertItems(ReviewFixtures.PROS, page.select("#pros li"));
            assertItems(ReviewFixtures.CONS, page.select("#cons li"));
            assertEquals(List.of("Worth watching if", "Not worth watching if", "Pros", "Cons"),
                    page.select(".rf-sections h2").eachText());
        }

        @Test
        void rendersCaptionsAsFigures() {
            Elements captions = page.select("figure > figcaption");
            assertEquals(2, captions.size());
            assertEquals("The Perfection, Netflix Original: Cello concert", captions.get(0).text());
            assertEquals("The Perfection, Netflix Original: nude scene", captions.get(1).text());
            assertEquals(2, page.select("figure > .rf-placeholder[aria-hidden=true]").size());
            assertTrue(page.select("img").isEmpty(), "there are no images, only placeholders");
        }

        @Test
        void colorsTheBadgeByScoreBand() {
            Element badge = page.selectFirst(".rf-badge");
            assertTrue(badge.hasClass("band-60-74"), badge.className());
            assertEquals("60/100", badge.text());
            assertEquals("CHILLIN", page.selectFirst(".rf-verdict").text());
            assertTrue(page.selectFirst(".rf-writer-label").text().contains("CHILLIN"));
        }

        @Test
        void showsNoMismatchNoteWhenTheLabelsAgree() {
            assertNull(page.selectFirst(".rf-mismatch"));
        }

        @Test
        void rendersSummaryAndFiveBodyParagraphs() {
            assertTrue(page.selectFirst(".rf-summary").text().endsWith(ReviewFixtures.SUMMARY));
            assertEquals(ReviewFixtures.BODY, page.select(".rf-body > p").eachText());
        }

        @Test
        void embedsTheJsonLdAsTheOnlyScript() {
            Elements scripts = page.select("script");
            assertEquals(1, scripts.size());
            assertEquals("application/ld+json", scripts.first().attr("type"));
            assertEquals(perfection().jsonLd(), scripts.first().data());
        }
    }

    @Test
    void showsAVisibleNoteWhenTheWriterLabelDisagrees() {
        AssessedReview review = ReviewFixtures.thePerfection(new ComputedVerdict("CHILLIN", "house", "MUST WATCH", true));
        RenderedReview rendering = RENDERER.render(review, ReviewFixtures.info());
        for (String html : List.of(SitePages.pageOf(review, ReviewFixtures.info()), rendering.htmlFragment())) {
            Element note = Jsoup.parse(html).selectFirst(".rf-mismatch");
            assertNotNull(note);
            assertTrue(note.text().contains("“MUST WATCH”") && note.text().contains("“CHILLIN”"), note.text());
            assertTrue(Jsoup.parse(html).selectFirst(".rf-writer-label").text().contains("MUST WATCH"));
        }
        assertTrue(rendering.markdown().contains("writer's label MUST WATCH"));
        assertTrue(rendering.markdown().contains("differs from the computed verdict"));
    }

    @Test
    void showsNoWriterLabelWhenThereIsNone() {
        AssessedReview review = ReviewFixtures.thePerfection(new ComputedVerdict("CHILLIN", "house", null, false));
        RenderedReview rendering = RENDERER.render(review, ReviewFixtures.info());
        Document page = Jsoup.parse(SitePages.pageOf(review, ReviewFixtures.info()));
        assertNull(page.selectFirst(".rf-writer-label"));
        assertNull(page.selectFirst(".rf-mismatch"));
        assertFalse(rendering.markdown().contains("writer's label"));
    }

    @ParameterizedTest
    @CsvSource({"0, band-0-19", "19, band-0-19", "20, band-20-39", "39, band-20-39", "40, band-40-59",
            "59, band-40-59", "60, band-60-74", "74, band-60-74", "75, band-75-89", "89, band-75-89",
            "90, band-90-100", "100, band-90-100"})
    void badgeBandFollowsTheDisplayScoreNotTheLabel(int score, String band) {
        AssessedReview base = ReviewFixtures.thePerfection(new ComputedVerdict("Fresh", "fresh-rotten", null, false));
        AssessedReview scored = new AssessedReview(
                base.review(), new NormalisedScore(score, score, ScoreScale.PERCENT, score + "%"), base.verdict());
        Element badge = Jsoup.parse(SitePages.pageOf(scored, ReviewFixtures.info())).selectFirst(".rf-badge");
        assertEquals(List.of("rf-badge", band), List.copyOf(badge.classNames()));
    }

    @Test
    void fragmentIsTheArticleAloneWithoutDocumentOrScript() {
        String fragment = perfection().htmlFragment();
        assertTrue(fragment.startsWith("<article"), fragment.substring(0, 40));
        assertTrue(fragment.strip().endsWith("</article>"));
        for (String absent : List.of("<html", "<head>", "<body", "<script", "<style", "<!doctype")) {
            assertFalse(fragment.toLowerCase().contains(absent), absent);
        }
        Document doc = Jsoup.parseBodyFragment(fragment);
        assertEquals(1, doc.body().childrenSize());
        assertEquals(1, doc.select("h1").size());
        assertEquals(4, doc.select("article ul:not(.rf-meta)").size());
        assertEquals(2, doc.select("figcaption").size());
        assertTrue(doc.selectFirst(".rf-badge").hasClass("band-60-74"));
        assertEquals(5, doc.select(".rf-body > p").size());
    }

    @Test
    void leavesOutAbsentOptionalPartsAndEmptySections() {
        Review sparse = new Review(SourceFormat.JSON, "Night Ferry", null, List.of(), " ", List.of(), List.of(),
                List.of("Tense"), List.of(), new RawScore("4/5", null, null), null, List.of("Only paragraph."));
        AssessedReview review = new AssessedReview(sparse, new NormalisedScore(80, 80, ScoreScale.FRACTION, "4/5"),
                new ComputedVerdict("BINGE IT", "house", null, false));
        RenderedReview rendering = RENDERER.render(review, ReviewFixtures.info());
        Document page = Jsoup.parse(SitePages.pageOf(review, ReviewFixtures.info()));
        assertNull(page.selectFirst(".rf-headline"));
        assertNull(page.selectFirst(".rf-summary"));
        assertNull(page.selectFirst(".rf-figures"));
        assertNull(page.selectFirst("meta[name=description]"));
        assertEquals(List.of("Pros"), page.select(".rf-sections h2").eachText());
        assertEquals(2, page.select("ul").size(), "the meta list and the one non-empty section");
        assertFalse(page.selectFirst(".rf-meta").text().contains("Platform"));
        assertFalse(rendering.markdown().contains("## Cons"));
        assertFalse(rendering.markdown().contains("**Platform:**"));
    }

    @Test
    void aCaptionWithoutPlatformDoesNotBorrowTheReviewsPlatform() {
        Review review = new Review(SourceFormat.TEXT, "Jaws", "Cinema", List.of(new Caption("Jaws", null, null)),
                null, List.of(), List.of(), List.of(), List.of(), new RawScore("90%", null, 1), null, List.of());
        String page = SitePages.pageOf(new AssessedReview(review, new NormalisedScore(90, 90, ScoreScale.PERCENT, "90%"),
                new ComputedVerdict("MUST WATCH", "house", null, false)), ReviewFixtures.info());
        assertEquals("Jaws", Jsoup.parse(page).selectFirst("figcaption").text());
    }

    @Nested
    class JsonLd {

        private final JsonNode ld = read(perfection().jsonLd());

        @Test
        void isASchemaOrgReviewOfAMovie() {
            assertEquals("https://schema.org", ld.get("@context").asText());
            assertEquals("Review", ld.get("@type").asText());
            assertEquals("Is ‘The Perfection’ worth watching?", ld.get("name").asText());
            assertEquals("Movie", ld.at("/itemReviewed/@type").asText());
            assertEquals("The Perfection", ld.at("/itemReviewed/name").asText());
        }

        @Test
        void carriesRatingAuthorDateAndText() {
            assertEquals("Rating", ld.at("/reviewRating/@type").asText());
            assertEquals(60, ld.at("/reviewRating/ratingValue").intValue());
            assertTrue(ld.at("/reviewRating/ratingValue").isInt());
            assertEquals(100, ld.at("/reviewRating/bestRating").intValue());
            assertEquals(0, ld.at("/reviewRating/worstRating").intValue());
            assertEquals("CHILLIN", ld.at("/reviewRating/alternateName").asText());
            assertEquals("Person", ld.at("/author/@type").asText());
            assertEquals("writer-42", ld.at("/author/name").asText());
            assertEquals("2019-05-24", ld.get("datePublished").asText());
            assertEquals(String.join("\n\n", ReviewFixtures.BODY), ld.get("reviewBody").asText());
            assertEquals(ReviewFixtures.SUMMARY, ld.get("description").asText());
            assertEquals(ReviewFixtures.PROS.get(2), ld.at("/positiveNotes/itemListElement/2/name").asText());
            assertEquals(3, ld.at("/negativeNotes/itemListElement/2/position").intValue());
        }

        @Test
        void leavesOutDescriptionWithoutSummaryAndNamesTheReviewByTitleWithoutHeadline() {
            Review r = ReviewFixtures.thePerfection().review();
            Review bare = new Review(r.format(), r.title(), r.platform(), r.captions(), null, r.worthWatchingIf(),
                    r.notWorthWatchingIf(), List.of(), List.of(), r.score(), null, r.body());
            JsonNode json = read(RENDERER.render(new AssessedReview(bare, ReviewFixtures.thePerfection().score(),
                    ReviewFixtures.thePerfection().verdict()), ReviewFixtures.info()).jsonLd());
            assertFalse(json.has("description"));
            assertFalse(json.has("positiveNotes"));
            assertEquals("The Perfection", json.get("name").asText());
        }

        @Test
        void usesUtcForTheDate() {
            PublicationInfo lateEvening = new PublicationInfo("r", "w", 2, "s-1",
                    java.time.Instant.parse("2024-12-31T23:59:59Z"));
            assertEquals("2024-12-31",
                    read(RENDERER.render(ReviewFixtures.thePerfection(), lateEvening).jsonLd()).get("datePublished").asText());
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
                "The Perfection | Netflix Original | Cello concert | Movie",
                "Severance | Apple TV+ | Season 2 finale | TVSeries",
                "Chernobyl | HBO Miniseries | Control room | TVSeries",
                "The Bear | FX | Episodes 1-3 | TVSeries",
                "Seasoned | Cinema | A serious face | Movie",
                "Star Trek: The Original Series | Paramount+ | Bridge | TVSeries"})
        void itemReviewedIsATvSeriesOnlyWhenIdentifyingTextSaysSo(String title, String platform, String caption,
                                                                  String type) {
            Review review = new Review(SourceFormat.TEXT, title, platform,
                    List.of(new Caption(title, platform, caption)), null, List.of(), List.of(), List.of(),
                    List.of(), new RawScore("60%", null, 1), null,
                    List.of("This season's best episode of cinema, a film series of one."));
            assertEquals(type, read(RENDERER.render(new AssessedReview(review, ReviewFixtures.thePerfection().score(),
                    ReviewFixtures.thePerfection().verdict()), ReviewFixtures.info()).jsonLd()).at("/itemReviewed/@type").asText());
        }

        @Test
        void escapesHtmlSignificantCharactersAndLineSeparatorsAsUnicodeEscapes() {
            Review r = ReviewFixtures.thePerfection().review();
            String nasty = "</script><!-- a&b \u2028\u2029";
            Review review = new Review(r.format(), nasty, null, List.of(), null, List.of(), List.of(), List.of(),
                    List.of(), r.score(), null, List.of());
            String json = RENDERER.render(new AssessedReview(review, ReviewFixtures.thePerfection().score(),
                    ReviewFixtures.thePerfection().verdict()), ReviewFixtures.info()).jsonLd();
            assertTrue(json.contains("\\u003c/script\\u003e\\u003c!-- a\\u0026b \\u2028\\u2029"), json);
            for (char c : new char[] {'<', '>', '&', '\u2028', '\u2029'}) {
                assertEquals(-1, json.indexOf(c), "raw " + (int) c);
            }
            assertEquals(nasty, read(json).at("/itemReviewed/name").asText());
        }
    }

    @Test
    void isThreadSafeAndDeterministic() throws Exception {
        String expected = perfectionPage();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> pages = new java.util.ArrayList<>();
            for (int i = 0; i < 200; i++) {
                pages.add(pool.submit(() -> perfectionPage()));
            }
            for (Future<String> page : pages) {
                assertEquals(expected, page.get(10, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    static void assertItems(List<String> expected, Elements items) {
        assertEquals(expected, items.eachText());
    }

    static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }
}
