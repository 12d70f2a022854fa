package io.reviewflow.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SitePageRendererTest {

    private static final SitePageRenderer SITE = new SitePageRenderer();

    private static IndexEntry entry(String title, int score, String published) {
        return new IndexEntry(Slugs.slugFor(title, title + "-id"), title, "Netflix", score, "V" + score,
                Instant.parse(published));
    }

    @Test
    void anEntryShowsItsWorkScoreAcrossAllReviewsEscaped() {
        IndexEntry withWork = new IndexEntry("the-perfection-1a2b3c4d", "The Perfection", "Netflix Original", 60, "CHILLIN",
                Instant.parse("2026-11-26T10:00:00Z"), new IndexEntry.WorkSummary(71, 3, "<b>BINGE IT</b>"));
        IndexEntry alone = new IndexEntry("night-ferry-1a2b3c4d", "Night Ferry", null, 80, "BINGE IT",
                Instant.parse("2026-11-25T10:00:00Z"), new IndexEntry.WorkSummary(80, 1, "BINGE IT"));

        Document page = Jsoup.parse(SITE.indexPage(List.of(withWork, alone)));

        Elements work = page.select(".rf-entry-work");
        assertEquals(2, work.size());
        assertEquals("all 3 reviews of this work: 71 <b>BINGE IT</b>", work.get(0).text());
        assertTrue(work.get(0).children().isEmpty(), "the verdict stays text");
        assertEquals("the only review of this work", work.get(1).text());
        assertEquals(0, Jsoup.parse(SITE.indexPage(List.of(entry("No work yet", 50, "2026-11-24T10:00:00Z"))))
                .select(".rf-entry-work").size());
    }

    @Test
    void listsEntriesNewestFirstWithLinksAndBandedBadges() {
        IndexEntry old = entry("Jaws", 95, "2020-01-01T00:00:00Z");
        IndexEntry newest = entry("The Perfection", 60, "2024-06-01T12:00:00Z");
        IndexEntry middle = entry("Cats", 12, "2022-03-03T00:00:00Z");
        Document page = Jsoup.parse(SITE.indexPage(List.of(old, newest, middle)));

        assertEquals("en", page.selectFirst("html").attr("lang"));
        assertEquals(1, page.select("h1").size());
        assertTrue(page.select("script").isEmpty());
        assertTrue(page.selectFirst("meta[http-equiv=Content-Security-Policy]").attr("content")
                .startsWith("default-src 'none'"));
        Elements links = page.select(".rf-entries a");
        assertEquals(List.of(newest.slug() + ".html", middle.slug() + ".html", old.slug() + ".html"),
                links.eachAttr("href"));
        assertEquals(List.of("The Perfection", "Cats", "Jaws"), page.select(".rf-entry-title").eachText());
        assertEquals(List.of("band-60-74", "band-0-19", "band-90-100"),
                page.select(".rf-badge").stream().map(b -> b.classNames().stream()
                        .filter(c -> c.startsWith("band-")).findFirst().orElseThrow()).toList());
        Element first = links.first();
        assertTrue(first.text().contains("V60"));
        assertTrue(first.text().contains("Netflix"));
        assertEquals("2024-06-01T12:00:00Z", first.selectFirst("time").attr("datetime"));
        assertEquals("1 June 2024", first.selectFirst("time").text());
        assertNull(page.selectFirst(".rf-empty"));
    }

    @Test
    void doesNotReorderTheCallersList() {
        List<IndexEntry> entries = new java.util.ArrayList<>(List.of(
                entry("A", 1, "2020-01-01T00:00:00Z"), entry("B", 2, "2021-01-01T00:00:00Z")));
        SITE.indexPage(entries);
        assertEquals("A", entries.get(0).title());
    }

    @Test
    void breaksTiesInAStableOrder() {
        String at = "2024-01-01T00:00:00Z";
        List<IndexEntry> entries = List.of(entry("Zodiac", 80, at), entry("Alien", 90, at), entry("Memento", 70, at));
        String once = SITE.indexPage(entries);
        assertEquals(once, SITE.indexPage(List.of(entries.get(2), entries.get(0), entries.get(1))));
        assertEquals(List.of("Alien", "Memento", "Zodiac"), Jsoup.parse(once).select(".rf-entry-title").eachText());
    }

    @Test
    void showsAnEmptyStateWithoutAList() {
        Document page = Jsoup.parse(SITE.indexPage(List.of()));
        assertEquals("No reviews have been published yet.", page.selectFirst(".rf-empty").text());
        assertTrue(page.select("ul").isEmpty());
        assertEquals(1, page.select("h1").size());
    }

    @Test
    void leavesOutAnAbsentPlatform() {
        IndexEntry noPlatform = new IndexEntry("jaws-12345678", "Jaws", null, 50, "MEH", Instant.EPOCH);
        Element meta = Jsoup.parse(SITE.indexPage(List.of(noPlatform))).selectFirst(".rf-entry-meta");
        assertEquals("MEH · 1 January 1970", meta.text());
    }

    @Test
    void escapesEveryTextField() {
        for (String payload : XssCorpus.payloadsAndAll()) {
            IndexEntry hostile = new IndexEntry(Slugs.slugFor(payload, "id"), payload, payload, 42, payload,
                    Instant.EPOCH);
            String html = SITE.indexPage(List.of(hostile));
            if (payload.chars().anyMatch(c -> c == '<' || c == '>' || c == '"' || c == '\'' || c == '&')) {
                assertFalse(html.contains(payload), payload);
            }
            Document page = Jsoup.parse(html);
            assertTrue(page.select("script, img, svg, iframe").isEmpty(), payload);
            assertEquals(1, page.select("style").size());
            assertEquals(1, page.select("a[href]").stream().filter(a -> !a.attr("href").equals("index.html")).count());
            assertEquals(payload.replaceAll("[ \\t\\n\\r\\f]+", " ").strip(), page.selectFirst(".rf-entry-title").text());
            page.getAllElements().forEach(e -> e.attributes().forEach(
                    a -> assertFalse(a.getKey().startsWith("on"), e.outerHtml())));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"javascript:alert(1)", "../etc/passwd", "UPPER-case", "a--b", "-a", "a-", "a b", "", "é"})
    void refusesAnythingButASlugAsALinkTarget(String slug) {
        assertThrows(IllegalArgumentException.class, () -> new IndexEntry(slug, "t", null, 1, "v", Instant.EPOCH));
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 101})
    void refusesScoresOutsideTheScale(int score) {
        assertThrows(IllegalArgumentException.class, () -> new IndexEntry("a-1", "t", null, score, "v", Instant.EPOCH));
    }
}
