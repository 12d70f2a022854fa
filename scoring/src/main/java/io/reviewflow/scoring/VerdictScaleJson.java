package io.reviewflow.scoring;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The verdict scale file format. Read as a tree rather than bound to classes so that every
 * mistake a person can make in a hand-written file (a missing {@code to}, {@code 19.5}, a typo
 * in a key) gets a message in the file's own terms; no polymorphic typing is involved.
 */
final class VerdictScaleJson {

    /** Far above any real scale; keeps a wrong path (a log file, say) from being read whole. */
    static final long MAX_FILE_BYTES = 64 * 1024;

    private static final Set<String> TOP_KEYS = Set.of("name", "description", "bands");
    private static final Set<String> BAND_KEYS = Set.of("from", "to", "label");

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private VerdictScaleJson() {}

    /**
     * @param source      what the JSON is, for messages
     * @param defaultName the name when the JSON has none, or {@code null} to require one
     */
    static VerdictScale read(String json, String source, String defaultName) {
        String where = "verdict scale file '" + source + "'";
        if (json.isBlank()) {
            throw new InvalidVerdictScaleException(where + " is empty");
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new InvalidVerdictScaleException(where + " is not valid JSON"
                    + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")")
                    + ": " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new InvalidVerdictScaleException(where + ": expected a JSON object with \"name\" and \"bands\"");
        }
        unknownKeys(root, TOP_KEYS, where);

        String name = defaultName;
        JsonNode nameNode = root.get("name");
        if (nameNode != null) {
            if (!nameNode.isTextual() || nameNode.asText().isBlank()) {
                throw new InvalidVerdictScaleException(where + ": \"name\" must be a non-blank string");
            }
            name = nameNode.asText().strip();
        } else if (name == null || name.isBlank()) {
            throw new InvalidVerdictScaleException(where + ": has no \"name\"");
        }

        JsonNode bandsNode = root.get("bands");
        if (bandsNode == null) {
            throw new InvalidVerdictScaleException(where + ": has no \"bands\"");
        }
        if (!bandsNode.isArray()) {
            throw new InvalidVerdictScaleException(where + ": \"bands\" must be an array of {\"from\", \"to\", \"label\"}");
        }
        List<VerdictBand> bands = new ArrayList<>(bandsNode.size());
        for (int i = 0; i < bandsNode.size(); i++) {
            JsonNode band = bandsNode.get(i);
            String which = where + ": band " + (i + 1);
            if (!band.isObject()) {
                throw new InvalidVerdictScaleException(which + " must be an object {\"from\", \"to\", \"label\"}");
            }
            unknownKeys(band, BAND_KEYS, which);
            JsonNode label = band.get("label");
            if (label == null || !label.isTextual()) {
                throw new InvalidVerdictScaleException(which + ": \"label\" must be a string");
            }
            bands.add(new VerdictBand(wholeNumber(band, "from", which), wholeNumber(band, "to", which), label.asText()));
        }
        try {
            return new VerdictScale(name, bands);
        } catch (InvalidVerdictScaleException e) {
            throw new InvalidVerdictScaleException(where + ": " + e.getMessage(), e);
        }
    }

    private static int wholeNumber(JsonNode band, String key, String which) {
        JsonNode value = band.get(key);
        if (value == null) {
            throw new InvalidVerdictScaleException(which + " has no \"" + key + "\"");
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw new InvalidVerdictScaleException(which + ": \"" + key + "\" must be a whole number, not " + value);
        }
        return value.intValue();
    }

    private static void unknownKeys(JsonNode object, Set<String> allowed, String where) {
        for (Iterator<String> keys = object.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            if (!allowed.contains(key)) {
                throw new InvalidVerdictScaleException(where + ": unknown key \"" + key + "\" (expected "
                        + String.join(", ", allowed.stream().sorted().toList()) + ")");
            }
        }
    }
}
