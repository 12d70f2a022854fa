package io.reviewflow.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;

/**
 * Every released version of every topic schema, read from the manifest under
 * {@code io/reviewflow/schemas/released/}. A released file is self-contained (all named types
 * inlined), so any Avro library can use it alone; a released file is never edited, only added to.
 */
public final class ReleasedSchemas {

    static final String ROOT = "io/reviewflow/schemas/released/";
    static final String MANIFEST = ROOT + "manifest.json";

    /** One released version, as the manifest lists it. */
    public record Version(String name, int version, String file, String fingerprintHex, Schema schema) {}

    private static final Map<String, List<Version>> BY_NAME = load();

    private ReleasedSchemas() {}

    /** Released versions of the named schema (full name, e.g. {@code io.reviewflow.avro.IngestedReview}), oldest first. */
    public static List<Version> versionsOf(String fullName) {
        return BY_NAME.getOrDefault(fullName, List.of());
    }

    /** All released versions, grouped by schema full name. */
    public static Map<String, List<Version>> all() {
        return BY_NAME;
    }

    public static String fingerprintHex(Schema schema) {
        long fp = SchemaNormalization.parsingFingerprint64(schema);
        return String.format("%016x", fp);
    }

    private static Map<String, List<Version>> load() {
        ClassLoader loader = ReleasedSchemas.class.getClassLoader();
        try (InputStream in = loader.getResourceAsStream(MANIFEST)) {
            if (in == null) {
                return Map.of();
            }
            // A fixed tree read, no polymorphic typing: the manifest is plain data.
            JsonNode manifest = new ObjectMapper().readTree(in);
            Map<String, List<Version>> byName = new LinkedHashMap<>();
            for (JsonNode entry : manifest.path("schemas")) {
                String name = entry.path("name").asText();
                String file = entry.path("file").asText();
                Schema schema;
                try (InputStream schemaIn = loader.getResourceAsStream(ROOT + file)) {
                    if (schemaIn == null) {
                        throw new IllegalStateException("manifest names " + file + " but it is not on the class path");
                    }
                    schema = new Schema.Parser().parse(schemaIn);
                }
                byName.computeIfAbsent(name, k -> new ArrayList<>())
                        .add(new Version(name, entry.path("version").asInt(), file,
                                entry.path("fingerprint").asText(), schema));
            }
            byName.replaceAll((k, v) -> List.copyOf(v));
            return Map.copyOf(byName);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + MANIFEST, e);
        }
    }
}
