package io.reviewflow.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WorkKeyTest {

    @Test
    void thePerfectionOnNetflixIsTheExampleKey() {
        assertEquals("the perfection|netflix original", WorkKey.of("The Perfection", "Netflix Original"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
            "THE PERFECTION;NETFLIX ORIGINAL",
            "  The   Perfection ;Netflix\tOriginal",
            "The\u00A0Perfection;Netflix\u202FOriginal", // no-break spaces, folded by NFKC
            "Ｔｈｅ Ｐｅｒｆｅｃｔｉｏｎ;Netflix Original",   // full-width letters
            "‘The Perfection’;Netflix Original",        // curly quotes
            "\"The Perfection\";Netflix Original",
    })
    void theWaysWritersTypeOneWorkGiveOneKey(String title, String platform) {
        assertEquals("the perfection|netflix original", WorkKey.of(title, platform));
    }

    @Test
    void quotationMarksOfAnyKindAreIgnored() {
        String expected = WorkKey.of("Schindlers List", null);
        assertEquals(expected, WorkKey.of("Schindler's List", null));
        assertEquals(expected, WorkKey.of("Schindler’s List", null));
        assertEquals(expected, WorkKey.of("Schindler`s List", null));
    }

    @Test
    void caseFoldingGoesBeyondLowerCase() {
        assertEquals(WorkKey.of("Strasse", null), WorkKey.of("STRAßE", null));
        assertEquals(WorkKey.of("ΟΔΥΣΣΕΥΣ", null), WorkKey.of("Οδυσσευς", null));
        assertEquals(WorkKey.of("ﬁnal", null), WorkKey.of("Final", null)); // the fi ligature
    }

    @Test
    void aMissingOrBlankPlatformIsEmpty() {
        assertEquals("amélie|", WorkKey.of("Amélie", null));
        assertEquals("amélie|", WorkKey.of("Amélie", "   "));
        // Composed and decomposed é are one character to a reader, so one key.
        assertEquals(WorkKey.of("Amélie", null), WorkKey.of("Ame\u0301lie", null));
    }

    @Test
    void theSameTitleOnAnotherPlatformIsAnotherWork() {
        assertNotEquals(WorkKey.of("Dune", "Netflix"), WorkKey.of("Dune", "Prime Video"));
        assertNotEquals(WorkKey.of("Dune", "Netflix"), WorkKey.of("Dune", null));
    }

    @Test
    void punctuationOtherThanQuotesTellsWorksApart() {
        assertNotEquals(WorkKey.of("Se7en", null), WorkKey.of("Seven", null));
        assertNotEquals(WorkKey.of("M*A*S*H", null), WorkKey.of("MASH", null));
    }

    @Test
    void aSeparatorInATitleCannotPoseAsAPlatform() {
        assertEquals("a\\|b|c", WorkKey.of("a|b", "c"));
        assertEquals("a|b\\|c", WorkKey.of("a", "b|c"));
        assertNotEquals(WorkKey.of("a|b", "c"), WorkKey.of("a", "b|c"));
        assertNotEquals(WorkKey.of("a\\", "|b"), WorkKey.of("a", "\\|b"));
    }

    @Test
    void aWorkNeedsATitle() {
        assertThrows(IllegalArgumentException.class, () -> WorkKey.of(null, "Netflix"));
    }
}
