package dev.sparkjobs.gateway.metastore;

import static java.util.Objects.requireNonNull;

import dev.sparkjobs.planner.model.Identifiers;
import dev.sparkjobs.planner.model.Pool;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Pool definitions ({@code pools}): one row per pool, its options as JSON, a version that grows with
 * each {@code ALTER POOL} (optimistic, as for jobs). Dropping a pool deletes it; no history is kept.
 */
public final class PoolRepository
{
    private static final String SELECT = "SELECT pool_id, name, version, options_json, sql_text, created_by, created_at, updated_at FROM pools";

    private final DataSource dataSource;
    private final Clock clock;

    PoolRepository(DataSource dataSource, Clock clock)
    {
        this.dataSource = requireNonNull(dataSource, "dataSource is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    public Stored<Pool> create(Pool pool, String sqlText, Optional<String> user)
    {
        return Jdbc.inTransaction(dataSource, connection -> {
            Instant now = Jdbc.truncate(clock.instant());
            String sql = "INSERT INTO pools (pool_id, name, name_key, version, options_json, sql_text, share_level, min_engines, max_engines, created_by, created_at, updated_at) "
                    + "VALUES (?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?)";
            try (PreparedStatement insert = connection.prepareStatement(sql)) {
                insert.setString(1, UUID.randomUUID().toString());
                insert.setString(2, pool.name());
                insert.setString(3, Identifiers.key(pool.name()));
                insert.setString(4, ModelJson.write(pool));
                insert.setString(5, sqlText);
                Jdbc.setObject(insert, 6, option(pool, "share.level").orElse(null));
                Jdbc.setObject(insert, 7, integer(pool, "min.engines"));
                Jdbc.setObject(insert, 8, integer(pool, "max.engines"));
                Jdbc.setString(insert, 9, user);
                Jdbc.setInstant(insert, 10, now);
                Jdbc.setInstant(insert, 11, now);
                insert.executeUpdate();
            }
            catch (SQLException e) {
                if (Jdbc.isUniqueViolation(e)) {
                    throw new MetastoreException(MetastoreError.DUPLICATE_OBJECT, "pool " + pool.name() + " already exists", e);
                }
                throw e;
            }
            return find(connection, pool.name()).orElseThrow();
        });
    }

    /** {@code ALTER POOL name SET WITH (...)}: the new options, made from {@code expectedVersion}. */
    public Stored<Pool> update(Pool pool, long expectedVersion, String sqlText)
    {
        return Jdbc.inTransaction(dataSource, connection -> {
            String sql = "UPDATE pools SET version = ?, options_json = ?, sql_text = ?, share_level = ?, min_engines = ?, max_engines = ?, updated_at = ? "
                    + "WHERE name_key = ? AND version = ?";
            try (PreparedStatement update = connection.prepareStatement(sql)) {
                update.setLong(1, expectedVersion + 1);
                update.setString(2, ModelJson.write(pool));
                update.setString(3, sqlText);
                Jdbc.setObject(update, 4, option(pool, "share.level").orElse(null));
                Jdbc.setObject(update, 5, integer(pool, "min.engines"));
                Jdbc.setObject(update, 6, integer(pool, "max.engines"));
                Jdbc.setInstant(update, 7, clock.instant());
                update.setString(8, Identifiers.key(pool.name()));
                update.setLong(9, expectedVersion);
                if (update.executeUpdate() != 1) {
                    Optional<Stored<Pool>> current = find(connection, pool.name());
                    throw current.isEmpty()
                            ? new MetastoreException(MetastoreError.UNDEFINED_OBJECT, "pool " + pool.name() + " does not exist")
                            : new MetastoreException(MetastoreError.STALE_VERSION, "pool " + pool.name() + " changed while this change was made: it was read at version "
                                    + expectedVersion + " and is now at version " + current.get().version() + "; read it again and retry");
                }
            }
            return find(connection, pool.name()).orElseThrow();
        });
    }

    public Optional<Stored<Pool>> find(String name)
    {
        return Jdbc.inTransaction(dataSource, connection -> find(connection, name));
    }

    public List<Stored<Pool>> list()
    {
        return Jdbc.inTransaction(dataSource, connection -> {
            try (PreparedStatement select = connection.prepareStatement(SELECT + " ORDER BY name_key")) {
                return read(select);
            }
        });
    }

    /** False when there was no such pool. */
    public boolean drop(String name)
    {
        return Jdbc.inTransaction(dataSource, connection -> {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM pools WHERE name_key = ?")) {
                delete.setString(1, Identifiers.key(name));
                return delete.executeUpdate() == 1;
            }
        });
    }

    private static Optional<Stored<Pool>> find(Connection connection, String name)
            throws SQLException
    {
        try (PreparedStatement select = connection.prepareStatement(SELECT + " WHERE name_key = ?")) {
            select.setString(1, Identifiers.key(name));
            return read(select).stream().findFirst();
        }
    }

    private static List<Stored<Pool>> read(PreparedStatement select)
            throws SQLException
    {
        List<Stored<Pool>> pools = new ArrayList<>();
        try (ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                pools.add(new Stored<>(rs.getString("pool_id"), rs.getString("name"), rs.getLong("version"), "ACTIVE",
                        ModelJson.read(rs.getString("options_json"), Pool.class), rs.getString("sql_text"), Jdbc.string(rs, "created_by"),
                        Jdbc.requiredInstant(rs, "created_at"), Jdbc.requiredInstant(rs, "updated_at")));
            }
        }
        return pools;
    }

    private static Optional<String> option(Pool pool, String name)
    {
        return pool.options().entrySet().stream().filter(entry -> entry.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).findFirst();
    }

    private static Integer integer(Pool pool, String name)
    {
        try {
            return option(pool, name).map(String::trim).map(Integer::valueOf).orElse(null);
        }
        catch (NumberFormatException e) {
            return null;
        }
    }
}
