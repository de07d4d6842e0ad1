package dev.sparkjobs.gateway.metastore;

import static java.util.Objects.requireNonNull;

import dev.sparkjobs.planner.model.Identifiers;
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
 * Named definitions with every version kept: the object table ({@code jobs}) holds the current
 * version number and status, the version table ({@code job_versions}) each definition as JSON with
 * its SQL. Writes are optimistic: a change names the version it was made from and is refused with
 * {@link MetastoreError#STALE_VERSION} when another writer got there first.
 */
public abstract class DefinitionStore<T>
{
    public static final String DROPPED = "DROPPED";

    private final DataSource dataSource;
    private final Clock clock;
    private final DefinitionKind<T> kind;
    private final String selectCurrent;

    DefinitionStore(DataSource dataSource, Clock clock, DefinitionKind<T> kind)
    {
        this.dataSource = requireNonNull(dataSource, "dataSource is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.kind = requireNonNull(kind, "kind is null");
        this.selectCurrent = "SELECT o." + kind.idColumn() + " AS id, o.name, o.current_version, o.status, o.owner, o.created_at, o.updated_at, "
                + "v.definition_json, v.sql_text FROM " + kind.table() + " o JOIN " + kind.versionTable() + " v ON v." + kind.idColumn() + " = o." + kind.idColumn()
                + " AND v.version = o.current_version";
    }

    /** Stores version 1 of a new object; refused when the name is taken. */
    public Stored<T> create(T definition, String sqlText, Optional<String> user)
    {
        String name = kind.nameOf().apply(definition);
        return Jdbc.inTransaction(dataSource, connection -> {
            String id = UUID.randomUUID().toString();
            Instant now = Jdbc.truncate(clock.instant());
            String sql = "INSERT INTO " + kind.table() + " (" + kind.idColumn() + ", name, name_key, current_version, status, owner, created_at, updated_at) VALUES (?, ?, ?, 1, ?, ?, ?, ?)";
            try (PreparedStatement insert = connection.prepareStatement(sql)) {
                insert.setString(1, id);
                insert.setString(2, name);
                insert.setString(3, Identifiers.key(name));
                insert.setString(4, kind.initialStatus());
                Jdbc.setString(insert, 5, user);
                Jdbc.setInstant(insert, 6, now);
                Jdbc.setInstant(insert, 7, now);
                insert.executeUpdate();
            }
            catch (SQLException e) {
                if (Jdbc.isUniqueViolation(e)) {
                    throw new MetastoreException(MetastoreError.DUPLICATE_OBJECT, kind.noun() + " " + name + " already exists", e);
                }
                throw e;
            }
            insertVersion(connection, id, 1, ChangeKind.CREATE, definition, sqlText, user, now);
            return current(connection, name).orElseThrow();
        });
    }

    /**
     * Stores a new version of an existing object, made from {@code expectedVersion}: a CREATE OR
     * REPLACE, an ALTER, or a RENAME (then the definition carries the new name).
     */
    public Stored<T> update(String name, long expectedVersion, T definition, String sqlText, ChangeKind change, Optional<String> user)
    {
        requireNonNull(change, "change is null");
        String newName = kind.nameOf().apply(definition);
        if (change != ChangeKind.RENAME && !Identifiers.key(newName).equals(Identifiers.key(name))) {
            throw new IllegalArgumentException("a " + change + " keeps the name " + name + "; renaming to " + newName + " is a RENAME");
        }
        return Jdbc.inTransaction(dataSource, connection -> {
            Stored<T> current = current(connection, name).orElseThrow(() -> undefined(name));
            if (current.version() != expectedVersion) {
                throw stale(name, expectedVersion, current.version());
            }
            long version = expectedVersion + 1;
            Instant now = Jdbc.truncate(clock.instant());
            String sql = "UPDATE " + kind.table() + " SET current_version = ?, name = ?, name_key = ?, updated_at = ? WHERE " + kind.idColumn() + " = ? AND current_version = ?";
            try (PreparedStatement update = connection.prepareStatement(sql)) {
                update.setLong(1, version);
                update.setString(2, newName);
                update.setString(3, Identifiers.key(newName));
                Jdbc.setInstant(update, 4, now);
                update.setString(5, current.id());
                update.setLong(6, expectedVersion);
                if (update.executeUpdate() != 1) {
                    throw stale(name, expectedVersion, expectedVersion + 1);
                }
            }
            catch (SQLException e) {
                if (Jdbc.isUniqueViolation(e)) {
                    throw new MetastoreException(MetastoreError.DUPLICATE_OBJECT, kind.noun() + " " + newName + " already exists", e);
                }
                throw e;
            }
            insertVersion(connection, current.id(), version, change, definition, sqlText, user, now);
            return current(connection, newName).orElseThrow();
        });
    }

    /** {@code CREATE OR REPLACE}: version 1 of a new object, or the next version of the existing one. */
    public Stored<T> createOrReplace(T definition, String sqlText, Optional<String> user)
    {
        String name = kind.nameOf().apply(definition);
        Optional<Stored<T>> current = find(name);
        if (current.isEmpty()) {
            return create(definition, sqlText, user);
        }
        return update(name, current.get().version(), definition, sqlText, ChangeKind.REPLACE, user);
    }

    public Optional<Stored<T>> find(String name)
    {
        return Jdbc.inTransaction(dataSource, connection -> current(connection, name));
    }

    /** Every object that exists (not dropped), by name. */
    public List<Stored<T>> list()
    {
        return Jdbc.inTransaction(dataSource, connection -> {
            try (PreparedStatement select = connection.prepareStatement(selectCurrent + " WHERE o.name_key IS NOT NULL ORDER BY o.name_key")) {
                return readStored(select);
            }
        });
    }

    /** Every version of the object now called {@code name}, oldest first. */
    public List<DefinitionVersion<T>> history(String name)
    {
        return Jdbc.inTransaction(dataSource, connection -> {
            String sql = "SELECT v.version, v.change_kind, v.definition_json, v.sql_text, v.created_by, v.created_at FROM " + kind.versionTable() + " v JOIN "
                    + kind.table() + " o ON o." + kind.idColumn() + " = v." + kind.idColumn() + " WHERE o.name_key = ? ORDER BY v.version";
            try (PreparedStatement select = connection.prepareStatement(sql)) {
                select.setString(1, Identifiers.key(name));
                List<DefinitionVersion<T>> versions = new ArrayList<>();
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        versions.add(new DefinitionVersion<>(rs.getLong("version"), ChangeKind.valueOf(rs.getString("change_kind")),
                                ModelJson.read(rs.getString("definition_json"), kind.type()), rs.getString("sql_text"),
                                Jdbc.string(rs, "created_by"), Jdbc.requiredInstant(rs, "created_at")));
                    }
                }
                if (versions.isEmpty()) {
                    throw undefined(name);
                }
                return versions;
            }
        });
    }

    /** Sets the status ({@code SUSPENDED}, {@code PAUSED}, ...) without making a new version. */
    public Stored<T> setStatus(String name, String status)
    {
        requireNonNull(status, "status is null");
        if (status.equals(DROPPED)) {
            throw new IllegalArgumentException("drop() drops");
        }
        return Jdbc.inTransaction(dataSource, connection -> {
            String sql = "UPDATE " + kind.table() + " SET status = ?, updated_at = ? WHERE name_key = ?";
            try (PreparedStatement update = connection.prepareStatement(sql)) {
                update.setString(1, status);
                Jdbc.setInstant(update, 2, clock.instant());
                update.setString(3, Identifiers.key(name));
                if (update.executeUpdate() != 1) {
                    throw undefined(name);
                }
            }
            return current(connection, name).orElseThrow();
        });
    }

    /**
     * Drops the object: its name is free again, its versions (and, for jobs, its runs) stay.
     * False when there was no such object.
     */
    public boolean drop(String name)
    {
        return Jdbc.inTransaction(dataSource, connection -> {
            String sql = "UPDATE " + kind.table() + " SET status = ?, name_key = NULL, dropped_at = ?, updated_at = ? WHERE name_key = ?";
            try (PreparedStatement update = connection.prepareStatement(sql)) {
                Instant now = clock.instant();
                update.setString(1, DROPPED);
                Jdbc.setInstant(update, 2, now);
                Jdbc.setInstant(update, 3, now);
                update.setString(4, Identifiers.key(name));
                return update.executeUpdate() == 1;
            }
        });
    }

    /** The id of the object now called {@code name}, for tables that refer to it. */
    Optional<String> idOf(Connection connection, String name)
            throws SQLException
    {
        try (PreparedStatement select = connection.prepareStatement("SELECT " + kind.idColumn() + " FROM " + kind.table() + " WHERE name_key = ?")) {
            select.setString(1, Identifiers.key(name));
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    private Optional<Stored<T>> current(Connection connection, String name)
            throws SQLException
    {
        try (PreparedStatement select = connection.prepareStatement(selectCurrent + " WHERE o.name_key = ?")) {
            select.setString(1, Identifiers.key(name));
            return readStored(select).stream().findFirst();
        }
    }

    private List<Stored<T>> readStored(PreparedStatement select)
            throws SQLException
    {
        List<Stored<T>> stored = new ArrayList<>();
        try (ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                stored.add(new Stored<>(rs.getString("id"), rs.getString("name"), rs.getLong("current_version"), rs.getString("status"),
                        ModelJson.read(rs.getString("definition_json"), kind.type()), rs.getString("sql_text"), Jdbc.string(rs, "owner"),
                        Jdbc.requiredInstant(rs, "created_at"), Jdbc.requiredInstant(rs, "updated_at")));
            }
        }
        return stored;
    }

    private void insertVersion(Connection connection, String id, long version, ChangeKind change, T definition, String sqlText, Optional<String> user, Instant now)
            throws SQLException
    {
        T versioned = kind.withVersion().apply(definition, version);
        Map<String, Object> summary = kind.summary().apply(versioned);
        StringBuilder columns = new StringBuilder(kind.idColumn() + ", version, change_kind, model_format, definition_json, sql_text, created_by, created_at");
        StringBuilder values = new StringBuilder("?, ?, ?, ?, ?, ?, ?, ?");
        summary.keySet().forEach(column -> {
            columns.append(", ").append(column);
            values.append(", ?");
        });
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + kind.versionTable() + " (" + columns + ") VALUES (" + values + ")")) {
            insert.setString(1, id);
            insert.setLong(2, version);
            insert.setString(3, change.name());
            insert.setInt(4, ModelJson.FORMAT);
            insert.setString(5, ModelJson.write(versioned));
            insert.setString(6, requireNonNull(sqlText, "sqlText is null"));
            Jdbc.setString(insert, 7, user);
            Jdbc.setInstant(insert, 8, now);
            int index = 9;
            for (Object value : summary.values()) {
                Jdbc.setObject(insert, index++, value);
            }
            insert.executeUpdate();
        }
        catch (SQLException e) {
            if (Jdbc.isUniqueViolation(e)) {
                throw stale(kind.nameOf().apply(definition), version - 1, version);
            }
            throw e;
        }
    }

    private MetastoreException undefined(String name)
    {
        return new MetastoreException(MetastoreError.UNDEFINED_OBJECT, kind.noun() + " " + name + " does not exist");
    }

    private MetastoreException stale(String name, long expected, long actual)
    {
        return new MetastoreException(MetastoreError.STALE_VERSION, kind.noun() + " " + name + " changed while this change was made: it was read at version "
                + expected + " and is now at version " + actual + "; read it again and retry");
    }
}
