package io.reviewflow.benchmarks.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The benches' result files as JSON, written by hand so that every number has three decimals and a
 * field's order is the order it was put in: the files are read by people and diffed between runs.
 */
final class JsonText {

    private JsonText() {}

    /**
     * One line per top-level field, and one per element of a top-level list or field of a top-level
     * object that holds objects; everything deeper inline.
     */
    static String document(Map<String, ?> fields) {
        List<String> lines = new ArrayList<>();
        fields.forEach((k, v) -> {
            List<String> items = new ArrayList<>();
            if (v instanceof List<?> list && list.stream().anyMatch(item -> item instanceof Map<?, ?>)) {
                list.forEach(item -> items.add("    " + value(item)));
                lines.add("  " + quote(k) + ": [\n" + String.join(",\n", items) + "\n  ]");
            } else if (v instanceof Map<?, ?> map && map.values().stream().anyMatch(item -> item instanceof Map<?, ?>)) {
                map.forEach((name, item) -> items.add("    " + quote(name.toString()) + ": " + value(item)));
                lines.add("  " + quote(k) + ": {\n" + String.join(",\n", items) + "\n  }");
            } else {
                lines.add("  " + quote(k) + ": " + value(v));
            }
        });
        return "{\n" + String.join(",\n", lines) + "\n}\n";
    }

    static String object(Map<String, ?> map) {
        List<String> fields = new ArrayList<>();
        map.forEach((k, v) -> fields.add(quote(k) + ": " + value(v)));
        return "{" + String.join(", ", fields) + "}";
    }

    @SuppressWarnings("unchecked")
    static String value(Object v) {
        if (v instanceof Map<?, ?> m) {
            return object((Map<String, ?>) m);
        }
        if (v instanceof List<?> list) {
            List<String> items = new ArrayList<>();
            list.forEach(item -> items.add(value(item)));
            return "[" + String.join(", ", items) + "]";
        }
        if (v instanceof Double d) {
            return d.isNaN() || d.isInfinite() ? "null" : String.format(Locale.ROOT, "%.3f", d);
        }
        if (v instanceof Number || v instanceof Boolean) {
            return v.toString();
        }
        return v == null ? "null" : quote(v.toString());
    }

    static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}
