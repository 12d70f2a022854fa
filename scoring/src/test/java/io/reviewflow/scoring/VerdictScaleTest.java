package io.reviewflow.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VerdictScaleTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "[{index}] {0} {1} → {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            house        | 0   | HARD PASS
            house        | 19  | HARD PASS
            house        | 20  | SNOOZER
            house        | 39  | SNOOZER
            house        | 40  | MEH
            house        | 59  | MEH
            house        | 60  | CHILLIN
            house        | 74  | CHILLIN
            house        | 75  | BINGE IT
            house        | 89  | BINGE IT
            house        | 90  | MUST WATCH
            house        | 100 | MUST WATCH
            aggregator   | 0   | Overwhelming dislike
            aggregator   | 19  | Overwhelming dislike
            aggregator   | 20  | Generally unfavorable
            aggregator   | 39  | Generally unfavorable
            aggregator   | 40  | Mixed or average
            aggregator   | 60  | Mixed or average
            aggregator   | 61  | Generally favorable
            aggregator   | 80  | Generally favorable
            aggregator   | 81  | Universal acclaim
            aggregator   | 100 | Universal acclaim
            fresh-rotten | 0   | Rotten
            fresh-rotten | 59  | Rotten
            fresh-rotten | 60  | Fresh
            fresh-rotten | 100 | Fresh
            """)
    void presetBandEdges(String preset, int score, String label) {
        assertEquals(label, VerdictScale.preset(preset).labelFor(score));
    }

    @Test
    void presetsAreExactlyTheDesignTable() {
        assertEquals(VerdictScale.of("house",
                new VerdictBand(0, 19, "HARD PASS"), new VerdictBand(20, 39, "SNOOZER"), new VerdictBand(40, 59, "MEH"),
                new VerdictBand(60, 74, "CHILLIN"), new VerdictBand(75, 89, "BINGE IT"), new VerdictBand(90, 100, "MUST WATCH")),
                VerdictScale.preset("house"));
        assertEquals(VerdictScale.of("aggregator",
                new VerdictBand(0, 19, "Overwhelming dislike"), new VerdictBand(20, 39, "Generally unfavorable"),
                new VerdictBand(40, 60, "Mixed or average"), new VerdictBand(61, 80, "Generally favorable"),
                new VerdictBand(81, 100, "Universal acclaim")),
                VerdictScale.preset("aggregator"));
        assertEquals(VerdictScale.of("fresh-rotten", new VerdictBand(0, 59, "Rotten"), new VerdictBand(60, 100, "Fresh")),
                VerdictScale.preset("fresh-rotten"));
    }

    @Test
    void presetNamesDefaultAndLookup() {
        assertEquals(List.of("house", "aggregator", "fresh-rotten"), VerdictScale.presetNames());
        assertSame(VerdictScale.preset("house"), VerdictScale.defaultScale());
        assertEquals("house", VerdictScale.defaultScale().name());
        assertSame(VerdictScale.preset("aggregator"), VerdictScale.preset(" Aggregator "));
        InvalidVerdictScaleException e = assertThrows(InvalidVerdictScaleException.class, () -> VerdictScale.preset("imdb"));
        assertEquals("no verdict scale preset named 'imdb' (presets: house, aggregator, fresh-rotten)", e.getMessage());
    }

    @Test
    void presetResourcesAreThereToCopy() throws IOException {
        for (String name : VerdictScale.presetNames()) {
            try (var in = VerdictScale.class.getResourceAsStream("scales/" + name + ".json")) {
                assertTrue(in != null, name);
                Path copy = dir.resolve("copy-of-" + name + ".json");
                Files.write(copy, in.readAllBytes());
                assertEquals(VerdictScale.preset(name), VerdictScale.load(copy), "a copied preset loads as itself");
            }
        }
    }

    @Test
    void labelForRefusesScoresOutsideTheScale() {
        VerdictScale house = VerdictScale.defaultScale();
        assertThrows(IllegalArgumentException.class, () -> house.labelFor(-1));
        assertThrows(IllegalArgumentException.class, () -> house.labelFor(101));
    }

    @Test
    void bandsAreSortedAndImmutable() {
        VerdictScale scale = VerdictScale.of("two", new VerdictBand(50, 100, "high"), new VerdictBand(0, 49, "low"));
        assertEquals(List.of(new VerdictBand(0, 49, "low"), new VerdictBand(50, 100, "high")), scale.bands());
        assertThrows(UnsupportedOperationException.class, () -> scale.bands().clear());
        assertEquals("low", scale.labelFor(49));
        assertEquals("high", scale.labelFor(50));
        assertEquals("VerdictScale[two: 0–49 low · 50–100 high]", scale.toString());
    }

    @Test
    void aSingleBandCoveringEverythingIsFine() {
        assertEquals("ok", VerdictScale.of("one", new VerdictBand(0, 100, "ok")).labelFor(42));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            gap                 | 0-19 HARD PASS; 20-39 SNOOZER; 45-59 MEH; 60-100 GOOD          | verdict scale 'x': scores 40–44 are not covered (gap between 'SNOOZER' ending at 39 and 'MEH' starting at 45)
            one-score gap       | 0-39 LOW; 41-100 HIGH                                         | verdict scale 'x': score 40 is not covered (gap between 'LOW' ending at 39 and 'HIGH' starting at 41)
            overlap             | 0-19 HARD PASS; 20-40 SNOOZER; 40-59 MEH; 60-100 GOOD         | verdict scale 'x': bands 'SNOOZER' (20–40) and 'MEH' (40–59) overlap on score 40
            wide overlap        | 0-50 LOW; 45-100 HIGH                                         | verdict scale 'x': bands 'LOW' (0–50) and 'HIGH' (45–100) overlap on scores 45–50
            nested              | 0-100 ALL; 30-40 SOME                                         | verdict scale 'x': bands 'ALL' (0–100) and 'SOME' (30–40) overlap on scores 30–40
            not from 0          | 5-49 LOW; 50-100 HIGH                                         | verdict scale 'x': scores 0–4 are not covered (the first band 'LOW' (5–49) starts at 5)
            not to 100          | 0-49 LOW; 50-95 HIGH                                          | verdict scale 'x': scores 96–100 are not covered (the last band 'HIGH' (50–95) ends at 95)
            to 99               | 0-49 LOW; 50-99 HIGH                                          | verdict scale 'x': score 100 is not covered (the last band 'HIGH' (50–99) ends at 99)
            blank label         | 0-49 LOW; 50-100 '  '                                         | verdict scale 'x': band 2 (50–100) has a blank label
            backwards           | 0-49 LOW; 100-50 HIGH                                         | verdict scale 'x': band 'HIGH' (100–50) runs backwards (from 100 down to 50); scores 50–100 are not covered (the last band 'LOW' (0–49) ends at 49)
            outside             | -10-49 LOW; 50-120 HIGH                                       | verdict scale 'x': band 'LOW' (-10–49) reaches outside 0–100; band 'HIGH' (50–120) reaches outside 0–100
            two problems        | 0-39 LOW; 41-90 HIGH                                          | verdict scale 'x': score 40 is not covered (gap between 'LOW' ending at 39 and 'HIGH' starting at 41); scores 91–100 are not covered (the last band 'HIGH' (41–90) ends at 90)
            """)
    void invalidScalesAreRefusedNamingTheProblem(String what, String bands, String message) {
        InvalidVerdictScaleException e = assertThrows(InvalidVerdictScaleException.class,
                () -> new VerdictScale("x", parseBands(bands)), what);
        assertEquals(message, e.getMessage(), what);
    }

    @Test
    void emptyAndNamelessScalesAreRefused() {
        assertEquals("verdict scale 'x': it has no bands (it must cover scores 0–100)",
                assertThrows(InvalidVerdictScaleException.class, () -> new VerdictScale("x", List.of())).getMessage());
        assertEquals("verdict scale has no name",
                assertThrows(InvalidVerdictScaleException.class,
                        () -> VerdictScale.of(" ", new VerdictBand(0, 100, "ok"))).getMessage());
        assertTrue(assertThrows(InvalidVerdictScaleException.class,
                () -> VerdictScale.of("x", new VerdictBand(0, 100, null))).getMessage().contains("has a blank label"));
    }

    @Test
    void loadsAScaleFile() throws IOException {
        Path file = write("critic.json", """
                {
                  "name": "critic",
                  "description": "three bands, listed out of order",
                  "bands": [
                    {"from": 70, "to": 100, "label": "Recommended"},
                    {"from": 0,  "to": 39,  "label": "Skip"},
                    {"from": 40, "to": 69,  "label": "Maybe"}
                  ]
                }
                """);
        VerdictScale scale = VerdictScale.load(file);
        assertEquals("critic", scale.name());
        assertEquals("Skip", scale.labelFor(39));
        assertEquals("Maybe", scale.labelFor(40));
        assertEquals("Recommended", scale.labelFor(70));
        assertEquals(scale, VerdictScale.resolve(file.toString()));
    }

    @Test
    void aFileWithoutANameIsNamedAfterTheFile() throws IOException {
        Path file = write("two-way.json", """
                {"bands": [{"from": 0, "to": 49, "label": "no"}, {"from": 50, "to": 100, "label": "yes"}]}
                """);
        assertEquals("two-way", VerdictScale.load(file).name());
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            gap            | {"name":"x","bands":[{"from":0,"to":39,"label":"SNOOZER"},{"from":45,"to":100,"label":"MEH"}]}  | verdict scale 'x': scores 40–44 are not covered (gap between 'SNOOZER' ending at 39 and 'MEH' starting at 45)
            overlap        | {"name":"x","bands":[{"from":0,"to":50,"label":"A"},{"from":50,"to":100,"label":"B"}]}          | verdict scale 'x': bands 'A' (0–50) and 'B' (50–100) overlap on score 50
            not from 0     | {"name":"x","bands":[{"from":1,"to":100,"label":"A"}]}                                            | verdict scale 'x': score 0 is not covered (the first band 'A' (1–100) starts at 1)
            not to 100     | {"name":"x","bands":[{"from":0,"to":90,"label":"A"}]}                                             | verdict scale 'x': scores 91–100 are not covered (the last band 'A' (0–90) ends at 90)
            no bands       | {"name":"x","bands":[]}                                                                           | verdict scale 'x': it has no bands (it must cover scores 0–100)
            bands missing  | {"name":"x"}                                                                                      | has no "bands"
            bands object   | {"name":"x","bands":{}}                                                                           | "bands" must be an array of {"from", "to", "label"}
            not an object  | [1,2,3]                                                                                           | expected a JSON object with "name" and "bands"
            malformed      | {"name":"x","bands":[                                                                             | is not valid JSON (line 1, column 22)
            trailing       | {"name":"x","bands":[{"from":0,"to":100,"label":"A"}]} {}                                         | is not valid JSON
            duplicate key  | {"name":"x","name":"y","bands":[{"from":0,"to":100,"label":"A"}]}                                 | is not valid JSON (line 1, column 19): Duplicate field 'name'
            no to          | {"name":"x","bands":[{"from":0,"label":"A"}]}                                                     | band 1 has no "to"
            fraction       | {"name":"x","bands":[{"from":0,"to":19.5,"label":"A"}]}                                           | band 1: "to" must be a whole number, not 19.5
            string number  | {"name":"x","bands":[{"from":"0","to":100,"label":"A"}]}                                          | band 1: "from" must be a whole number, not "0"
            huge number    | {"name":"x","bands":[{"from":0,"to":10000000000,"label":"A"}]}                                    | band 1: "to" must be a whole number, not 10000000000
            no label       | {"name":"x","bands":[{"from":0,"to":100}]}                                                        | band 1: "label" must be a string
            blank label    | {"name":"x","bands":[{"from":0,"to":100,"label":" "}]}                                            | verdict scale 'x': band 1 (0–100) has a blank label
            band not obj   | {"name":"x","bands":[42]}                                                                         | band 1 must be an object
            unknown key    | {"name":"x","band":[]}                                                                            | unknown key "band" (expected bands, description, name)
            unknown in band| {"name":"x","bands":[{"from":0,"to":100,"label":"A","colour":"red"}]}                             | band 1: unknown key "colour" (expected from, label, to)
            blank name     | {"name":" ","bands":[{"from":0,"to":100,"label":"A"}]}                                            | "name" must be a non-blank string
            typed name     | {"name":{"@class":"java.lang.Runtime"},"bands":[]}                                                | "name" must be a non-blank string
            """)
    void badScaleFilesAreRefusedNamingTheProblem(String what, String json, String expected) throws IOException {
        Path file = write("bad.json", json);
        InvalidVerdictScaleException e = assertThrows(InvalidVerdictScaleException.class, () -> VerdictScale.load(file), what);
        assertTrue(e.getMessage().startsWith("verdict scale file '" + file + "'"), e.getMessage());
        assertTrue(e.getMessage().contains(expected), () -> what + ": «" + e.getMessage() + "» should contain «" + expected + "»");
    }

    @Test
    void emptyAndMissingFilesAreRefused() throws IOException {
        Path empty = write("empty.json", "  \n");
        assertEquals("verdict scale file '" + empty + "' is empty",
                assertThrows(InvalidVerdictScaleException.class, () -> VerdictScale.load(empty)).getMessage());
        Path missing = dir.resolve("missing.json");
        assertTrue(assertThrows(InvalidVerdictScaleException.class, () -> VerdictScale.load(missing)).getMessage()
                .startsWith("cannot read verdict scale file '" + missing + "': NoSuchFileException"));
    }

    @Test
    void oversizedFilesAreRefusedUnread() throws IOException {
        Path big = write("big.json", " ".repeat(70_000));
        assertTrue(assertThrows(InvalidVerdictScaleException.class, () -> VerdictScale.load(big)).getMessage()
                .contains("is larger than 65536 bytes"));
    }

    @Test
    void resolveTakesAPresetNameOrAPath() throws IOException {
        assertSame(VerdictScale.preset("fresh-rotten"), VerdictScale.resolve("fresh-rotten"));
        Path file = write("mine.json", "{\"name\":\"mine\",\"bands\":[{\"from\":0,\"to\":100,\"label\":\"ok\"}]}");
        assertEquals("mine", VerdictScale.resolve(file.toString()).name());
        InvalidVerdictScaleException e = assertThrows(InvalidVerdictScaleException.class, () -> VerdictScale.resolve("nope"));
        assertEquals("verdict scale 'nope' is neither a preset (house, aggregator, fresh-rotten) nor an existing file", e.getMessage());
        assertThrows(InvalidVerdictScaleException.class, () -> VerdictScale.resolve(" "));
    }

    @Test
    void fromJsonReadsTextAndRequiresAName() {
        assertEquals("t", VerdictScale.fromJson("{\"name\":\"t\",\"bands\":[{\"from\":0,\"to\":100,\"label\":\"ok\"}]}", "inline").name());
        assertTrue(assertThrows(InvalidVerdictScaleException.class,
                () -> VerdictScale.fromJson("{\"bands\":[{\"from\":0,\"to\":100,\"label\":\"ok\"}]}", "inline"))
                .getMessage().endsWith("has no \"name\""));
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }

    /** {@code 0-19 HARD PASS; 20-39 SNOOZER}; a from or to may be negative, a label may be quoted blank. */
    private static List<VerdictBand> parseBands(String spec) {
        return java.util.Arrays.stream(spec.split(";")).map(String::strip).map(part -> {
            var m = java.util.regex.Pattern.compile("(-?\\d+)-(-?\\d+) (.*)").matcher(part);
            if (!m.matches()) {
                throw new IllegalArgumentException(part);
            }
            String label = m.group(3).startsWith("'") ? m.group(3).substring(1, m.group(3).length() - 1) : m.group(3);
            return new VerdictBand(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), label);
        }).toList();
    }
}
