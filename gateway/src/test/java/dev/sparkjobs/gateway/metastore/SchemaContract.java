package dev.sparkjobs.gateway.metastore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkjobs.gateway.metastore.SystemTables.SystemColumn;
import dev.sparkjobs.gateway.metastore.SystemTables.SystemTable;
import java.sql.Connection;
import java.sql.JDBCType;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The schema itself: migrations, the system views' columns as SystemTables declares them, Quartz's tables. */
abstract class SchemaContract
        extends MetastoreContract
{
    private static final Set<String> QUARTZ_TABLES = Set.of("qrtz_blob_triggers", "qrtz_calendars", "qrtz_cron_triggers", "qrtz_fired_triggers",
            "qrtz_job_details", "qrtz_locks", "qrtz_paused_trigger_grps", "qrtz_scheduler_state", "qrtz_simple_triggers", "qrtz_simprop_triggers", "qrtz_triggers");

    @Test
    void everyViewHasTheColumnsSystemTablesDeclares()
            throws SQLException
    {
        try (Connection connection = metadata.dataSource().getConnection(); Statement statement = connection.createStatement()) {
            for (SystemTable table : SystemTables.ALL) {
                if (table.view().isEmpty()) {
                    continue;
                }
                try (ResultSet rs = statement.executeQuery("SELECT * FROM " + table.view().get() + " WHERE 1 = 0")) {
                    ResultSetMetaData meta = rs.getMetaData();
                    List<String> names = new ArrayList<>();
                    for (int i = 1; i <= meta.getColumnCount(); i++) {
                        names.add(meta.getColumnLabel(i));
                        SystemColumn declared = table.columns().get(Math.min(i, table.columns().size()) - 1);
                        assertEquals(declared.type(), broad(JDBCType.valueOf(meta.getColumnType(i))), table.name() + "." + meta.getColumnLabel(i));
                    }
                    assertEquals(table.columns().stream().map(SystemColumn::name).toList(), names, table.name());
                }
            }
        }
    }

    /** Types as a JDBC reader (Calcite's adapter) groups them. */
    private static JDBCType broad(JDBCType type)
    {
        return switch (type) {
            case CHAR, VARCHAR, LONGVARCHAR, NVARCHAR, CLOB -> JDBCType.VARCHAR;
            case FLOAT, DOUBLE, REAL -> JDBCType.DOUBLE;
            default -> type;
        };
    }

    @Test
    void theViewsShowWhatTheRepositoriesWrote()
            throws SQLException
    {
        metadata.jobs().create(Models.fullJob("facts", Models.everySchedule().get(0)), "CREATE JOB facts ...", ADA);
        Run run = metadata.runs().create(NewRun.manual("facts", "ada"));
        Instant t = Instant.parse("2025-03-01T02:00:00Z");
        metadata.runs().transition(run.runId(), RunState.QUEUED, t, RunOutcome.NONE);
        metadata.streams().create(Models.source("clicks"), "x", ADA);
        metadata.pools().create(Models.pool("etl"), "x", ADA);
        metadata.alerts().raise(Alert.Kind.FAILURE, "JOB", "facts", Optional.of(run.runId()), t, "boom", Optional.empty(), Optional.empty());
        try (Connection connection = metadata.dataSource().getConnection(); Statement statement = connection.createStatement()) {
            try (ResultSet rs = statement.executeQuery("SELECT name, version, status, schedule_kind, schedule, time_zone, upstream, dependency_condition, "
                    + "concurrency, retries, timeout_ms, last_run_id, last_run_state FROM system_jobs")) {
                assertTrue(rs.next());
                assertEquals("facts", rs.getString("name"));
                assertEquals(1, rs.getLong("version"));
                assertEquals("ACTIVE", rs.getString("status"));
                assertEquals("CRON", rs.getString("schedule_kind"));
                assertEquals("0 2 * * *", rs.getString("schedule"));
                assertEquals("Europe/Berlin", rs.getString("time_zone"));
                assertEquals("extract,Stage", rs.getString("upstream"));
                assertEquals("ANY_FAILED", rs.getString("dependency_condition"));
                assertEquals("QUEUE", rs.getString("concurrency"));
                assertEquals(3, rs.getInt("retries"));
                assertEquals(7_200_000, rs.getLong("timeout_ms"));
                assertEquals(run.runId(), rs.getString("last_run_id"));
                assertEquals("QUEUED", rs.getString("last_run_state"));
            }
            try (ResultSet rs = statement.executeQuery("SELECT job, state, attempt, queued_at FROM system_job_runs")) {
                assertTrue(rs.next());
                assertEquals("facts", rs.getString("job"));
                assertEquals("QUEUED", rs.getString("state"));
                assertEquals(1, rs.getInt("attempt"));
                assertEquals(java.time.LocalDateTime.of(2025, 3, 1, 2, 0), rs.getObject("queued_at", java.time.LocalDateTime.class), "UTC wall-clock time");
            }
            assertEquals(1, count(statement, "system_streams WHERE kind = 'SOURCE'"));
            assertEquals(1, count(statement, "system_pools WHERE share_level = 'USER' AND max_engines = 8"));
            assertEquals(1, count(statement, "system_alerts WHERE kind = 'FAILURE'"));
            assertEquals(0, count(statement, "system_stream_progress"));
        }
    }

    private static int count(Statement statement, String from)
            throws SQLException
    {
        try (ResultSet rs = statement.executeQuery("SELECT COUNT(*) FROM " + from)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void quartzJobStoreTablesAreThere()
            throws SQLException
    {
        Set<String> tables = new TreeSet<>();
        try (Connection connection = metadata.dataSource().getConnection();
                ResultSet rs = connection.getMetaData().getTables(null, connection.getSchema(), "%", new String[] {"TABLE"})) {
            while (rs.next()) {
                tables.add(rs.getString("TABLE_NAME").toLowerCase(Locale.ROOT));
            }
        }
        assertTrue(tables.containsAll(QUARTZ_TABLES), tables.toString());
        assertTrue(tables.containsAll(Set.of("jobs", "job_versions", "job_runs", "job_run_attempts", "streams", "stream_versions", "stream_progress",
                "pools", "alerts", "flyway_schema_history")), tables.toString());
    }

    @Test
    void reopeningKeepsDataAndMigratesNothing()
    {
        metadata.jobs().create(job("load"), "x", ADA);
        assertEquals(5, metadata.schemaVersion());
        metadata.close();
        metadata = database.open(clock);
        assertEquals(5, metadata.schemaVersion());
        assertEquals(1, metadata.jobs().find("load").orElseThrow().version());
    }
}
