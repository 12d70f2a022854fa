package io.reviewflow.gateway;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The writers' bearer tokens, stored as SHA-256 hashes so that the file gives nobody a token.
 * One line per token: {@code writerId:sha256hex} (hex of the token's UTF-8 bytes, as
 * {@code printf %s "$TOKEN" | sha256sum} prints it); blank lines and {@code #} comments are
 * ignored; a writer may have several tokens (rotation). The writer id of a request comes from
 * here and nowhere else.
 */
final class WriterTokens {

    static final Pattern WRITER_ID = Pattern.compile("[A-Za-z0-9._@-]{1,100}");
    private static final Pattern HASH = Pattern.compile("[0-9a-fA-F]{64}");
    /** Longer bearer values are refused before hashing: nothing a request sends is unbounded. */
    static final int MAX_TOKEN_CHARS = 512;

    private record Entry(String writerId, byte[] hash) {}

    private final List<Entry> entries;

    private WriterTokens(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /**
     * @throws IllegalArgumentException naming the file and line of the first malformed entry, never its hash
     */
    static WriterTokens load(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("tokens: cannot read " + file + ": " + e.getMessage());
        }
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int colon = line.lastIndexOf(':');
            String writer = colon < 0 ? "" : line.substring(0, colon).strip();
            String hash = colon < 0 ? "" : line.substring(colon + 1).strip();
            if (!WRITER_ID.matcher(writer).matches() || !HASH.matcher(hash).matches()) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + ": expected writerId:sha256hex "
                        + "(writer id of A-Z a-z 0-9 . _ @ -, and 64 hex digits)");
            }
            byte[] digest = HexFormat.of().parseHex(hash);
            if (entries.stream().anyMatch(e -> MessageDigest.isEqual(e.hash(), digest))) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + ": the same token is listed twice");
            }
            entries.add(new Entry(writer, digest));
        }
        if (entries.isEmpty()) {
            throw new IllegalArgumentException(file + " lists no token: no writer could use the gateway");
        }
        return new WriterTokens(entries);
    }

    /**
     * The writer a token belongs to. Every entry is compared, in constant time each, so the time
     * taken says nothing about which entry (or how much of one) matched.
     */
    Optional<String> writerOf(String token) {
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_CHARS) {
            return Optional.empty();
        }
        byte[] digest = sha256(token);
        String writer = null;
        for (Entry entry : entries) {
            if (MessageDigest.isEqual(entry.hash(), digest)) {
                writer = entry.writerId();
            }
        }
        return Optional.ofNullable(writer);
    }

    static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
