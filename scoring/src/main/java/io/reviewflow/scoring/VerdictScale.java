package io.reviewflow.scoring;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A named list of {@link VerdictBand}s that together give every integer score from 0 to 100
 * exactly one label. Immutable and thread-safe; validated at construction, so a scale that
 * exists is a scale that works.
 *
 * <p>Scales are configuration: the presets ({@code house}, {@code aggregator},
 * {@code fresh-rotten}) live as JSON resources under {@code io/reviewflow/scoring/scales/},
 * the same format a deployment writes for {@link #load(Path)}.
 */
public final class VerdictScale {

    /** The preset used when nothing else is configured. */
    public static final String DEFAULT_PRESET = "house";

    public static final int MIN_SCORE = 0;
    public static final int MAX_SCORE = 100;

    // The names are code (resources cannot be listed portably from a jar); the bands are not.
    private static final List<String> PRESET_NAMES = List.of("house", "aggregator", "fresh-rotten");
    private static final Map<String, VerdictScale> PRESETS = loadPresets();

    private final String name;
    private final List<VerdictBand> bands;
    // One slot per score: a lookup is an array read, which keeps scoring allocation-free.
    private final String[] labelByScore;

    /**
     * @param name  the scale's name, carried on every verdict ({@code Verdict.scaleName})
     * @param bands the bands, in any order (kept sorted by {@code from})
     * @throws InvalidVerdictScaleException if the name is blank, a label is blank, a band runs
     *         backwards or outside 0–100, or the bands leave a gap or overlap
     */
    public VerdictScale(String name, List<VerdictBand> bands) {
        if (name == null || name.isBlank()) {
            throw new InvalidVerdictScaleException("verdict scale has no name");
        }
        Objects.requireNonNull(bands, "bands");
        List<VerdictBand> sorted = new ArrayList<>(bands.size());
        for (VerdictBand band : bands) {
            sorted.add(Objects.requireNonNull(band, "band"));
        }
        sorted.sort(Comparator.comparingInt(VerdictBand::from).thenComparingInt(VerdictBand::to));
        List<String> problems = problemsOf(bands, sorted);
        if (!problems.isEmpty()) {
            throw new InvalidVerdictScaleException("verdict scale '" + name + "': " + String.join("; ", problems));
        }
        this.name = name;
        this.bands = List.copyOf(sorted);
        this.labelByScore = new String[MAX_SCORE + 1];
        for (VerdictBand band : this.bands) {
            for (int score = band.from(); score <= band.to(); score++) {
                labelByScore[score] = band.label();
            }
        }
    }

    public static VerdictScale of(String name, VerdictBand... bands) {
        return new VerdictScale(name, List.of(bands));
    }

    public String name() {
        return name;
    }

    /** The bands, sorted by {@code from}. */
    public List<VerdictBand> bands() {
        return bands;
    }

    /**
     * The label for a displayed (integer) score.
     *
     * @throws IllegalArgumentException if the score is outside 0–100
     */
    public String labelFor(int displayScore) {
        if (displayScore < MIN_SCORE || displayScore > MAX_SCORE) {
            throw new IllegalArgumentException("score " + displayScore + " is outside 0–100");
        }
        return labelByScore[displayScore];
    }

    /** The preset names, default first. */
    public static List<String> presetNames() {
        return PRESET_NAMES;
    }

    /** The {@value #DEFAULT_PRESET} preset. */
    public static VerdictScale defaultScale() {
        return PRESETS.get(DEFAULT_PRESET);
    }

    /**
     * A preset by name; case and surrounding white space are ignored.
     *
     * @throws InvalidVerdictScaleException if there is no such preset
     */
    public static VerdictScale preset(String name) {
        VerdictScale scale = name == null ? null : PRESETS.get(name.strip().toLowerCase(Locale.ROOT));
        if (scale == null) {
            throw new InvalidVerdictScaleException(
                    "no verdict scale preset named '" + name + "' (presets: " + String.join(", ", PRESET_NAMES) + ")");
        }
        return scale;
    }

    /**
     * Reads a scale file: {@code {"name": "...", "bands": [{"from": 0, "to": 19, "label": "..."}, ...]}},
     * with an optional {@code "description"}. Without a {@code name}, the file's name less
     * {@code .json} is used.
     *
     * @throws InvalidVerdictScaleException if the file cannot be read, is not such JSON, or
     *         describes an invalid scale
     */
    public static VerdictScale load(Path jsonFile) {
        Objects.requireNonNull(jsonFile, "jsonFile");
        String json;
        try {
            if (Files.size(jsonFile) > VerdictScaleJson.MAX_FILE_BYTES) {
                throw new InvalidVerdictScaleException("verdict scale file '" + jsonFile + "' is larger than "
                        + VerdictScaleJson.MAX_FILE_BYTES + " bytes; a scale is a few lines of JSON");
            }
            json = Files.readString(jsonFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InvalidVerdictScaleException(
                    "cannot read verdict scale file '" + jsonFile + "': " + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
        String fileName = jsonFile.getFileName() == null ? "" : jsonFile.getFileName().toString();
        String defaultName = fileName.endsWith(".json") ? fileName.substring(0, fileName.length() - 5) : fileName;
        return VerdictScaleJson.read(json, jsonFile.toString(), defaultName);
    }

    /**
     * Reads a scale from JSON text in the {@link #load(Path) file format}.
     *
     * @param source what the text is, for messages (e.g. a file name)
     */
    public static VerdictScale fromJson(String json, String source) {
        return VerdictScaleJson.read(Objects.requireNonNull(json, "json"), source, null);
    }

    /**
     * A preset if {@code presetOrPath} names one, otherwise the scale file at that path; what a
     * command-line option or an environment variable would hold.
     *
     * @throws InvalidVerdictScaleException if it is neither a preset nor a readable, valid scale file
     */
    public static VerdictScale resolve(String presetOrPath) {
        if (presetOrPath == null || presetOrPath.isBlank()) {
            throw new InvalidVerdictScaleException("no verdict scale given (a preset: "
                    + String.join(", ", PRESET_NAMES) + ", or the path of a scale file)");
        }
        VerdictScale preset = PRESETS.get(presetOrPath.strip().toLowerCase(Locale.ROOT));
        if (preset != null) {
            return preset;
        }
        Path path = Path.of(presetOrPath.strip());
        if (!Files.exists(path)) {
            throw new InvalidVerdictScaleException("verdict scale '" + presetOrPath + "' is neither a preset ("
                    + String.join(", ", PRESET_NAMES) + ") nor an existing file");
        }
        return load(path);
    }

    private static List<String> problemsOf(List<VerdictBand> given, List<VerdictBand> sorted) {
        List<String> problems = new ArrayList<>();
        if (given.isEmpty()) {
            problems.add("it has no bands (it must cover scores 0–100)");
            return problems;
        }
        for (int i = 0; i < given.size(); i++) {
            VerdictBand band = given.get(i);
            if (band.label() == null || band.label().isBlank()) {
                problems.add("band " + (i + 1) + " (" + band.from() + "–" + band.to() + ") has a blank label");
            }
            if (band.from() > band.to()) {
                problems.add("band " + band.describe() + " runs backwards (from " + band.from() + " down to " + band.to() + ")");
            } else if (band.from() < MIN_SCORE || band.to() > MAX_SCORE) {
                problems.add("band " + band.describe() + " reaches outside 0–100");
            }
        }
        // Coverage is checked on the sorted bands: "expected" is the lowest score no band has covered yet.
        int expected = MIN_SCORE;
        VerdictBand reach = null; // the band reaching highest so far
        for (VerdictBand band : sorted) {
            if (band.from() > band.to()) {
                continue; // already reported; it covers nothing
            }
            if (band.from() > expected) {
                problems.add(uncovered(expected, band.from() - 1) + (reach == null
                        ? " (the first band " + band.describe() + " starts at " + band.from() + ")"
                        : " (gap between " + quote(reach) + " ending at " + reach.to()
                                + " and " + quote(band) + " starting at " + band.from() + ")"));
            } else if (reach != null && band.from() <= reach.to()) {
                int overlapTo = Math.min(band.to(), reach.to());
                problems.add("bands " + reach.describe() + " and " + band.describe() + " overlap on "
                        + (band.from() == overlapTo ? "score " + overlapTo : "scores " + band.from() + "–" + overlapTo));
            }
            if (reach == null || band.to() > reach.to()) {
                reach = band;
            }
            expected = Math.max(expected, band.to() + 1);
        }
        if (reach != null && expected <= MAX_SCORE) {
            problems.add(uncovered(expected, MAX_SCORE) + " (the last band " + reach.describe() + " ends at " + reach.to() + ")");
        } else if (reach == null) {
            problems.add(uncovered(MIN_SCORE, MAX_SCORE));
        }
        return problems;
    }

    private static String uncovered(int from, int to) {
        return (from == to ? "score " + from + " is" : "scores " + from + "–" + to + " are") + " not covered";
    }

    private static String quote(VerdictBand band) {
        return band.label() == null ? "(no label)" : "'" + band.label() + "'";
    }

    private static Map<String, VerdictScale> loadPresets() {
        Map<String, VerdictScale> presets = new LinkedHashMap<>();
        for (String name : PRESET_NAMES) {
            String resource = "scales/" + name + ".json";
            try (InputStream in = VerdictScale.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("verdict scale preset resource missing: " + resource);
                }
                VerdictScale scale = VerdictScaleJson.read(new String(in.readAllBytes(), StandardCharsets.UTF_8), resource, name);
                if (!scale.name().equals(name)) {
                    throw new IllegalStateException("preset resource " + resource + " is named '" + scale.name() + "'");
                }
                presets.put(name, scale);
            } catch (IOException e) {
                throw new IllegalStateException("cannot read verdict scale preset resource " + resource, e);
            }
        }
        return Map.copyOf(presets);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VerdictScale other && name.equals(other.name) && bands.equals(other.bands);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + bands.hashCode();
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("VerdictScale[").append(name).append(":");
        for (VerdictBand band : bands) {
            s.append(' ').append(band.from()).append('–').append(band.to()).append(' ').append(band.label()).append(" ·");
        }
        s.setLength(s.length() - 2);
        return s.append(']').toString();
    }
}
