package io.reviewflow.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WriterTokensTest {

    @TempDir
    Path dir;

    @Test
    void aTokenNamesTheWriterWhoseHashMatchesAndNoOtherDoes() throws IOException {
        // Given a file with two writers, one of them with two tokens (rotation), a comment and a blank line
        WriterTokens tokens = WriterTokens.load(file("# writers\n\n" + line("alice", "a1") + line("alice", "a2") + line("bob", "b1")));

        // Then each token names its writer, and anything else names nobody
        assertEquals(Optional.of("alice"), tokens.writerOf("a1"));
        assertEquals(Optional.of("alice"), tokens.writerOf("a2"));
        assertEquals(Optional.of("bob"), tokens.writerOf("b1"));
        assertEquals(Optional.empty(), tokens.writerOf("b2"));
        assertEquals(Optional.empty(), tokens.writerOf(""));
        assertEquals(Optional.empty(), tokens.writerOf("x".repeat(WriterTokens.MAX_TOKEN_CHARS + 1)));
    }

    @Test
    void aMalformedLineIsNamedByNumberWithoutItsHash() throws IOException {
        Path file = file(line("alice", "a1") + "bob:not-a-hash\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WriterTokens.load(file));
        assertEquals(file + " line 2: expected writerId:sha256hex (writer id of A-Z a-z 0-9 . _ @ -, and 64 hex digits)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> WriterTokens.load(file(line("a", "same") + line("b", "same"))));
        assertThrows(IllegalArgumentException.class, () -> WriterTokens.load(file("# nobody\n")));
        assertFalse(e.getMessage().contains(hex("a1")));
    }

    private Path file(String text) throws IOException {
        Path file = Files.createTempFile(dir, "tokens", "");
        Files.writeString(file, text);
        return file;
    }

    private static String line(String writer, String token) {
        return writer + ":" + hex(token) + "\n";
    }

    private static String hex(String token) {
        return HexFormat.of().formatHex(WriterTokens.sha256(token));
    }
}
