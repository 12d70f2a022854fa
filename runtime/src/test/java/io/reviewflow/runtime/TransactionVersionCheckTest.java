package io.reviewflow.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class TransactionVersionCheckTest {

    @Test
    void aClusterOnTransactionsV2GetsANoteWithTheCommandThatSwitchesIt() {
        String note = TransactionVersionCheck.note(Optional.of((short) 2), "kafka:9092").orElseThrow();

        assertTrue(note.startsWith("note: the cluster runs transactions v2"), note);
        assertTrue(note.endsWith("kafka-features.sh --bootstrap-server kafka:9092 downgrade --feature transaction.version=1"),
                note);
    }

    @Test
    void transactionsV1OrAClusterThatDoesNotSayGetsNone() {
        assertEquals(Optional.empty(), TransactionVersionCheck.note(Optional.of((short) 1), "kafka:9092"));
        assertEquals(Optional.empty(), TransactionVersionCheck.note(Optional.of((short) 0), "kafka:9092"));
        assertEquals(Optional.empty(), TransactionVersionCheck.note(Optional.empty(), "kafka:9092"));
    }
}
