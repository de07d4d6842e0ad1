package dev.sparkjobs.gateway.metastore;

import static java.util.Objects.requireNonNull;

import dev.sparkjobs.planner.model.Identifiers;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import javax.sql.DataSource;

/** Stream progress ({@code stream_progress}): one row per micro-batch, pruned by age. */
public final class StreamProgressRepository
{
    private final DataSource dataSource;

    StreamProgressRepository(DataSource dataSource)
    {
        this.dataSource = requireNonNull(dataSource, "dataSource is null");
    }

    public void record(StreamProgress progress)
    {
        Jdbc.inTransaction(dataSource, connection -> {
            String streamId;
            try (PreparedStatement select = connection.prepareStatement("SELECT stream_id FROM streams WHERE name_key = ?")) {
                select.setString(1, Identifiers.key(progress.streamName()));
                try (ResultSet rs = select.executeQuery()) {
                    if (!rs.next()) {
                        throw new MetastoreException(MetastoreError.UNDEFINED_OBJECT, "stream " + progress.streamName() + " does not exist");
                    }
                    streamId = rs.getString(1);
                }
            }
            String sql = "INSERT INTO stream_progress (stream_id, query_run_id, batch_id, recorded_at, input_rows, input_rows_per_second, processed_rows_per_second, "
                    + "batch_duration_ms, event_time_watermark, late_rows, state_rows, lag_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
            try (PreparedStatement insert = connection.prepareStatement(sql)) {
                insert.setString(1, streamId);
                insert.setString(2, progress.queryRunId());
                insert.setLong(3, progress.batchId());
                Jdbc.setInstant(insert, 4, progress.recordedAt());
                insert.setLong(5, progress.inputRows());
                setDouble(insert, 6, progress.inputRowsPerSecond());
                setDouble(insert, 7, progress.processedRowsPerSecond());
                Jdbc.setLong(insert, 8, progress.batchDurationMillis());
                Jdbc.setInstant(insert, 9, progress.eventTimeWatermark());
                Jdbc.setLong(insert, 10, progress.lateRows());
                Jdbc.setLong(insert, 11, progress.stateRows());
                Jdbc.setLong(insert, 12, progress.lagMillis());
                insert.executeUpdate();
            }
            return null;
        });
    }

    /** The latest batches of the stream now called {@code streamName}, newest first. */
    public List<StreamProgress> recent(String streamName, int limit)
    {
        return Jdbc.inTransaction(dataSource, connection -> {
            String sql = "SELECT s.name, p.* FROM stream_progress p JOIN streams s ON s.stream_id = p.stream_id WHERE s.name_key = ? "
                    + "ORDER BY p.recorded_at DESC, p.batch_id DESC";
            try (PreparedStatement select = connection.prepareStatement(sql)) {
                select.setString(1, Identifiers.key(streamName));
                select.setMaxRows(limit);
                List<StreamProgress> batches = new ArrayList<>();
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        batches.add(new StreamProgress(rs.getString("name"), rs.getString("query_run_id"), rs.getLong("batch_id"), Jdbc.requiredInstant(rs, "recorded_at"),
                                rs.getLong("input_rows"), optionalDouble(rs, "input_rows_per_second"), optionalDouble(rs, "processed_rows_per_second"),
                                Jdbc.optionalLong(rs, "batch_duration_ms"), Jdbc.instant(rs, "event_time_watermark"), Jdbc.optionalLong(rs, "late_rows"),
                                Jdbc.optionalLong(rs, "state_rows"), Jdbc.optionalLong(rs, "lag_ms")));
                    }
                }
                return batches;
            }
        });
    }

    /** Deletes batches recorded before {@code cutoff}; how many. */
    public int deleteBefore(Instant cutoff)
    {
        return Jdbc.inTransaction(dataSource, connection -> {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM stream_progress WHERE recorded_at < ?")) {
                Jdbc.setInstant(delete, 1, cutoff);
                return delete.executeUpdate();
            }
        });
    }

    private static void setDouble(PreparedStatement statement, int index, OptionalDouble value)
            throws SQLException
    {
        if (value.isPresent()) {
            statement.setDouble(index, value.getAsDouble());
        }
        else {
            statement.setNull(index, Types.DOUBLE);
        }
    }

    private static OptionalDouble optionalDouble(ResultSet rs, String column)
            throws SQLException
    {
        double value = rs.getDouble(column);
        return rs.wasNull() ? OptionalDouble.empty() : OptionalDouble.of(value);
    }
}
