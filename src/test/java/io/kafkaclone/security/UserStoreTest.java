package io.kafkaclone.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.apache.kafka.common.security.scram.internals.ScramMechanism;
import org.junit.jupiter.api.Test;

class UserStoreTest {

    @Test
    void authenticatesByRederivingTheStoredKey() {
        UserStore store = UserStore.parse(List.of("# comment", "", AuthEnabledProfile.line("dave", "d-pass", ScramMechanism.SCRAM_SHA_512)),
                "mem");
        assertThat(store.userCount()).isEqualTo(1);
        assertThat(store.authenticate("dave", "d-pass")).contains(new Principal("dave"));
        assertThat(store.authenticate("dave", "d-pass")).contains(new Principal("dave")); // second time from the cache
        assertThat(store.authenticate("dave", "D-pass")).isEmpty();
        assertThat(store.authenticate("dave", "")).isEmpty();
        assertThat(store.authenticate("erin", "d-pass")).isEmpty();
        assertThat(store.authenticate(null, null)).isEmpty();
        assertThat(store.scramCredential("dave", "SCRAM-SHA-256")).isEmpty();
        assertThat(store.scramCredential("dave", "SCRAM-SHA-512")).isPresent();
        assertThat(store.scramCredential("dave", "PLAIN")).isEmpty();
    }

    @Test
    void badLinesAreRefusedWithTheirLineNumber() {
        String good = AuthEnabledProfile.line("dave", "d-pass", ScramMechanism.SCRAM_SHA_256);
        assertThatThrownBy(() -> UserStore.parse(List.of(good, "dave SCRAM-SHA-256"), "users.txt"))
                .isInstanceOf(UserStore.InvalidUsersFile.class).hasMessageContaining("users.txt line 2");
        assertThatThrownBy(() -> UserStore.parse(List.of("dave SCRAM-SHA-1 salt=AA==,stored_key=AA==,server_key=AA==,iterations=4096"), "f"))
                .hasMessageContaining("unknown mechanism");
        assertThatThrownBy(() -> UserStore.parse(List.of("dave SCRAM-SHA-256 nonsense"), "f")).hasMessageContaining("malformed");
        assertThatThrownBy(() -> UserStore.parse(List.of(good.replace("iterations=4096", "iterations=10")), "f"))
                .hasMessageContaining("at least 4096");
        assertThatThrownBy(() -> UserStore.parse(List.of(good.replace("dave ", "ANONYMOUS ")), "f")).hasMessageContaining("reserved");
    }
}
