package io.reviewflow.ingest;

import java.util.ArrayList;
import java.util.List;

/** Splits text into paragraphs at blank lines; each paragraph's lines are trimmed and kept on their own lines. */
final class Paragraphs {

    private Paragraphs() {}

    static List<String> split(String text) {
        List<String> paragraphs = new ArrayList<>();
        StringBuilder current = null;
        for (String line : DocumentLines.split(text)) {
            String trimmed = Whitespace.trim(line);
            if (trimmed.isEmpty()) {
                if (current != null) {
                    paragraphs.add(current.toString());
                    current = null;
                }
            } else if (current == null) {
                current = new StringBuilder(trimmed);
            } else {
                current.append('\n').append(trimmed);
            }
        }
        if (current != null) {
            paragraphs.add(current.toString());
        }
        return paragraphs;
    }
}
