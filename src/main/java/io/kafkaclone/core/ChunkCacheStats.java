package io.kafkaclone.core;

/**
 * How reads fared in the chunk cache.
 *
 * @param hits         reads answered from memory
 * @param misses       reads that went to storage
 * @param cachedBytes  payload bytes held now
 * @param cachedChunks chunks held now
 */
public record ChunkCacheStats(long hits, long misses, long cachedBytes, int cachedChunks) {
}
