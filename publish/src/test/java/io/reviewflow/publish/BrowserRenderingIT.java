package io.reviewflow.publish;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.reviewflow.domain.Review;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The rendered pages in a real browser: headless Chromium, loading them over HTTP from 127.0.0.1 so that
 * the pages' own Content-Security-Policy applies as it would on a real site.
 *
 * <p>The jsoup tests ({@link UntrustedTextTest}) check the markup; these check what a browser actually does
 * with it: whether anything runs, what the DOM becomes, whether the page logs errors, what it looks like.
 *
 * <p>Needs Chromium and its WebDriver ({@code apt-get install chromium chromium-driver}); without them the
 * class fails, unless {@code -Dreviewflow.browser.tests=skip} is set, when it is skipped.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class BrowserRenderingIT {

    private static final String SKIP_PROPERTY = "reviewflow.browser.tests";
    private static final ReviewRenderer RENDERER = new ReviewRenderer();
    private static final SitePageRenderer SITE = new SitePageRenderer();
    private static final Path ARTIFACTS = Path.of(System.getProperty("basedir", ""), "target", "browser-artifacts");
    private static final String HARMLESS = "Harmless text";
    private static final String INDEX_TITLE = "Reviews — reviewflow";
    private static final String FRAGMENT_HOST_TITLE = "Fragment host";
    private static final String UNESCAPED_HOST_TITLE = "Unescaped host";
    private static final String JSON_LD_SCRIPT = "document.querySelector('script[type=\"application/ld+json\"]')";
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private static HeadlessChromium chromium;
    private static LocalPageServer server;
    /** One tab for every test: a fresh tab costs a new renderer process, and the tab forgets each document anyway. */
    private static ChromiumPage tab;
    private static PageEvidence harmlessPage;
    private static PageEvidence harmlessFragment;
    private static PageEvidence harmlessUnescaped;
    private static String skipReason;

    @BeforeAll
    static void startBrowser() {
        Optional<HeadlessChromium.Installation> installation = HeadlessChromium.installation();
        if (installation.isEmpty()) {
            if (!"skip".equals(System.getProperty(SKIP_PROPERTY))) {
                fail(HeadlessChromium.notInstalledMessage());
            }
            // Skipped test by test rather than here: surefire reports a class skipped in @BeforeAll as
            // "Tests run: 0", without the reason.
            skipReason = HeadlessChromium.notInstalledMessage();
            return;
        }
        server = LocalPageServer.start();
        chromium = HeadlessChromium.launch(installation.get());
        tab = chromium.page();
        // What each host looks like with harmless text: hostile text must leave exactly this shape.
        harmlessPage = load("review.html", page(HARMLESS)).evidence();
        harmlessFragment = load("fragment.html", fragmentHost(render(HARMLESS).htmlFragment())).evidence();
        harmlessUnescaped = load("unescaped.html", unescapedHost(HARMLESS)).evidence();
    }

    @BeforeEach
    void skipWithoutBrowserIfAllowed() {
        assumeTrue(skipReason == null, skipReason);
    }

    @AfterAll
    static void stopBrowser() {
        try {
            if (chromium != null) {
                chromium.close();
            }
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }

    static List<SampleReviews.Sample> samples() {
        return SampleReviews.all();
    }

    static List<String> hostilePayloads() {
        return XssCorpus.payloadsAndAll();
    }

    static List<String> observablePayloads() {
        return XssCorpus.OBSERVABLE;
    }

    /** The review page puts writer text in element content and double-quoted attributes, never in single-quoted ones. */
    static List<String> payloadsActiveInTheReviewPage() {
        return XssCorpus.OBSERVABLE.stream().filter(payload -> !payload.startsWith("'")).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void samplePageLoadsWithoutErrorsAndCarriesItsJsonLd(SampleReviews.Sample sample) {
        // given the sample's page on a web server
        Review review = sample.scored().review();
        String html = SitePages.pageOf(sample.scored(), sample.info());
        URI url = server.serve(sample.info().slug() + ".html", html);

        // when a browser loads it and reads its title, headings, score and JSON-LD
        tab.navigate(url);
        JsonNode dom = tab.evaluate("""
                ({
                  title: document.title,
                  h1: Array.from(document.querySelectorAll('h1'), h1 => h1.textContent),
                  badge: document.querySelector('.rf-badge').textContent,
                  verdict: document.querySelector('.rf-verdict').textContent,
                  jsonLd: JSON.parse(%s.textContent),
                })""".formatted(JSON_LD_SCRIPT));

        // then it loaded cleanly
        assertEquals(List.of(), tab.errors(), () -> "errors among all it reported: " + tab.messages());
        assertEquals(List.of(), tab.dialogs(), "dialogs");
        // and shows the review
        assertEquals(review.title() + " — review", dom.path("title").asText());
        assertEquals(List.of(review.title()), strings(dom.path("h1")), "exactly one h1, the title");
        assertEquals(sample.scored().score().display() + "/100", dom.path("badge").asText());
        assertEquals(sample.scored().verdict().label(), dom.path("verdict").asText());
        // and its JSON-LD is a schema.org Review that the browser's own JSON.parse reads
        JsonNode ld = dom.path("jsonLd");
        assertEquals("https://schema.org", ld.path("@context").asText());
        assertEquals("Review", ld.path("@type").asText());
        assertTrue(List.of("Movie", "TVSeries").contains(ld.at("/itemReviewed/@type").asText()), ld.toString());
        assertEquals(review.title(), ld.at("/itemReviewed/name").asText());
        assertTrue(ld.at("/reviewRating/ratingValue").isNumber(), ld.toString());
        assertEquals(sample.scored().score().display(), ld.at("/reviewRating/ratingValue").asInt());
        assertEquals(100, ld.at("/reviewRating/bestRating").asInt());
        assertEquals(0, ld.at("/reviewRating/worstRating").asInt(-1));
        assertEquals(sample.info().writerId(), ld.at("/author/name").asText());
        assertEquals(sample.info().publishedAt().atOffset(ZoneOffset.UTC).toLocalDate().toString(),
                ld.path("datePublished").asText());
        assertEquals(String.join("\n\n", review.body()), ld.path("reviewBody").asText());
    }

    @ParameterizedTest
    @MethodSource("hostilePayloads")
    void pageKeepsHostileTextInEveryFieldInert(String payload) {
        // given a review with the payload in every field a writer controls, writer id included
        String html = page(payload);

        // when a browser loads the page
        Loaded loaded = load("review.html", html);

        // then nothing ran and nothing but text was added
        String title = collapsed(payload) + " — review";
        assertEquals(List.of(), loaded.evidence().signsOfInjection(loaded.url(), title, harmlessPage));
        assertEquals(List.of(loaded.url().getPath()), server.requestsBeside(loaded.url()), "the page fetched nothing");
        // and the writer's text is shown exactly as typed
        assertEquals(payload, loaded.probe().path("h1").asText());
        assertTrue(loaded.evidence().bodyText().contains(collapsed(payload)), loaded.evidence().bodyText());
        // and it survives the JSON-LD round trip through the browser's JSON.parse
        assertTrue(loaded.probe().path("jsonLdError").isNull(), loaded.probe().path("jsonLdError").asText());
        JsonNode ld = loaded.probe().path("jsonLd");
        assertEquals(payload, ld.path("name").asText());
        assertEquals(payload, ld.at("/itemReviewed/name").asText());
        assertEquals(payload, ld.at("/author/name").asText());
        assertEquals(payload, ld.path("description").asText());
    }

    @ParameterizedTest
    @MethodSource("hostilePayloads")
    void fragmentKeepsHostileTextInertWithNoCspToHelp(String payload) {
        // given the fragment of a review with the payload in every field, in a host page with no CSP of its own,
        // so that anything the fragment let through would run
        String html = fragmentHost(render(payload).htmlFragment());

        // when a browser loads the host
        Loaded loaded = load("fragment.html", html);

        // then nothing ran and nothing but text was added
        assertEquals(List.of(), loaded.evidence().signsOfInjection(loaded.url(), FRAGMENT_HOST_TITLE, harmlessFragment));
        assertEquals(List.of(loaded.url().getPath()), server.requestsBeside(loaded.url()), "the page fetched nothing");
        assertEquals(payload, loaded.probe().path("h1").asText());
        assertTrue(loaded.evidence().bodyText().contains(collapsed(payload)), loaded.evidence().bodyText());
    }

    @ParameterizedTest
    @MethodSource("observablePayloads")
    void detectorSeesThePayloadWhenItIsNotEscaped(String payload) {
        // given the payload pasted unescaped into element content and into double- and single-quoted attributes
        String html = unescapedHost(payload);

        // when a browser loads it
        Loaded loaded = load("unescaped.html", html);

        // then the checks the inert tests rely on do fire: they are not checks that cannot fail
        PageEvidence evidence = loaded.evidence();
        assertTrue(evidence.showsPayloadEffect(), () -> "no trace of the payload: " + evidence);
        assertFalse(evidence.signsOfInjection(loaded.url(), UNESCAPED_HOST_TITLE, harmlessUnescaped).isEmpty());
        // and each payload is seen through the very channel it was written for
        if (payload.contains("alert(")) {
            assertFalse(evidence.dialogs().isEmpty(), () -> "no dialog seen: " + evidence);
        }
        if (payload.contains("id=pwned")) {
            assertTrue(evidence.pwnedElement(), () -> "no #pwned seen: " + evidence);
        }
        if (payload.contains("data-pwned")) {
            assertTrue(evidence.bodyMarked(), () -> "no data-pwned seen: " + evidence);
        }
        if (payload.contains("document.title='pwned'")) {
            assertEquals(PageEvidence.PWNED_TITLE, evidence.title());
        }
    }

    @ParameterizedTest
    @MethodSource("payloadsActiveInTheReviewPage")
    void pageChecksSeeThePayloadWhenThePageDoesNotEscapeItAndItsCspBlocksIt(String payload) {
        // given the harmless page with the payload pasted unescaped wherever its text was, and put into the
        // JSON-LD with ordinary JSON escaping that leaves "</script>" as it is
        String html = unescapedPage(payload);

        // when a browser loads it, with the page's CSP stopping most of what the payload tries
        Loaded loaded = load("review.html", html);

        // then the checks of the escaped page still see it: the CSP hides dialogs, not the injection
        assertFalse(loaded.evidence().signsOfInjection(loaded.url(), collapsed(payload) + " — review", harmlessPage)
                .isEmpty(), () -> "no sign of the payload: " + loaded.evidence());
    }

    @Test
    void indexPageKeepsHostileEntryTextInert() {
        // given an index with one entry per payload, the payload as title, platform and verdict
        List<String> payloads = XssCorpus.payloadsAndAll();
        List<IndexEntry> hostile = new ArrayList<>();
        List<IndexEntry> harmless = new ArrayList<>();
        for (int i = 0; i < payloads.size(); i++) {
            Instant publishedAt = ReviewFixtures.PUBLISHED_AT.plusSeconds(i);
            hostile.add(new IndexEntry("entry-" + i, payloads.get(i), payloads.get(i), 60, payloads.get(i), publishedAt));
            harmless.add(new IndexEntry("entry-" + i, HARMLESS, HARMLESS, 60, HARMLESS, publishedAt));
        }

        // when a browser loads it and the same index with harmless text
        PageEvidence harmlessIndex = load("index.html", SITE.indexPage(harmless)).evidence();
        Loaded loaded = load("index.html", SITE.indexPage(hostile));

        // then nothing ran, nothing but text was added, and every payload is shown as text
        assertEquals(List.of(), loaded.evidence().signsOfInjection(loaded.url(), INDEX_TITLE, harmlessIndex));
        assertEquals(List.of(loaded.url().getPath()), server.requestsBeside(loaded.url()), "the page fetched nothing");
        for (String payload : payloads) {
            assertTrue(loaded.evidence().bodyText().contains(collapsed(payload)), payload);
        }
    }

    @Test
    void indexPageLoadsWithoutErrorsAndIsCapturedAsAScreenshot() throws IOException {
        // given the index of the samples and of two more reviews, so that several score bands show
        List<IndexEntry> entries = new ArrayList<>();
        SampleReviews.all().forEach(sample -> entries.add(SampleReviews.indexEntry(sample)));
        entries.add(new IndexEntry(Slugs.slugFor("Glass Harbour", "rev-0005"), "Glass Harbour", "BBC iPlayer", 93,
                "MUST WATCH", Instant.parse("2026-04-02T08:00:00Z")));
        entries.add(new IndexEntry(Slugs.slugFor("Loud Summer", "rev-0006"), "Loud Summer", null, 12, "HARD PASS",
                Instant.parse("2026-04-09T20:15:00Z")));
        URI url = server.serve("index.html", SITE.indexPage(entries));

        // when a browser loads it and takes a picture
        tab.navigate(url);
        JsonNode dom = tab.evaluate("""
                ({
                  title: document.title,
                  h1: document.querySelectorAll('h1').length,
                  links: Array.from(document.querySelectorAll('.rf-entries a'), a => a.getAttribute('href')),
                })""");
        Path png = writeArtifact("index.png", tab.screenshotPng());

        // then it loaded cleanly, links every entry, and the picture is a real one
        assertEquals(List.of(), tab.errors(), "console errors, exceptions or error log entries");
        assertEquals(INDEX_TITLE, dom.path("title").asText());
        assertEquals(1, dom.path("h1").asInt());
        assertEquals(entries.size(), dom.path("links").size());
        for (IndexEntry entry : entries) {
            assertTrue(strings(dom.path("links")).contains(entry.slug() + ".html"), entry.slug());
        }
        assertNonTrivialPng(png);
    }

    @Test
    void thePerfectionPageIsCapturedAsAScreenshot() throws IOException {
        // given the-perfection's page
        SampleReviews.Sample sample = SampleReviews.thePerfection();
        String html = SitePages.pageOf(sample.scored(), sample.info());
        URI url = server.serve(sample.info().slug() + ".html", html);

        // when a browser loads it and takes a picture
        tab.navigate(url);
        Path png = writeArtifact("the-perfection.png", tab.screenshotPng());

        // then it loaded cleanly and the picture is a real one
        assertEquals(List.of(), tab.errors(), "console errors, exceptions or error log entries");
        assertNonTrivialPng(png);
    }

    /**
     * A page as loaded: its URL, the evidence read from it, and where hostile text lands: the h1's text and
     * the JSON-LD as the browser's JSON.parse reads it (or why it could not).
     */
    private record Loaded(URI url, PageEvidence evidence, JsonNode probe) {}

    private static Loaded load(String fileName, String html) {
        URI url = server.serve(fileName, html);
        tab.navigate(url);
        PageEvidence evidence = PageEvidence.of(tab);
        JsonNode probe = tab.evaluate("""
                (() => {
                  const h1 = document.querySelector('h1');
                  const script = %s;
                  let jsonLd = null, jsonLdError = null;
                  try {
                    jsonLd = script === null ? null : JSON.parse(script.textContent);
                  } catch (e) {
                    jsonLdError = String(e);
                  }
                  return {h1: h1 === null ? null : h1.textContent, jsonLd, jsonLdError};
                })()""".formatted(JSON_LD_SCRIPT));
        return new Loaded(url, evidence, probe);
    }

    private static RenderedReview render(String text) {
        return RENDERER.render(ReviewFixtures.withEveryField(text), ReviewFixtures.info(text));
    }

    /** The page a site assembles from the event of a review with {@code text} in every writer-supplied field. */
    private static String page(String text) {
        return SitePages.pageOf(ReviewFixtures.withEveryField(text), ReviewFixtures.info(text));
    }

    /** A page that embeds a fragment as a downstream site might: no CSP, nothing else on it. */
    private static String fragmentHost(String fragment) {
        return "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" + FRAGMENT_HOST_TITLE
                + "</title>\n</head>\n<body>\n" + fragment + "\n</body>\n</html>\n";
    }

    /**
     * What a renderer without escaping would make of {@code text}: pasted as is into element content and into
     * double- and single-quoted attributes. The paragraphs are focusable so that focus handlers can fire.
     */
    private static String unescapedHost(String text) {
        return "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" + UNESCAPED_HOST_TITLE
                + "</title>\n</head>\n<body>\n<main>" + text + "</main>\n"
                + "<p tabindex=\"0\" title=\"" + text + "\">double-quoted</p>\n"
                + "<p tabindex=\"0\" title='" + text + "'>single-quoted</p>\n"
                + "</body>\n</html>\n";
    }

    /**
     * The page of a renderer that forgot escaping: the harmless page with {@code text} pasted as is where the
     * harmless text was, and in the JSON-LD with JSON's escaping only (which leaves {@code <} and {@code /}).
     */
    private static String unescapedPage(String text) {
        String page = page(HARMLESS);
        String open = "<script type=\"application/ld+json\">";
        int jsonStart = page.indexOf(open) + open.length();
        int jsonEnd = page.indexOf("</script>", jsonStart);
        String jsonString = ChromiumPage.jsString(text); // plain JSON escaping: quotes and backslashes only
        return page.substring(0, jsonStart).replace(HARMLESS, text)
                + page.substring(jsonStart, jsonEnd).replace(HARMLESS, jsonString.substring(1, jsonString.length() - 1))
                + page.substring(jsonEnd).replace(HARMLESS, text);
    }

    /** Text as {@code document.title} and {@code innerText} give it: each run of HTML white space as one space. */
    private static String collapsed(String text) {
        return text.replaceAll("[ \\t\\n\\r\\f]+", " ").replaceAll("^ | $", "");
    }

    private static List<String> strings(JsonNode array) {
        List<String> strings = new ArrayList<>();
        array.forEach(item -> strings.add(item.asText()));
        return strings;
    }

    private static Path writeArtifact(String fileName, byte[] content) throws IOException {
        Files.createDirectories(ARTIFACTS);
        return Files.write(ARTIFACTS.resolve(fileName), content);
    }

    /** A PNG as wide as the browser's viewport, and big enough (over 5 KB) to show a rendered page, not a blank one. */
    private static void assertNonTrivialPng(Path png) throws IOException {
        byte[] bytes = Files.readAllBytes(png);
        assertTrue(bytes.length > 5 * 1024, png + " is only " + bytes.length + " bytes");
        assertArrayEquals(PNG_SIGNATURE, Arrays.copyOf(bytes, PNG_SIGNATURE.length), png + " is not a PNG");
        // The IHDR chunk comes first: length, "IHDR", then width and height as big-endian ints.
        assertEquals(1024, ByteBuffer.wrap(bytes, 16, 4).getInt(), png + " width");
        assertTrue(ByteBuffer.wrap(bytes, 20, 4).getInt() >= 768, png + " height");
    }
}
