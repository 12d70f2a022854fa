package io.reviewflow.testkit.guarantees;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A few concrete examples of each kind of failure, for an assertion message: enough to start
 * debugging from, without ten thousand lines when everything fails at once.
 */
final class Examples {

    private static final int PER_KIND = 5;

    private final Map<String, List<String>> byKind = new LinkedHashMap<>();

    void add(String kind, String example) {
        List<String> examples = byKind.computeIfAbsent(kind, k -> new ArrayList<>());
        if (examples.size() < PER_KIND) {
            examples.add(example);
        }
    }

    List<String> lines() {
        List<String> lines = new ArrayList<>();
        byKind.forEach((kind, examples) -> examples.forEach(e -> lines.add(kind + ": " + e)));
        return List.copyOf(lines);
    }
}
