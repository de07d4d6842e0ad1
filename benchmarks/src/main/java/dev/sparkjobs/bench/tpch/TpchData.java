package dev.sparkjobs.bench.tpch;

import static java.util.Objects.requireNonNull;

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

/**
 * The eight TPC-H tables at a scale factor, generated with the Trino generator into '|'-delimited
 * files (one per table, no header, no trailing delimiter), with the DDL that loads them into
 * Spark and into DuckDB with the same types: keys BIGINT, integers INT, money and quantities
 * DECIMAL(15,2), dates DATE, text as unbounded strings (Spark's CHAR(n) would pad, DuckDB's would
 * not).
 */
public final class TpchData
{
    /** One generated table: its name, columns and file. */
    public record Table(String name, List<Column> columns, Path file, long rows)
    {
        public Table
        {
            requireNonNull(name, "name is null");
            columns = List.copyOf(columns);
            requireNonNull(file, "file is null");
        }

        public String sparkColumns()
        {
            return String.join(", ", columns.stream().map(column -> column.name() + " " + column.sparkType()).toList());
        }

        public String duckDbColumns()
        {
            return String.join(", ", columns.stream().map(column -> column.name() + " " + column.duckDbType()).toList());
        }
    }

    /** One column with its type in each engine. */
    public record Column(String name, String sparkType, String duckDbType) {}

    private TpchData() {}

    /** Writes every table of the scale factor under {@code directory}. */
    public static List<Table> generate(double scaleFactor, Path directory)
            throws IOException
    {
        Files.createDirectories(directory);
        List<Table> tables = new ArrayList<>();
        for (TpchTable<?> table : TpchTable.getTables()) {
            tables.add(generate(table, scaleFactor, directory));
        }
        return tables;
    }

    private static <E extends TpchEntity> Table generate(TpchTable<E> table, double scaleFactor, Path directory)
            throws IOException
    {
        Path file = directory.resolve(table.getTableName() + ".tbl");
        long rows = 0;
        try (BufferedWriter writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (E entity : table.createGenerator(scaleFactor, 1, 1)) {
                String line = entity.toLine();
                // The generator ends each line with the delimiter, as dbgen does.
                writer.write(line, 0, line.endsWith("|") ? line.length() - 1 : line.length());
                writer.newLine();
                rows++;
            }
        }
        List<Column> columns = new ArrayList<>();
        for (TpchColumn<E> column : table.getColumns()) {
            columns.add(column(column));
        }
        return new Table(table.getTableName(), columns, file, rows);
    }

    private static Column column(TpchColumn<?> column)
    {
        String name = column.getColumnName().toLowerCase(Locale.ROOT);
        return switch (column.getType().getBase()) {
            case IDENTIFIER -> new Column(name, "BIGINT", "BIGINT");
            case INTEGER -> new Column(name, "INT", "INTEGER");
            case DOUBLE -> new Column(name, "DECIMAL(15,2)", "DECIMAL(15,2)");
            case DATE -> new Column(name, "DATE", "DATE");
            case VARCHAR -> new Column(name, "STRING", "VARCHAR");
        };
    }
}
