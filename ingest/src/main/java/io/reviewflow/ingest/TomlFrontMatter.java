package io.reviewflow.ingest;

import io.reviewflow.domain.Outcome;
import io.reviewflow.domain.Problem;
import io.reviewflow.domain.RejectionReason;
import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseError;
import org.tomlj.TomlParseOptions;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlPosition;

/**
 * Reads Hugo's TOML front matter ({@code +++} fences) with tomlj, which reads into tables only and
 * binds nothing to classes unless asked. TOML has no aliases; duplicate keys are errors in the
 * language itself; nesting is capped at {@value #MAX_NESTING_DEPTH}, as for YAML and JSON.
 */
final class TomlFrontMatter {

    static final int MAX_NESTING_DEPTH = 32;

    private static final TomlParseOptions OPTIONS = TomlParseOptions.defaults().withMaxNestingDepth(MAX_NESTING_DEPTH);

    private TomlFrontMatter() {}

    /**
     * The top-level keys of {@code toml}, the lines between the fences.
     *
     * @param firstLine the document line of the block's first line, to turn TOML's lines into the document's
     */
    static Outcome<List<FrontMatterEntry>> entries(String toml, int firstLine) {
        TomlParseResult result = Toml.parse(toml, OPTIONS);
        if (result.hasErrors()) {
            TomlParseError first = result.errors().stream()
                    .min(Comparator.comparingInt((TomlParseError e) -> e.position().line())
                            .thenComparingInt(e -> e.position().column()))
                    .orElseThrow();
            return Outcome.rejected(Problem.atLine(RejectionReason.MALFORMED_DOCUMENT,
                    firstLine - 1 + first.position().line(),
                    "the front matter cannot be read as TOML: " + LibraryMessages.oneLine(first.getMessage(), "invalid TOML")));
        }
        List<FrontMatterEntry> entries = new ArrayList<>(result.size());
        for (Map.Entry<String, Object> e : result.entrySet()) {
            TomlPosition position = result.inputPositionOf(List.of(e.getKey()));
            int line = firstLine - 1 + (position == null ? 1 : position.line());
            entries.add(entry(e.getKey(), line, e.getValue()));
        }
        return Outcome.accepted(entries);
    }

    private static FrontMatterEntry entry(String key, int line, Object value) {
        if (value instanceof String s) {
            return FrontMatterEntry.text(key, line, s);
        }
        if (value instanceof Long || value instanceof Double) {
            return FrontMatterEntry.text(key, line, value.toString());
        }
        String shape = value instanceof TomlArray ? "a list"
                : value instanceof Boolean ? "true or false"
                : value instanceof Temporal ? "a date or time"
                : "a table";
        return FrontMatterEntry.notText(key, line, shape);
    }
}
