package dev.sparkjobs.gateway.metastore;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * Version 3: the tables of Quartz's JDBC job store ({@code qrtz_*}), for the scheduler, in the
 * same database. The DDL is the one the Quartz jar on the class path ships for this database
 * ({@code org/quartz/impl/jdbcjobstore/tables_h2.sql} or {@code tables_postgres.sql}), read at
 * migration time rather than copied, without its DROP and COMMIT statements.
 */
final class QuartzTablesMigration
        implements JavaMigration
{
    private static final String SCRIPTS = "org/quartz/impl/jdbcjobstore/";

    @Override
    public MigrationVersion getVersion()
    {
        return MigrationVersion.fromVersion("3");
    }

    @Override
    public String getDescription()
    {
        return "Quartz job store tables";
    }

    @Override
    public Integer getChecksum()
    {
        return null;
    }

    @Override
    public boolean canExecuteInTransaction()
    {
        return true;
    }

    @Override
    public void migrate(Context context)
            throws Exception
    {
        Connection connection = context.getConnection();
        String product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
        String script = product.contains("postgres") ? "tables_postgres.sql" : product.contains("h2") ? "tables_h2.sql" : null;
        if (script == null) {
            throw new SQLException("no Quartz job store tables for " + product + ": the metadata database must be H2 or PostgreSQL");
        }
        try (Statement statement = connection.createStatement()) {
            for (String sql : statements(read(script))) {
                statement.execute(sql);
            }
        }
    }

    private static String read(String script)
            throws IOException
    {
        try (InputStream in = org.quartz.Scheduler.class.getClassLoader().getResourceAsStream(SCRIPTS + script)) {
            if (in == null) {
                throw new IOException(SCRIPTS + script + " is not on the class path: is the Quartz jar there?");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The script's statements without comments, drops and commits. */
    static List<String> statements(String script)
    {
        StringBuilder text = new StringBuilder();
        for (String line : script.split("\\R")) {
            String trimmed = line.strip();
            if (!trimmed.startsWith("--") && !trimmed.startsWith("#")) {
                text.append(line).append('\n');
            }
        }
        List<String> statements = new ArrayList<>();
        for (String statement : text.toString().split(";")) {
            String sql = statement.strip();
            String upper = sql.toUpperCase(Locale.ROOT);
            if (!sql.isEmpty() && !upper.startsWith("DROP ") && !upper.equals("COMMIT") && !upper.startsWith("BEGIN")) {
                statements.add(sql);
            }
        }
        return statements;
    }
}
