package io.reviewflow.gateway;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An error answer as RFC 9457 describes it ({@code application/problem+json}): a type URI that
 * names the problem for programs, a title for people, the status, and a detail about this request.
 * Details never quote a token or a document.
 */
record Problem(int status, String slug, String title, String detail, long retryAfterSeconds) {

    static final String MEDIA_TYPE = "application/problem+json";

    static Problem of(int status, String slug, String title, String detail) {
        return new Problem(status, slug, title, detail, 0);
    }

    Problem retryAfter(long seconds) {
        return new Problem(status, slug, title, detail, seconds);
    }

    /** Types are URNs: stable names, not pages to fetch. */
    String type() {
        return "urn:reviewflow:problem:" + slug;
    }

    Map<String, Object> body() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type());
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        return body;
    }

    static Problem unauthorized(String detail) {
        return of(401, "unauthorized", "Missing or unknown bearer token", detail);
    }

    static Problem badRequest(String detail) {
        return of(400, "bad-request", "Bad request", detail);
    }
}
