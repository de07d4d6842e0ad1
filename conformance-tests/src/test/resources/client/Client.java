import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A JDBC client with nothing but one driver jar on its classpath, run with the JDK's single-file
 * source launcher by the conformance tests:
 *
 * <pre>
 * java -cp DRIVER.jar Client.java URL run FILE...   # statements separated by lines holding only ";"
 * java -cp DRIVER.jar Client.java URL metadata SCHEMA TABLE
 * </pre>
 *
 * It prints one line per fact: {@code # name} opens a section (a file, or a DatabaseMetaData call),
 * {@code > millis} starts a result, {@code @ labels} names its columns, {@code = values} is one row,
 * {@code ! sqlstate message} is an error. Values are tab-separated and typed: {@code ~} is NULL,
 * otherwise {@code tag:text} with tag i (integer), m (decimal), f (floating point), d (date),
 * t (timestamp), b (boolean) or s (anything else, as its string), with \t, \n, \r and \\ escaped.
 */
public class Client
{
    public static void main(String[] args)
            throws Exception
    {
        try (Connection connection = DriverManager.getConnection(args[0])) {
            switch (args[1]) {
                case "run" -> {
                    for (int i = 2; i < args.length; i++) {
                        run(connection, Path.of(args[i]));
                    }
                }
                case "metadata" -> metadata(connection, args[2], args[3]);
                default -> throw new IllegalArgumentException("unknown mode " + args[1]);
            }
        }
        System.out.flush();
    }

    private static void run(Connection connection, Path file)
            throws Exception
    {
        System.out.println("# " + file.getFileName());
        for (String sql : Files.readString(file).split("(?m)^;$")) {
            if (sql.isBlank()) {
                continue;
            }
            try (Statement statement = connection.createStatement()) {
                long start = System.nanoTime();
                if (statement.execute(sql.strip())) {
                    try (ResultSet result = statement.getResultSet()) {
                        List<String> rows = rows(result);
                        System.out.println("> " + (System.nanoTime() - start) / 1_000_000);
                        System.out.println("@ " + labels(result));
                        rows.forEach(System.out::println);
                    }
                }
            }
            catch (SQLException e) {
                error(e);
            }
        }
    }

    /** What DBeaver asks on connect and when one browses a schema and a table. */
    private static void metadata(Connection connection, String schema, String table)
            throws Exception
    {
        DatabaseMetaData metadata = connection.getMetaData();
        scalar("getDatabaseProductName", metadata.getDatabaseProductName());
        scalar("getDatabaseProductVersion", metadata.getDatabaseProductVersion());
        scalar("getDriverName", metadata.getDriverName());
        scalar("getIdentifierQuoteString", metadata.getIdentifierQuoteString());
        section("getCatalogs", metadata::getCatalogs);
        section("getSchemas", metadata::getSchemas);
        section("getSchemas(pattern)", () -> metadata.getSchemas(null, schema));
        section("getTableTypes", metadata::getTableTypes);
        section("getTables", () -> metadata.getTables(null, schema, "%", null));
        section("getColumns", () -> metadata.getColumns(null, schema, table, "%"));
        section("getPrimaryKeys", () -> metadata.getPrimaryKeys(null, schema, table));
        section("getImportedKeys", () -> metadata.getImportedKeys(null, schema, table));
        section("getTypeInfo", metadata::getTypeInfo);
        section("getFunctions", () -> metadata.getFunctions(null, null, "%"));
    }

    private interface Call
    {
        ResultSet call()
                throws SQLException;
    }

    private static void scalar(String name, String value)
    {
        System.out.println("# " + name);
        System.out.println("> 0");
        System.out.println("@ value");
        System.out.println("= " + (value == null ? "~" : "s:" + escape(value)));
    }

    private static void section(String name, Call call)
    {
        System.out.println("# " + name);
        long start = System.nanoTime();
        try (ResultSet result = call.call()) {
            List<String> rows = rows(result);
            System.out.println("> " + (System.nanoTime() - start) / 1_000_000);
            System.out.println("@ " + labels(result));
            rows.forEach(System.out::println);
        }
        catch (SQLException e) {
            error(e);
        }
    }

    private static void error(SQLException e)
    {
        System.out.println("! " + e.getSQLState() + "\t" + escape(String.valueOf(e.getMessage())));
    }

    private static String labels(ResultSet result)
            throws SQLException
    {
        ResultSetMetaData metadata = result.getMetaData();
        List<String> labels = new ArrayList<>();
        for (int column = 1; column <= metadata.getColumnCount(); column++) {
            labels.add(escape(metadata.getColumnLabel(column)));
        }
        return String.join("\t", labels);
    }

    private static List<String> rows(ResultSet result)
            throws SQLException
    {
        int columns = result.getMetaData().getColumnCount();
        List<String> rows = new ArrayList<>();
        while (result.next()) {
            List<String> values = new ArrayList<>(columns);
            for (int column = 1; column <= columns; column++) {
                values.add(value(result.getObject(column)));
            }
            rows.add("= " + String.join("\t", values));
        }
        return rows;
    }

    private static String value(Object value)
    {
        if (value == null) {
            return "~";
        }
        if (value instanceof Byte || value instanceof Short || value instanceof Integer || value instanceof Long || value instanceof BigInteger) {
            return "i:" + value;
        }
        if (value instanceof BigDecimal decimal) {
            return "m:" + decimal.toPlainString();
        }
        if (value instanceof Float || value instanceof Double) {
            return "f:" + ((Number) value).doubleValue();
        }
        if (value instanceof java.sql.Date date) {
            return "d:" + date.toLocalDate();
        }
        if (value instanceof java.sql.Timestamp timestamp) {
            return "t:" + timestamp.toLocalDateTime();
        }
        if (value instanceof Boolean bool) {
            return "b:" + bool;
        }
        return "s:" + escape(value.toString());
    }

    private static String escape(String text)
    {
        return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r");
    }
}
