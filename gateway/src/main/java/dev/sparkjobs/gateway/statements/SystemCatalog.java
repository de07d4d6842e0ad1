package dev.sparkjobs.gateway.statements;

import static java.util.Objects.requireNonNull;

import dev.sparkjobs.flight.SqlServiceException;
import dev.sparkjobs.gateway.metastore.SystemTables;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.JDBCType;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.apache.calcite.DataContext;
import org.apache.calcite.jdbc.CalciteConnection;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.ScannableTable;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.impl.AbstractSchema;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * The {@code system} schema, answered by Calcite with no Spark engine involved: five tables are
 * views of the metadata database, {@code sessions}, {@code engines} and {@code pools} are the gateway's memory.
 * Identifiers behave as in Spark (case-insensitive, backticks).
 */
public final class SystemCatalog
{
    /** How many query texts keep their plan (a prepared statement on a connection of its own). */
    private static final int PLANS_KEPT = 64;

    private final DataSource metadata;
    private final Map<String, Supplier<List<Object[]>>> memoryTables;
    /**
     * The plans of recent query texts, least recently used first: a dashboard or a client polling the
     * same system query (a stream's progress, a run's state) is parsed, validated and planned once,
     * not on every poll (about 40-80 ms of CPU each, on the cores the engine works on). Executing a
     * kept statement scans the tables again, so every answer is current.
     */
    private final Map<String, Plan> plans = new LinkedHashMap<>(16, 0.75f, true);

    /**
     * {@code memoryTables} gives, for {@code sessions} and {@code engines}, rows in the column
     * order of {@link SystemTables}: strings, {@code Long}/{@code Integer}, {@code Instant}.
     */
    public SystemCatalog(DataSource metadata, Map<String, Supplier<List<Object[]>>> memoryTables)
    {
        this.metadata = requireNonNull(metadata, "metadata is null");
        this.memoryTables = Map.copyOf(memoryTables);
    }

    /** The columns a query will return, found without running it. */
    public List<LocalResult.Column> describe(String sql)
            throws SqlServiceException
    {
        try {
            Plan plan = plan(sql);
            if (plan.acquire()) {
                try {
                    return columns(plan.statement.getMetaData());
                }
                finally {
                    plan.release();
                }
            }
            // Another thread runs this plan right now: plan it again rather than wait.
            try (Connection connection = connect(); PreparedStatement statement = connection.prepareStatement(sql)) {
                return columns(statement.getMetaData());
            }
        }
        catch (SQLException e) {
            throw error(e);
        }
    }

    public LocalResult execute(String sql)
            throws SqlServiceException
    {
        Plan plan;
        try {
            plan = plan(sql);
        }
        catch (SQLException e) {
            throw error(e);
        }
        if (plan.acquire()) {
            try (ResultSet rs = plan.statement.executeQuery()) {
                return read(rs);
            }
            catch (SQLException e) {
                forget(sql, plan);
                throw error(e);
            }
            finally {
                plan.release();
            }
        }
        // Another thread runs this plan right now (or it has just left the cache): plan it again rather than wait.
        try (Connection connection = connect(); Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            return read(rs);
        }
        catch (SQLException e) {
            throw error(e);
        }
    }

    /** The kept plan of this text, or a new one (kept if the text prepares without error). */
    private Plan plan(String sql)
            throws SQLException
    {
        synchronized (plans) {
            Plan kept = plans.get(sql);
            if (kept != null) {
                return kept;
            }
        }
        Connection connection = connect();
        Plan plan;
        try {
            plan = new Plan(connection, connection.prepareStatement(sql));
        }
        catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
        List<Plan> evicted = new ArrayList<>();
        synchronized (plans) {
            Plan raced = plans.putIfAbsent(sql, plan);
            if (raced != null) {
                evicted.add(plan);
                plan = raced;
            }
            Iterator<Map.Entry<String, Plan>> oldest = plans.entrySet().iterator();
            while (plans.size() > PLANS_KEPT && oldest.hasNext()) {
                evicted.add(oldest.next().getValue());
                oldest.remove();
            }
        }
        evicted.forEach(Plan::retire);
        return plan;
    }

