package io.kafkaclone.core;

/** Why a core operation failed, independent of the door it came through; each adapter maps these to its protocol's codes. */
public enum ErrorCode {
    INVALID_TOPIC,
    UNKNOWN_TOPIC,
    TOPIC_EXISTS,
    UNKNOWN_PARTITION,
    INVALID_PARTITIONS,
    MESSAGE_TOO_LARGE,
    INVALID_RECORD,
    OFFSET_OUT_OF_RANGE,
    STORAGE_ERROR,
    /** A topic configuration name or value the broker does not accept. */
    INVALID_CONFIG,
    SHUTTING_DOWN
}
