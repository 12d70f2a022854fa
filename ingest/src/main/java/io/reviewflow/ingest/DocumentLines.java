package io.reviewflow.ingest;

import java.util.ArrayList;
import java.util.List;

/** Splits normalised text (LF line ends only) into lines, without a regex and without dropping blanks. */
final class DocumentLines {

    private DocumentLines() {}

    static List<String> split(String text) {
        List<String> lines = new ArrayList<>(Math.max(16, text.length() / 40));
        int from = 0;
        while (true) {
            int lf = text.indexOf('\n', from);
            if (lf < 0) {
                lines.add(text.substring(from));
                return lines;
            }
            lines.add(text.substring(from, lf));
            from = lf + 1;
        }
    }
}
