package io.reviewflow.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.reviewflow.avro.DocumentFormat;
import io.reviewflow.avro.ReviewAction;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class GatewaySubmissionsTest {

    @Test
    void theSubmissionIdIsTheSameForARetryAndDiffersForAnythingElse() {
        String id = GatewaySubmissions.submissionId("alice", "r-1", "PUT", "key-1");

        // The same request again (even from a restarted gateway): the same id, a version-8 UUID
        assertEquals(id, GatewaySubmissions.submissionId("alice", "r-1", "PUT", "key-1"));
        assertEquals(8, UUID.fromString(id).version());
        assertEquals(2, UUID.fromString(id).variant());
        // Another writer, review, method or key: another id
        assertNotEquals(id, GatewaySubmissions.submissionId("bob", "r-1", "PUT", "key-1"));
        assertNotEquals(id, GatewaySubmissions.submissionId("alice", "r-2", "PUT", "key-1"));
        assertNotEquals(id, GatewaySubmissions.submissionId("alice", "r-1", "DELETE", "key-1"));
        assertNotEquals(id, GatewaySubmissions.submissionId("alice", "r-1", "PUT", "key-2"));
    }

    @Test
    void theContentTypeDeclaresTheFormatAndTheRevisionTheAction() {
        assertEquals(Optional.of(DocumentFormat.TEXT), GatewaySubmissions.formatOf("text/plain; charset=utf-8"));
        assertEquals(Optional.of(DocumentFormat.MARKDOWN), GatewaySubmissions.formatOf("Text/Markdown"));
        assertEquals(Optional.of(DocumentFormat.JSON), GatewaySubmissions.formatOf("application/json"));
        assertEquals(Optional.empty(), GatewaySubmissions.formatOf("text/html"));
        assertEquals(Optional.empty(), GatewaySubmissions.formatOf(null));
        assertEquals(ReviewAction.SUBMIT, GatewaySubmissions.actionOf(1));
        assertEquals(ReviewAction.REVISE, GatewaySubmissions.actionOf(2));
    }
}
