package io.reviewflow.testkit;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ProduceRequest;
import org.apache.kafka.common.requests.ProduceResponse;
import org.apache.kafka.common.requests.RequestHeader;

/**
 * Makes a real hanging transaction on a real broker, on purpose and at once: a transactional batch
 * appended to a partition by a producer id no coordinator ever issued, so no coordinator will ever
 * write its marker. The partition's last stable offset stops at that batch, exactly as after the
 * broker-restart hang (RELIABILITY.md), and only an abort marker ({@code reviewflow transactions abort})
 * moves it again.
 *
 * <p>The batch goes to the partition leader as a raw Produce request over a plain socket, serialised
 * by Kafka's own request classes: a producer client would insist on asking a coordinator first. The
 * broker must run with {@code transaction.partition.verification.enable=false} ({@link #BROKER_OVERRIDES})
 * and transactions v1 (the embedded broker's default), or it would check with the coordinator and refuse.
 */
public final class HangingTransactionMaker {

    /** What the broker needs to take a transactional batch the coordinator does not know. */
    public static final Map<String, String> BROKER_OVERRIDES = Map.of("transaction.partition.verification.enable", "false");

    /** Far above any producer id a test cluster hands out (blocks of 1,000 from 0). */
    public static final long PRODUCER_ID = 7_000_000_000L;

    private static final short PRODUCE_VERSION = ProduceRequest.LAST_STABLE_VERSION_BEFORE_TRANSACTION_V2;
    private static final int TIMEOUT_MS = 10_000;

    private HangingTransactionMaker() {}

    /**
     * Appends one transactional record to {@code partition} that no coordinator knows of.
     *
     * @return the offset of that record: the partition's last stable offset from now on
     */
    public static long hang(String bootstrapServers, TopicPartition partition) throws IOException {
        Node leader = leaderOf(bootstrapServers, partition);
        MemoryRecords records = MemoryRecords.withTransactionalRecords(Compression.NONE, PRODUCER_ID, (short) 0, 0,
                new SimpleRecord(System.currentTimeMillis(), "hanging".getBytes(StandardCharsets.UTF_8),
                        "a transaction no coordinator knows".getBytes(StandardCharsets.UTF_8)));
        ProduceRequestData data = new ProduceRequestData()
                .setTransactionalId("reviewflow-test-hanging")
                .setAcks((short) -1)
                .setTimeoutMs(TIMEOUT_MS)
                .setTopicData(new ProduceRequestData.TopicProduceDataCollection(List.of(new ProduceRequestData.TopicProduceData()
                        .setName(partition.topic())
                        .setPartitionData(List.of(new ProduceRequestData.PartitionProduceData()
                                .setIndex(partition.partition()).setRecords(records)))).iterator()));
        RequestHeader header = new RequestHeader(ApiKeys.PRODUCE, PRODUCE_VERSION, "reviewflow-test-hanging", 1);
        ByteBuffer request = new ProduceRequest.Builder(PRODUCE_VERSION, PRODUCE_VERSION, data).build(PRODUCE_VERSION)
                .serializeWithHeader(header);

        ProduceResponse response;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(leader.host(), leader.port()), TIMEOUT_MS);
            socket.setSoTimeout(TIMEOUT_MS);
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            out.writeInt(request.remaining());
            out.write(request.array(), request.arrayOffset() + request.position(), request.remaining());
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            byte[] answer = new byte[in.readInt()];
            in.readFully(answer);
            response = (ProduceResponse) AbstractResponse.parseResponse(ByteBuffer.wrap(answer), header);
        }
        ProduceResponseData.PartitionProduceResponse result = response.data().responses().iterator().next()
                .partitionResponses().get(0);
        Errors error = Errors.forCode(result.errorCode());
        if (error != Errors.NONE) {
            throw new IllegalStateException("the broker refused the batch for " + partition + ": " + error
                    + (result.errorMessage() == null ? "" : " " + result.errorMessage()));
        }
        return result.baseOffset();
    }

    private static Node leaderOf(String bootstrapServers, TopicPartition partition) {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
            return admin.describeTopics(List.of(partition.topic())).allTopicNames().get().get(partition.topic())
                    .partitions().get(partition.partition()).leader();
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot find the leader of " + partition, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
