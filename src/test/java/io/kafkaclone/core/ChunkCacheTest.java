package io.kafkaclone.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.kafkaclone.core.ChunkCache.PartitionKey;

/** The chunk cache alone: contiguous runs, the byte budget, eviction, and what it refuses to serve. */
class ChunkCacheTest {
    private static final PartitionKey P = new PartitionKey(1, 0);
    private static final long NO_END = Long.MAX_VALUE;

    /** A chunk of offsets base..last with a payload of {@code size} bytes (the cache reads no more of it). */
    private static StoredChunk chunk(long base, long last, int size) {
        return new StoredChunk(base, last, (int) (last - base + 1), 0, new byte[size]);
    }

    private static List<Long> bases(List<StoredChunk> chunks) {
        return chunks.stream().map(StoredChunk::baseOffset).toList();
    }

    @Test
    void servesTheContiguousRunFromTheChunkHoldingTheOffset() {
        ChunkCache cache = new ChunkCache(10_000);
        cache.put(P, List.of(chunk(0, 9, 100), chunk(10, 19, 100), chunk(20, 29, 100)));

        assertThat(bases(cache.chunksFrom(P, 5, 1000, NO_END))).containsExactly(0L, 10L, 20L);
        assertThat(bases(cache.chunksFrom(P, 19, 1000, NO_END))).containsExactly(10L, 20L);
        assertThat(cache.chunksFrom(P, 30, 1000, NO_END)).as("past the last cached chunk").isEmpty();
        assertThat(cache.chunksFrom(new PartitionKey(1, 1), 5, 1000, NO_END)).as("another partition").isEmpty();
        assertThat(cache.chunksFrom(new PartitionKey(2, 0), 5, 1000, NO_END)).as("another topic").isEmpty();
    }

    @Test
    void servesChunksUntilTheyHoldMaxBytesFromTheOffsetAtLeastOne() {
        ChunkCache cache = new ChunkCache(10_000);
        cache.put(P, List.of(chunk(0, 9, 100), chunk(10, 19, 100), chunk(20, 29, 100)));

        assertThat(bases(cache.chunksFrom(P, 0, 1, NO_END))).containsExactly(0L);
        assertThat(bases(cache.chunksFrom(P, 0, 100, NO_END))).containsExactly(0L);
        assertThat(bases(cache.chunksFrom(P, 0, 150, NO_END))).as("the last may reach past the budget").containsExactly(0L, 10L);
        assertThat(bases(cache.chunksFrom(P, 0, 201, NO_END))).containsExactly(0L, 10L, 20L);
        // from the middle of a row only its part from the offset on counts (half of 0..9: 50 bytes)
        assertThat(bases(cache.chunksFrom(P, 5, 150, NO_END))).containsExactly(0L, 10L);
        assertThat(bases(cache.chunksFrom(P, 5, 151, NO_END))).containsExactly(0L, 10L, 20L);
    }

    @Test
    void firstUncachedIsWhereTheContiguousRunEndsUnlessItHoldsTheBudget() {
        ChunkCache cache = new ChunkCache(10_000);
        cache.put(P, List.of(chunk(0, 9, 100), chunk(10, 19, 100), chunk(30, 39, 100)));

        assertThat(cache.firstUncached(P, 0, 1000)).isEqualTo(20);
        assertThat(cache.firstUncached(P, 15, 1000)).isEqualTo(20);
        assertThat(cache.firstUncached(P, 0, 200)).as("the run holds the budget").isEqualTo(-1);
        assertThat(cache.firstUncached(P, 5, 200)).as("from the middle of a row, half of it counts").isEqualTo(20);
        assertThat(cache.firstUncached(P, 25, 1000)).as("not cached at all").isEqualTo(25);
        assertThat(cache.firstUncached(new PartitionKey(9, 0), 5, 1000)).isEqualTo(5);
    }

    @Test
    void stopsAtAHoleBelowTheLogEnd() {
        // cluster mode: offsets 10..19 were appended by another broker and never cached here
        ChunkCache cache = new ChunkCache(10_000);
        cache.put(P, List.of(chunk(0, 9, 100), chunk(20, 29, 100)));

        assertThat(bases(cache.chunksFrom(P, 0, 1000, 30))).containsExactly(0L);
        assertThat(cache.chunksFrom(P, 12, 1000, 30)).as("inside the hole").isEmpty();
        assertThat(bases(cache.chunksFrom(P, 25, 1000, 30))).containsExactly(20L);
    }

