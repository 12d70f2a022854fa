package io.reviewflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.reviewflow.runtime.KafkaSettings;
import io.reviewflow.runtime.TransactionVersionCheck;
import io.reviewflow.testkit.TestKafka;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Our brokers run transactions v1 (RELIABILITY.md), and the services' start-up check reads it from a real cluster. */
class TransactionVersionIT {

    @Test
    void theTestBrokerRunsTransactionsV1SoServicesHaveNothingToNote() {
        assumeFalse("external".equals(TestKafka.kind()), "an external cluster is what it is");
        KafkaSettings kafka = KafkaSettings.of(TestKafka.bootstrapServers());

        Optional<Short> level = TransactionVersionCheck.finalizedLevel(kafka);

        assertEquals(Optional.of((short) 1), level);
        assertEquals(Optional.empty(), TransactionVersionCheck.note(level, kafka.bootstrapServers()));
    }
}
