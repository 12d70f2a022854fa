package io.reviewflow.publish;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/** The publish templates on the class path, and running one to a string. */
final class Templates {

    static final String ROOT = "io/reviewflow/publish/templates";

    private Templates() {}

    static DefaultMustacheFactory factory() {
        return new DefaultMustacheFactory(ROOT);
    }

    static String execute(Mustache template, Object scope) {
        // Sized for a whole page (~20 KiB for the seed review), so the buffer rarely grows.
        StringWriter out = new StringWriter(32 * 1024);
        try {
            template.execute(out, scope).flush();
        } catch (IOException e) {
            // A StringWriter does not fail; this is unreachable in practice.
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
