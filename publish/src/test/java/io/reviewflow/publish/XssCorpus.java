package io.reviewflow.publish;

import java.util.ArrayList;
import java.util.LinkedHashSet;
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

    /**
     * Payloads that leave a trace a browser test can see if they ever run or become markup: each opens a
     * dialog, sets the title to {@code pwned}, puts {@code data-pwned} on the body, or adds an element
     * {@code #pwned}. Together they cover element content, double- and single-quoted attributes, the
     * {@code <title>} and the JSON-LD {@code <script>}, and handlers that fire with no user (load, error,
     * toggle, autofocus) as well as on hover and focus.
     */
    static final List<String> OBSERVABLE = List.of(
            "<script>alert(1)</script>",
            "<script>document.title='pwned'</script>",
            "<img src=x onerror=alert(1)>",
            "<img id=pwned src=x onerror=\"document.body.setAttribute('data-pwned','1')\">",
            "\"><svg onload=alert(1)>",
            "<svg id=pwned><script>alert(1)</script></svg>",
            "</script><script>alert(1)</script>",
            "</script><script>document.title='pwned'</script>",
            "</title><script>document.title='pwned'</script>",
            "' onmouseover='alert(1)",
            "' autofocus tabindex='0' onfocus='document.body.setAttribute(\"data-pwned\",\"1\")",
            "\" autofocus tabindex=\"0\" onfocus=\"document.body.setAttribute('data-pwned','1')",
            "\"><a id=pwned href=\"javascript:alert(1)\">click</a>",
            "<details open ontoggle=alert(1)>",
            "<body id=pwned onload=alert(1)>",
            "<iframe id=pwned srcdoc=\"<script>parent.alert(1)</script>\"></iframe>",
            "<style id=pwned>body{display:none}</style>");

    /** Every payload in one string, so that they also meet each other. */
    static final String ALL = String.join(" ", distinct());

    private XssCorpus() {}

    /** Every payload once, then all of them in one string. */
    static List<String> payloadsAndAll() {
        List<String> all = distinct();
        all.add(ALL);
        return all;
    }

    private static List<String> distinct() {
        LinkedHashSet<String> payloads = new LinkedHashSet<>(PAYLOADS);
        payloads.addAll(OBSERVABLE);
        return new ArrayList<>(payloads);
    }
}
