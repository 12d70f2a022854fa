package io.reviewflow.publish;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import java.io.IOException;
import java.io.Writer;
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
        return execute(template, scope, 32 * 1024);
    }

    /**
     * Runs a template into a buffer of {@code expectedChars}: a page per review is rendered
     * thousands of times a second, so the buffer is unsynchronised (not StringWriter's
     * StringBuffer) and sized by the caller from the input instead of one size for all.
     */
    static String execute(Mustache template, Object scope, int expectedChars) {
        TextBuffer out = new TextBuffer(expectedChars);
        try {
            template.execute(out, scope).flush();
        } catch (IOException e) {
            // The buffer does not fail; this is unreachable in practice.
            throw new UncheckedIOException(e);
        }
        return out.text.toString();
    }

    /** A Writer over a StringBuilder. */
    private static final class TextBuffer extends Writer {
        private final StringBuilder text;

        TextBuffer(int capacity) {
            this.text = new StringBuilder(capacity);
        }

        @Override
        public void write(char[] chars, int offset, int length) {
            text.append(chars, offset, length);
        }

        @Override
        public void write(String string, int offset, int length) {
            text.append(string, offset, offset + length);
        }

        @Override
        public void write(int c) {
            text.append((char) c);
        }

        @Override
        public Writer append(CharSequence chars) {
            text.append(chars);
            return this;
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    }
}
