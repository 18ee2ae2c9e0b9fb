package io.kafkaclone.door;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.netty.buffer.PooledByteBufAllocator;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The doors' socket reads (up to 64 KiB each) and fetch responses (up to 1 MiB, copied into direct memory for the
 * socket) come from Netty's pool in chunks of 4 MiB: with Quarkus's default of 64 KiB chunks each of them was a
 * fresh, zeroed direct allocation (application.properties, {@code quarkus.netty.allocator-max-order}).
 */
@QuarkusTest
class NettyBufferPoolTest {

    @Test
    void pooledChunksHoldAWholeSocketReadAndAFetchResponse() {
        assertThat(PooledByteBufAllocator.DEFAULT.metric().chunkSize()).isEqualTo(4 << 20);
    }
}
