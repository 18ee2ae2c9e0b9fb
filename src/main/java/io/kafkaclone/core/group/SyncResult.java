package io.kafkaclone.core.group;

/** The assignment a member receives after the leader synced, or the error. */
public record SyncResult(GroupError error, String protocolType, String protocolName, byte[] assignment) {

    static SyncResult failed(GroupError error) {
        return new SyncResult(error, null, null, new byte[0]);
    }
}
