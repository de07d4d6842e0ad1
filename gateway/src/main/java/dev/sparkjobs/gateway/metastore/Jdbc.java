package dev.sparkjobs.gateway.metastore;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import javax.sql.DataSource;

/**
 * The JDBC plumbing the repositories share: transactions, UTC timestamps, nullable values, and
 * the SQL states that mean a unique key or a concurrent writer got in the way.
 */
final class Jdbc
{
    /** Unique violations: the SQL standard's 23505, and H2's own code for it. */
    private static final Set<String> UNIQUE_VIOLATION = Set.of("23505");
    /** Serialization failures and H2's concurrent update / lock time-out codes. */
    private static final Set<String> CONCURRENT_UPDATE = Set.of("40001", "90131", "HYT00", "40P01");

    private Jdbc() {}

    @FunctionalInterface
    interface Work<T>
    {
        T run(Connection connection)
                throws SQLException;
    }

    /** Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. */
    static <T> T inTransaction(DataSource dataSource, Work<T> work)
    {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            }
            catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
            finally {
                connection.setAutoCommit(true);
            }
        }
        catch (SQLException e) {
            if (isConcurrentUpdate(e)) {
                throw new MetastoreException(MetastoreError.STALE_VERSION, "another writer changed the same object at the same time: " + e.getMessage(), e);
            }
            throw new MetastoreException(MetastoreError.STORAGE_FAILURE, "metadata database: " + e.getMessage(), e);
        }
    }

    static boolean isUniqueViolation(SQLException e)
    {
        return e.getSQLState() != null && UNIQUE_VIOLATION.contains(e.getSQLState());
    }

    static boolean isConcurrentUpdate(SQLException e)
    {
        return e.getSQLState() != null && CONCURRENT_UPDATE.contains(e.getSQLState());
    }

    /** The precision the database keeps: milliseconds. */
    static Instant truncate(Instant at)
    {
        return at.truncatedTo(ChronoUnit.MILLIS);
    }

    static void setInstant(PreparedStatement statement, int index, Optional<Instant> at)
            throws SQLException
    {
        if (at.isPresent()) {
            statement.setObject(index, LocalDateTime.ofInstant(truncate(at.get()), ZoneOffset.UTC));
        }
        else {
            statement.setNull(index, Types.TIMESTAMP);
        }
    }

    static void setInstant(PreparedStatement statement, int index, Instant at)
            throws SQLException
    {
        setInstant(statement, index, Optional.of(at));
    }

    static Optional<Instant> instant(ResultSet rs, String column)
            throws SQLException
    {
        LocalDateTime value = rs.getObject(column, LocalDateTime.class);
        return Optional.ofNullable(value).map(time -> time.toInstant(ZoneOffset.UTC));
    }

    static Instant requiredInstant(ResultSet rs, String column)
            throws SQLException
    {
        return instant(rs, column).orElseThrow(() -> new SQLException(column + " is null"));
    }

    static void setString(PreparedStatement statement, int index, Optional<String> value)
            throws SQLException
    {
        if (value.isPresent()) {
            statement.setString(index, value.get());
        }
        else {
            statement.setNull(index, Types.VARCHAR);
        }
    }

    static void setLong(PreparedStatement statement, int index, OptionalLong value)
            throws SQLException
    {
        if (value.isPresent()) {
            statement.setLong(index, value.getAsLong());
        }
        else {
            statement.setNull(index, Types.BIGINT);
        }
    }

    static Optional<String> string(ResultSet rs, String column)
            throws SQLException
    {
        return Optional.ofNullable(rs.getString(column));
    }

    static OptionalLong optionalLong(ResultSet rs, String column)
            throws SQLException
    {
        long value = rs.getLong(column);
        return rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(value);
    }

    /** Sets a value of any of the summary types: String, Integer, Long, or null. */
    static void setObject(PreparedStatement statement, int index, Object value)
            throws SQLException
    {
        if (value == null) {
            // Untyped: the database takes the column's type (PostgreSQL refuses a VARCHAR null for BIGINT).
            statement.setNull(index, Types.NULL);
        }
        else if (value instanceof Integer number) {
            statement.setInt(index, number);
        }
        else if (value instanceof Long number) {
            statement.setLong(index, number);
        }
        else {
            statement.setString(index, value.toString());
        }
    }
}
