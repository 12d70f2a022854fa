package io.reviewflow.ingest;

import io.reviewflow.domain.Outcome;
import io.reviewflow.domain.Problem;
import io.reviewflow.domain.RejectionReason;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Turns submitted bytes into normalised text, refusing oversized and non-UTF-8 documents. The size
 * is checked on the bytes, before any decoding work is spent on them.
 */
final class DocumentDecoder {

    private final int maxDocumentBytes;

    DocumentDecoder(int maxDocumentBytes) {
        this.maxDocumentBytes = maxDocumentBytes;
    }

    Outcome<String> decode(byte[] document) {
        if (document.length > maxDocumentBytes) {
            return Outcome.rejected(RejectionReason.DOCUMENT_TOO_LARGE,
                    "the document is " + document.length + " bytes; the limit is " + maxDocumentBytes
                            + " bytes (" + describeKiB(maxDocumentBytes) + "): shorten it and resubmit");
        }
        // The JDK's decoding constructor is several times faster than a CharsetDecoder, and it
        // turns every malformed sequence into U+FFFD. So a result without U+FFFD proves the bytes
        // valid; only a document with one (malformed, or a genuine U+FFFD) takes the strict path.
        String lenient = new String(document, StandardCharsets.UTF_8);
        if (lenient.indexOf('\uFFFD') < 0) {
            return Outcome.accepted(TextNormaliser.normalise(lenient));
        }
        return decodeStrictly(document);
    }

    private static Outcome<String> decodeStrictly(byte[] document) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(document);
        // UTF-8 never yields more UTF-16 units than it has bytes, so one pass fills this buffer.
        CharBuffer out = CharBuffer.allocate(document.length);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            int offset = in.position();
            int line = lineOf(document, offset);
            return Outcome.rejected(Problem.atLine(RejectionReason.NOT_UTF8, line,
                    "the document is not valid UTF-8: byte 0x" + hex(document[offset]) + " at byte offset "
                            + offset + " cannot be decoded; save the file as UTF-8 and resubmit"));
        }
        out.flip();
        return Outcome.accepted(TextNormaliser.normalise(out.toString()));
    }

    /** The 1-based line of a byte, counting line ends as the parsers do: LF, CRLF or a lone CR. */
    private static int lineOf(byte[] document, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (document[i] == '\n' || (document[i] == '\r' && (i + 1 >= document.length || document[i + 1] != '\n'))) {
                line++;
            }
        }
        return line;
    }

    private static String hex(byte b) {
        String h = Integer.toHexString(b & 0xFF).toUpperCase(java.util.Locale.ROOT);
        return h.length() == 1 ? "0" + h : h;
    }

    private static String describeKiB(int bytes) {
        return bytes % 1024 == 0 ? (bytes / 1024) + " KiB" : bytes + " bytes";
    }
}
