package io.kafkaclone.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.kafkaclone.core.Broker;
import io.kafkaclone.core.PartitionLog;
import io.kafkaclone.core.Record;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;

/**
 * H2 never gathers statistics inside a log writer's commit. By default it re-reads up to 10,000 rows of a
 * table after 2,000 changed rows (then 4,000, 8,000, ...), inside the commit that crosses the mark: on
 * log_chunk, a row of up to 1 MiB per group commit, that held every producer for about 300 ms. An
 * analysis would leave its trace in the columns' selectivity (unique offsets: 100; never analysed: H2's
 * default, 50).
 */
@QuarkusTest
@TestProfile(NoStatisticsScanTest.OwnDatabase.class)
class NoStatisticsScanTest {
    private static final int NEVER_ANALYSED = 50;

    @Inject
    Broker broker;
    @Inject
    AgroalDataSource dataSource;

    @Test
    void moreThanTwoThousandCommittedRowsLeaveTheLogTableUnanalysed() throws Exception {
        PartitionLog p = broker.createTopic("no-analyze-" + UUID.randomUUID(), 1).partition(0);
        // one row per commit: each append waits for the one before, so the writer cannot merge them
        for (int i = 0; i < 2_100; i++) {
            broker.append(p, List.of(new Record(null, ("r" + i).getBytes(), List.of(), -1))).get(30, TimeUnit.SECONDS);
        }
        assertThat(broker.readRecords(p, 2_099, 1024)).extracting(r -> new String(r.value())).first().isEqualTo("r2099");
        assertThat(selectivity("BASE_OFFSET")).isEqualTo(NEVER_ANALYSED);
        assertThat(selectivity("LAST_OFFSET")).isEqualTo(NEVER_ANALYSED);
    }

    /** A database of its own: its change count starts at zero, and its tiny rows stay out of RowsWrittenOnceTest's. */
    public static class OwnDatabase implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kafka-clone.data-dir", "./target/no-statistics-scan/" + UUID.randomUUID());
        }
    }

    private int selectivity(String column) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select selectivity from information_schema.columns"
                        + " where table_name = 'LOG_CHUNK' and column_name = '" + column + "'")) {
            assertThat(rs.next()).isTrue();
            return rs.getInt(1);
        }
    }
}
