package dev.sparkjobs.pool.process;

import io.trino.tpch.TpchColumn;
import io.trino.tpch.TpchEntity;
import io.trino.tpch.TpchTable;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** TPC-H tables from the Trino generator as '|'-delimited files, and the views that read them. */
public final class Tpch
{
    public static final List<String> QUERIES = List.of(
            // pricing summary (q1)
            "SELECT l_returnflag, l_linestatus, sum(l_quantity) AS sum_qty, sum(l_extendedprice) AS sum_base_price, "
                    + "sum(l_extendedprice * (1 - l_discount)) AS sum_disc_price, avg(l_quantity) AS avg_qty, count(*) AS count_order "
                    + "FROM lineitem WHERE l_shipdate <= date_sub(DATE '1998-12-01', 90) "
                    + "GROUP BY l_returnflag, l_linestatus ORDER BY l_returnflag, l_linestatus",
            // shipping priority (q3)
            "SELECT l_orderkey, sum(l_extendedprice * (1 - l_discount)) AS revenue, o_orderdate, o_shippriority "
                    + "FROM customer, orders, lineitem WHERE c_mktsegment = 'BUILDING' AND c_custkey = o_custkey AND l_orderkey = o_orderkey "
                    + "AND o_orderdate < DATE '1995-03-15' AND l_shipdate > DATE '1995-03-15' "
                    + "GROUP BY l_orderkey, o_orderdate, o_shippriority ORDER BY revenue DESC, o_orderdate, l_orderkey LIMIT 10",
            // revenue by nation (q5-like)
            "SELECT n_name, sum(l_extendedprice * (1 - l_discount)) AS revenue FROM customer, orders, lineitem, nation "
                    + "WHERE c_custkey = o_custkey AND l_orderkey = o_orderkey AND c_nationkey = n_nationkey "
                    + "AND o_orderdate >= DATE '1994-01-01' AND o_orderdate < DATE '1995-01-01' GROUP BY n_name ORDER BY revenue DESC, n_name",
            // a wide result, many batches
            "SELECT l_orderkey, l_linenumber, l_comment FROM lineitem ORDER BY l_orderkey, l_linenumber");

    private Tpch() {}

    /** Writes the tables and returns the statements that create their views in a session. */
    public static List<String> generate(double scaleFactor, Path directory)
            throws IOException
    {
        Files.createDirectories(directory);
        List<String> views = new ArrayList<>();
        for (TpchTable<?> table : List.of(TpchTable.LINE_ITEM, TpchTable.ORDERS, TpchTable.CUSTOMER, TpchTable.NATION)) {
            views.add(generate(table, scaleFactor, directory));
        }
        return views;
    }

    private static <E extends TpchEntity> String generate(TpchTable<E> table, double scaleFactor, Path directory)
            throws IOException
    {
        Path file = directory.resolve(table.getTableName() + ".tbl");
        try (BufferedWriter writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (E entity : table.createGenerator(scaleFactor, 1, 1)) {
                String line = entity.toLine();
                writer.write(line, 0, line.endsWith("|") ? line.length() - 1 : line.length());
                writer.newLine();
            }
        }
        List<String> columns = new ArrayList<>();
        for (TpchColumn<E> column : table.getColumns()) {
            String type = switch (column.getType().getBase()) {
                case IDENTIFIER -> "BIGINT";
                case INTEGER -> "INT";
                case DOUBLE -> "DECIMAL(15,2)";
                case DATE -> "DATE";
                case VARCHAR -> "STRING";
            };
            columns.add(column.getColumnName().toLowerCase(Locale.ROOT) + " " + type);
        }
        return "CREATE TEMPORARY VIEW " + table.getTableName() + " (" + String.join(", ", columns) + ") USING csv OPTIONS (path '"
                + file.toAbsolutePath() + "', delimiter '|')";
    }
}