    @Test
    void neverServesAChunkAtOrPastTheLogEnd() {
        // the writer caches rows before it announces the new log end: until then they are not readable
        ChunkCache cache = new ChunkCache(10_000);
        cache.put(P, List.of(chunk(0, 9, 100), chunk(10, 19, 100)));

        assertThat(bases(cache.chunksFrom(P, 0, 1000, 10))).containsExactly(0L);
        assertThat(cache.chunksFrom(P, 10, 1000, 10)).isEmpty();
        assertThat(cache.chunksFrom(P, 0, 1000, 5)).as("a chunk straddling the end").isEmpty();
        assertThat(bases(cache.chunksFrom(P, 10, 1000, 20))).containsExactly(10L);
    }

    @Test
    void evictsTheLeastRecentlyUsedChunkOverBudget() {
        ChunkCache cache = new ChunkCache(300);
        cache.put(P, List.of(chunk(0, 9, 100), chunk(10, 19, 100), chunk(20, 29, 100)));
        cache.chunksFrom(P, 0, 1, NO_END); // 0..9 is now the most recently used

        cache.put(P, List.of(chunk(30, 39, 100)));

        assertThat(cache.bytes()).isEqualTo(300);
        assertThat(cache.chunkCount()).isEqualTo(3);
        assertThat(cache.holds(P, 5)).isTrue();
        assertThat(cache.holds(P, 15)).as("least recently used").isFalse();
        assertThat(cache.holds(P, 25)).isTrue();
        assertThat(cache.holds(P, 35)).isTrue();
        assertThat(bases(cache.chunksFrom(P, 0, 1000, NO_END))).as("the run stops at the evicted chunk").containsExactly(0L);
    }

    @Test
    void keepsNoChunkLargerThanTheWholeBudget() {
        ChunkCache cache = new ChunkCache(300);
        cache.put(P, List.of(chunk(0, 9, 100), chunk(10, 19, 301)));

        assertThat(cache.holds(P, 5)).isTrue();
        assertThat(cache.holds(P, 15)).isFalse();
        assertThat(cache.bytes()).isEqualTo(100);
    }

    @Test
    void putTheSameChunkAgainCountsItOnce() {
        ChunkCache cache = new ChunkCache(10_000);
        cache.put(P, List.of(chunk(0, 9, 100)));
        cache.put(P, List.of(chunk(0, 9, 100), chunk(10, 19, 100)));

        assertThat(cache.bytes()).isEqualTo(200);
        assertThat(cache.chunkCount()).isEqualTo(2);
    }

    @Test
    void evictBelowDropsOnlyChunksWhollyBelowTheLogStart() {
        ChunkCache cache = new ChunkCache(10_000);
        cache.put(P, List.of(chunk(0, 9, 100), chunk(10, 19, 100), chunk(20, 29, 100)));
        PartitionKey other = new PartitionKey(1, 1);
        cache.put(other, List.of(chunk(0, 9, 100)));

        cache.evictBelow(P, 15);

        assertThat(cache.holds(P, 5)).isFalse();
        assertThat(cache.holds(P, 15)).as("straddles the log start: the broker reads from the start within it").isTrue();
        assertThat(cache.holds(other, 5)).as("another partition").isTrue();
        assertThat(cache.bytes()).isEqualTo(300);

        cache.evictBelow(P, 30);
        assertThat(cache.holds(P, 25)).isFalse();
        assertThat(cache.bytes()).isEqualTo(100);
        assertThat(cache.chunkCount()).isEqualTo(1);
    }

    @Test
    void evictTopicDropsEveryPartitionOfThatTopicOnly() {
        ChunkCache cache = new ChunkCache(10_000);
        cache.put(new PartitionKey(1, 0), List.of(chunk(0, 9, 100)));
        cache.put(new PartitionKey(1, 1), List.of(chunk(0, 9, 100)));
        cache.put(new PartitionKey(2, 0), List.of(chunk(0, 9, 100)));

        cache.evictTopic(1);

        assertThat(cache.holds(new PartitionKey(1, 0), 0)).isFalse();
        assertThat(cache.holds(new PartitionKey(1, 1), 0)).isFalse();
        assertThat(cache.holds(new PartitionKey(2, 0), 0)).isTrue();
        assertThat(cache.bytes()).isEqualTo(100);
        assertThat(cache.chunkCount()).isEqualTo(1);
    }

    @Test
    void aZeroBudgetKeepsNothing() {
        ChunkCache cache = new ChunkCache(0);
        cache.put(P, List.of(chunk(0, 9, 1)));

        assertThat(cache.enabled()).isFalse();
        assertThat(cache.chunksFrom(P, 0, 1000, NO_END)).isEmpty();
        assertThat(cache.bytes()).isZero();
    }
}