    private void forget(String sql, Plan plan)
    {
        synchronized (plans) {
            plans.remove(sql, plan);
        }
        plan.retire();
    }

    /** A prepared statement and its connection; used by one thread at a time, closed once retired and idle. */
    private static final class Plan
    {
        final Connection connection;
        final PreparedStatement statement;
        final ReentrantLock lock = new ReentrantLock();
        private volatile boolean retired;

        Plan(Connection connection, PreparedStatement statement)
        {
            this.connection = connection;
            this.statement = statement;
        }

        /** Locks it for this thread, unless another holds it or it has left the cache. */
        boolean acquire()
        {
            if (!lock.tryLock()) {
                return false;
            }
            if (retired) {
                release();
                return false;
            }
            return true;
        }

        /** Out of the cache: closed now if idle, else by the thread using it when it is done. */
        void retire()
        {
            retired = true;
            if (lock.tryLock()) {
                release();
            }
        }

        /** Unlocks, closing it first when it has been retired. */
        void release()
        {
            try {
                if (retired) {
                    close();
                }
            }
            finally {
                lock.unlock();
            }
        }

        private void close()
        {
            try {
                statement.close();
                connection.close();
            }
            catch (SQLException e) {
                // nothing was held but memory
            }
        }
    }

    private static LocalResult read(ResultSet rs)
            throws SQLException
    {
        List<LocalResult.Column> columns = columns(rs.getMetaData());
        List<Object[]> rows = new ArrayList<>();
        while (rs.next()) {
            Object[] row = new Object[columns.size()];
            for (int i = 0; i < row.length; i++) {
                row[i] = switch (columns.get(i).type()) {
                    case TIMESTAMP -> {
                        java.sql.Timestamp time = rs.getTimestamp(i + 1, java.util.Calendar.getInstance(java.util.TimeZone.getTimeZone("UTC")));
                        yield time == null ? null : time.toInstant();
                    }
                    default -> rs.getObject(i + 1);
                };
            }
            rows.add(row);
        }
        return new LocalResult(columns, rows);
    }

    private Connection connect()
            throws SQLException
    {
        Properties properties = new Properties();
        properties.setProperty("lex", "MYSQL");
        // The gateway's own parser: Calcite's default one reserves SYSTEM, which names this schema.
        properties.setProperty("parserFactory", dev.sparkjobs.sql.parser.impl.ExtendedSqlParserImpl.class.getName() + "#FACTORY");
        properties.setProperty("fun", "standard,spark");
        properties.setProperty("conformance", "LENIENT");
        properties.setProperty("timeZone", "UTC");
        Connection connection = DriverManager.getConnection("jdbc:calcite:", properties);
        CalciteConnection calcite = connection.unwrap(CalciteConnection.class);
        calcite.getRootSchema().add("system", new Schema());
        calcite.setSchema("system");
        return connection;
    }

    private static List<LocalResult.Column> columns(ResultSetMetaData metaData)
            throws SQLException
    {
        List<LocalResult.Column> columns = new ArrayList<>();
        for (int i = 1; i <= metaData.getColumnCount(); i++) {
            columns.add(new LocalResult.Column(metaData.getColumnLabel(i), LocalResult.Type.of(JDBCType.valueOf(metaData.getColumnType(i)))));
        }
        return columns;
    }

    private static SqlServiceException error(SQLException e)
    {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        // Calcite wraps parse and validation errors: keep the innermost message, which names the position.
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String detail = cause.getMessage() != null ? cause.getMessage() : message;
        String state = detail.contains("not found") ? "42P01" : detail.contains("Encountered") ? SqlServiceException.SYNTAX_ERROR : "42000";
        return new SqlServiceException(state, 0, "system query: " + detail, e);
    }

