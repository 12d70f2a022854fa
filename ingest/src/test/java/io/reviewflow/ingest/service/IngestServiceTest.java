package io.reviewflow.ingest.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.reviewflow.ingest.IngestLimits;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IngestServiceTest {

    @Test
    void limitsComeFromOptionsOverTheDefaults() {
        IngestLimits limits = IngestService.limits(Map.of("max-document-bytes", "1024", "max-list-items", "7"));

        assertEquals(1024, limits.maxDocumentBytes());
        assertEquals(7, limits.maxListItems());
        assertEquals(IngestLimits.defaults().maxTitleChars(), limits.maxTitleChars());
    }

    @Test
    void aMalformedLimitStopsStartUpNamingTheOption() {
        assertEquals("--max-list-items must be a whole number, got 'many'",
                assertThrows(IllegalArgumentException.class, () -> IngestService.limits(Map.of("max-list-items", "many"))).getMessage());
        assertThrows(IllegalArgumentException.class, () -> IngestService.limits(Map.of("max-paragraphs", "0")));
    }
}
