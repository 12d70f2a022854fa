package io.reviewflow.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SlugsTest {

    private static final String SHAPE = "[a-z0-9]+(?:-[a-z0-9]+)*-[0-9a-f]{8}";

    @Test
    void namesTheReviewByTitleAndAShortHashOfItsId() {
        String slug = Slugs.slugFor("The Perfection", "rev-0001");
        assertTrue(slug.startsWith("the-perfection-"), slug);
        assertTrue(slug.matches("the-perfection-[0-9a-f]{8}"), slug);
    }

    @Test
    void hashIsTheFirstEightHexDigitsOfSha256OfTheReviewId() {
        // SHA-256("abc") = ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad
        assertEquals("jaws-ba7816bf", Slugs.slugFor("Jaws", "abc"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Amélie | amelie",
            "Le Fabuleux Destin d’Amélie Poulain | le-fabuleux-destin-damelie-poulain",
            "Crème Brûlée: À la carte! | creme-brulee-a-la-carte",
            "Straße der Ærø Łódź | strasse-der-aero-lodz",
            "  --Hello,   World!!--  | hello-world",
            "You’re Next | youre-next",
            "Ｆｕｌｌｗｉｄｔｈ ２０４９ | fullwidth-2049",
            "Alien—Covenant | alien-covenant",
            "Spider-Man: No Way Home (2021) | spider-man-no-way-home-2021",
            "<script>alert(1)</script> | script-alert-1-script",
            "Amores perros 日本語 | amores-perros"})
    void foldsToLowercaseAsciiWords(String title, String base) {
        assertEquals(base, Slugs.base(title));
        assertTrue(Slugs.slugFor(title, "id").startsWith(base + "-"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"🎬🍿🎥", "千と千尋の神隠し", "Левиафан", "!!!", "", "   ", "ـ"})
    void fallsBackToReviewWhenNothingLatinIsLeft(String title) {
        String slug = Slugs.slugFor(title, "rev-9");
        assertTrue(slug.matches("review-[0-9a-f]{8}"), slug);
    }

    @Test
    void isStableForTheSameInputsAndDistinctPerReviewId() {
        assertEquals(Slugs.slugFor("The Perfection", "rev-1"), Slugs.slugFor("The Perfection", "rev-1"));
        assertNotEquals(Slugs.slugFor("The Perfection", "rev-1"), Slugs.slugFor("The Perfection", "rev-2"));
        assertEquals(Slugs.slugFor("The Perfection", "rev-1").substring("the-perfection".length()),
                Slugs.slugFor("Another Title", "rev-1").substring("another-title".length()),
                "the suffix depends on the review id alone");
    }

    @Test
    void cutsLongTitlesAtAWordBoundary() {
        String title = "The Assassination of Jesse James by the Coward Robert Ford: An Extended Cut for Completists";
        String base = Slugs.base(title);
        assertTrue(base.length() <= Slugs.MAX_BASE_LENGTH, base);
        assertEquals("the-assassination-of-jesse-james-by-the-coward-robert-ford", base);
        assertTrue(Slugs.slugFor(title, "x").matches(SHAPE));
    }

    @Test
    void cutsAVeryLongTitleQuickly() {
        assertEquals("x".repeat(Slugs.MAX_BASE_LENGTH), Slugs.base("x".repeat(1_000_000)));
    }

    @Test
    void cutsASingleOverlongWordHard() {
        String base = Slugs.base("a".repeat(500));
        assertEquals("a".repeat(Slugs.MAX_BASE_LENGTH), base);
        String mixed = Slugs.base("b".repeat(70) + " tail");
        assertEquals("b".repeat(Slugs.MAX_BASE_LENGTH), mixed);
    }

    @Test
    void cutAtExactlyTheLimitKeepsTheWholeWord() {
        String sixty = "x".repeat(55) + " yyyy"; // 55 + 1 + 4 = 60
        assertEquals("x".repeat(55) + "-yyyy", Slugs.base(sixty + " more words"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"The Perfection", "Amélie", "🎬", "a/b\\c?d#e%f&g=h", "\u0000\u202e evil \u2028 title",
            "<img src=x onerror=alert(1)>"})
    void alwaysHasTheUrlSafeShapeAndABoundedLength(String title) {
        String slug = Slugs.slugFor(title, "any id at all ✓");
        assertTrue(slug.matches(SHAPE), slug);
        assertTrue(slug.length() <= Slugs.MAX_BASE_LENGTH + 9, slug);
        new IndexEntry(slug, title, null, 50, "MEH", java.time.Instant.EPOCH); // accepted as a link target
    }
}