    private final class Schema
            extends AbstractSchema
    {
        @Override
        protected Map<String, Table> getTableMap()
        {
            Map<String, Table> tables = new HashMap<>();
            for (SystemTables.SystemTable table : SystemTables.ALL) {
                tables.put(table.name(), new SystemTable(table));
            }
            return tables;
        }
    }

    private final class SystemTable
            extends AbstractTable
            implements ScannableTable
    {
        private final SystemTables.SystemTable table;

        SystemTable(SystemTables.SystemTable table)
        {
            this.table = table;
        }

        @Override
        public RelDataType getRowType(RelDataTypeFactory typeFactory)
        {
            RelDataTypeFactory.Builder builder = typeFactory.builder();
            for (SystemTables.SystemColumn column : table.columns()) {
                builder.add(column.name(), typeFactory.createTypeWithNullability(typeFactory.createSqlType(sqlType(column.type())), true));
            }
            return builder.build();
        }

        @Override
        public Enumerable<Object[]> scan(DataContext root)
        {
            List<Object[]> rows = table.source() == SystemTables.Source.DATABASE_VIEW ? readView() : memoryTables.getOrDefault(table.name(), List::of).get();
            List<Object[]> internal = new ArrayList<>(rows.size());
            for (Object[] row : rows) {
                Object[] converted = new Object[row.length];
                for (int i = 0; i < row.length; i++) {
                    converted[i] = internal(row[i], table.columns().get(i).type());
                }
                internal.add(converted);
            }
            return Linq4j.asEnumerable(internal);
        }

        private List<Object[]> readView()
        {
            String columns = table.columns().stream().map(SystemTables.SystemColumn::name).collect(Collectors.joining(", "));
            try (Connection connection = metadata.getConnection();
                    Statement statement = connection.createStatement();
                    ResultSet rs = statement.executeQuery("SELECT " + columns + " FROM " + table.view().orElseThrow())) {
                List<Object[]> rows = new ArrayList<>();
                while (rs.next()) {
                    Object[] row = new Object[table.columns().size()];
                    for (int i = 0; i < row.length; i++) {
                        row[i] = switch (table.columns().get(i).type()) {
                            case TIMESTAMP -> {
                                LocalDateTime time = rs.getObject(i + 1, LocalDateTime.class);
                                yield time == null ? null : time.toInstant(ZoneOffset.UTC);
                            }
                            case BIGINT -> rs.getObject(i + 1) == null ? null : rs.getLong(i + 1);
                            case INTEGER -> rs.getObject(i + 1) == null ? null : rs.getInt(i + 1);
                            case DOUBLE -> rs.getObject(i + 1) == null ? null : rs.getDouble(i + 1);
                            default -> rs.getString(i + 1);
                        };
                    }
                    rows.add(row);
                }
                return rows;
            }
            catch (SQLException e) {
                throw new IllegalStateException("reading " + table.view().orElseThrow() + " failed: " + e.getMessage(), e);
            }
        }
    }

    private static SqlTypeName sqlType(JDBCType type)
    {
        return switch (type) {
            case BIGINT -> SqlTypeName.BIGINT;
            case INTEGER -> SqlTypeName.INTEGER;
            case DOUBLE -> SqlTypeName.DOUBLE;
            case TIMESTAMP -> SqlTypeName.TIMESTAMP;
            default -> SqlTypeName.VARCHAR;
        };
    }

    /** Calcite's internal form: a TIMESTAMP is milliseconds since the epoch. */
    private static Object internal(Object value, JDBCType type)
    {
        if (value == null) {
            return null;
        }
        return switch (type) {
            case TIMESTAMP -> value instanceof Instant instant ? instant.toEpochMilli() : value;
            case BIGINT -> ((Number) value).longValue();
            case INTEGER -> ((Number) value).intValue();
            case DOUBLE -> ((Number) value).doubleValue();
            default -> value.toString();
        };
    }
}
