package io.reviewflow.gateway;

import io.reviewflow.avro.PublishedReview;
import io.reviewflow.avro.ReviewRejection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a submission ended, as {@code GET /v1/submissions/{id}} shows it, with the writer it
 * belongs to (only that writer may read it).
 *
 * @param body the JSON object of the answer: {@code status} and what the writer needs of it
 */
record Outcome(String writerId, Map<String, Object> body) {

    static Outcome published(PublishedReview review) {
        Map<String, Object> body = start(review.getSubmissionId(), "published", review.getReviewId());
        body.put("revision", review.getRevision());
        body.put("score", review.getScore().getDisplay());
        body.put("verdict", review.getVerdict().getLabel());
        body.put("slug", review.getSlug());
        body.put("title", review.getReview().getTitle());
        return new Outcome(review.getWriterId(), body);
    }

    static Outcome rejected(ReviewRejection rejection) {
        var submission = rejection.getSubmission();
        Map<String, Object> body = start(submission.getSubmissionId(), "rejected", submission.getReviewId());
        body.put("reason", rejection.getReason());
        body.put("message", rejection.getMessage());
        body.put("line", rejection.getLine());
        body.put("stage", rejection.getStage());
        return new Outcome(submission.getWriterId(), body);
    }

    static Outcome retracted(String submissionId, String reviewId, String writerId) {
        return new Outcome(writerId, start(submissionId, "retracted", reviewId));
    }

    static Map<String, Object> pending(String submissionId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("submissionId", submissionId);
        body.put("status", "pending");
        return body;
    }

    private static Map<String, Object> start(String submissionId, String status, String reviewId) {
        Map<String, Object> body = pending(submissionId);
        body.put("status", status);
        body.put("reviewId", reviewId);
        return body;
    }
}
