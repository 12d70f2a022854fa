package io.reviewflow.schemas;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.avro.Schema;

/**
 * Releases the current topic schemas: writes each one whose fingerprint is not yet released as
 * the next self-contained version file, then rewrites the manifest from the files on disk.
 *
 * <p>Run it when a schema changes, before the change ships:
 * {@code mvn -q -pl schemas compile exec:java -Dexec.mainClass=io.reviewflow.schemas.SchemaRelease -Dexec.args=schemas/src/main/resources}.
 * {@code ReleasedSchemasTest} fails until it has been run, and proves the new version compatible.
 */
public final class SchemaRelease {

    private SchemaRelease() {}

    public static void main(String[] args) throws IOException {
        Path resources = Path.of(args.length > 0 ? args[0] : "src/main/resources");
        Path root = resources.resolve(ReleasedSchemas.ROOT);
        for (Schema schema : TopicSchemas.ALL) {
            release(root, schema);
        }
        writeManifest(root);
    }

    private static void release(Path root, Schema schema) throws IOException {
        Path dir = root.resolve(schema.getName());
        Files.createDirectories(dir);
        String fingerprint = ReleasedSchemas.fingerprintHex(schema);
        int next = 1;
        for (Path existing : versionFiles(dir)) {
            Schema released = new Schema.Parser().parse(existing.toFile());
            if (ReleasedSchemas.fingerprintHex(released).equals(fingerprint)) {
                System.out.println(schema.getName() + ": already released as " + existing.getFileName());
                return;
            }
            next = Math.max(next, versionNumber(existing) + 1);
        }
        Path file = dir.resolve("v" + next + ".avsc");
        Files.writeString(file, releasedForm(schema) + "\n", StandardCharsets.UTF_8);
        System.out.println(schema.getName() + ": released " + root.relativize(file) + " (" + fingerprint + ")");
    }

    /** The schema with every named type inlined and without Java-only properties, so any Avro library reads it alone. */
    static String releasedForm(Schema schema) {
        String json = schema.toString(true);
        return json.replaceAll(",\\s*\"avro\\.java\\.string\"\\s*:\\s*\"String\"", "");
    }

    private static void writeManifest(Path root) throws IOException {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode manifest = mapper.createObjectNode();
        manifest.put("comment", "Every released schema version with its CRC-64-AVRO fingerprint (hex, of the "
                + "Parsing Canonical Form). Written by SchemaRelease; checked by ReleasedSchemasTest.");
        ArrayNode entries = manifest.putArray("schemas");
        for (Schema current : TopicSchemas.ALL) {
            Path dir = root.resolve(current.getName());
            for (Path file : versionFiles(dir)) {
                Schema released = new Schema.Parser().parse(file.toFile());
                ObjectNode entry = entries.addObject();
                entry.put("name", released.getFullName());
                entry.put("version", versionNumber(file));
                entry.put("file", root.relativize(file).toString().replace('\\', '/'));
                entry.put("fingerprint", ReleasedSchemas.fingerprintHex(released));
            }
        }
        Files.writeString(root.resolve("manifest.json"), mapper.writeValueAsString(manifest) + "\n", StandardCharsets.UTF_8);
    }

    private static List<Path> versionFiles(Path dir) throws IOException {
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            try (var stream = Files.list(dir)) {
                stream.filter(p -> p.getFileName().toString().matches("v\\d+\\.avsc")).forEach(files::add);
            }
        }
        files.sort(Comparator.comparingInt(SchemaRelease::versionNumber));
        return files;
    }

    private static int versionNumber(Path file) {
        String name = file.getFileName().toString();
        return Integer.parseInt(name.substring(1, name.length() - ".avsc".length()));
    }
}
