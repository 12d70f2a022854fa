package io.reviewflow.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MarkdownTextTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "plain text, with (parens). | plain text, with (parens).",
            "<b>bold</b> | &lt;b&gt;bold&lt;/b&gt;",
            "&lt; &amp; | &amp;lt; &amp;amp;",
            "[x](javascript:alert(1)) | \\[x\\](javascript:alert(1))",
            "![img](x) | !\\[img\\](x)",
            "*a* _b_ `c` ~d~ | \\*a\\* \\_b\\_ \\`c\\` \\~d\\~",
            "back\\slash | back\\\\slash",
            "# not heading | \\# not heading",
            "\"a | b\" | \"a \\| b\"",
            "- not a list | \\- not a list",
            "+ not a list | \\+ not a list",
            "=== | \\===",
            "1. not ordered | 1\\. not ordered",
            "2049) not ordered | 2049\\) not ordered",
            "2049 is a year. | 2049 is a year.",
            "\"  two\n\nlines\r\n  here  \" | two lines here",
            "\"tab\there\u2028there\" | tab here there"})
    void makesWriterTextInert(String text, String expected) {
        assertEquals(expected, MarkdownText.escape(text));
    }
}
