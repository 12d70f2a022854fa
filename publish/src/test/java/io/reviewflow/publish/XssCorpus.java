package io.reviewflow.publish;

import java.util.List;

/** Hostile strings a writer might put in any field of a review. */
final class XssCorpus {

    static final List<String> PAYLOADS = List.of(
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "\"><svg onload=alert(1)>",
            "javascript:alert(1)",
            "</script><script>alert(1)</script>",
            "<style>body{display:none}</style>",
            "' onmouseover='alert(1)",
            "<!--",
            "{{title}}",
            "&lt;",
            "[click](javascript:alert(1)) ![x](x) <http://evil.example/> *em* _em_ `code` # not a heading",
            "line one\n# heading\n- item\n<div>\u2028\u2029&#60;b&#62;");

    /** Every payload in one string, so that they also meet each other. */
    static final String ALL = String.join(" ", PAYLOADS);

    private XssCorpus() {}

    static List<String> payloadsAndAll() {
        List<String> all = new java.util.ArrayList<>(PAYLOADS);
        all.add(ALL);
        return all;
    }
}
