package io.kafkaclone.limits;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;

import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.requests.RequestUtils;

/**
 * A Kafka-protocol connection from a chosen loopback address (127.0.0.x, so one test can be several
 * clients), speaking frames built by kafka-clients.
 */
final class KafkaSocket implements AutoCloseable {
    private final Socket socket;
    private final DataInputStream in;
    private final DataOutputStream out;
    private int correlation;

    KafkaSocket(String from, int port) throws IOException {
        socket = new Socket(InetAddress.getByName("127.0.0.1"), port, InetAddress.getByName(from), 0);
        socket.setSoTimeout(30_000);
        in = new DataInputStream(socket.getInputStream());
        out = new DataOutputStream(socket.getOutputStream());
    }

    /** Sends a request; {@link #receive} reads its answer. */
    RequestHeader send(ApiKeys key, short version, ApiMessage body) throws IOException {
        RequestHeader header = new RequestHeader(key, version, "limits-test", ++correlation);
        ByteBuffer frame = RequestUtils.serialize(header.data(), header.headerVersion(), body, version);
        out.writeInt(frame.remaining());
        out.write(frame.array(), frame.arrayOffset() + frame.position(), frame.remaining());
        out.flush();
        return header;
    }

    AbstractResponse receive(RequestHeader header) throws IOException {
        byte[] frame = new byte[in.readInt()];
        in.readFully(frame);
        return AbstractResponse.parseResponse(ByteBuffer.wrap(frame), header);
    }

    /** An ApiVersions round trip: the connection is accepted and served. */
    boolean served() throws IOException {
        RequestHeader h = send(ApiKeys.API_VERSIONS, (short) 3,
                new ApiVersionsRequestData().setClientSoftwareName("limits-test").setClientSoftwareVersion("1"));
        return ((ApiVersionsResponse) receive(h)).data().errorCode() == 0;
    }

    /** True when the broker closes the connection (end of stream or reset) within the read timeout. */
    boolean closedByBroker() {
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
