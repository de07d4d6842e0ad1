package dev.sparkjobs.gateway.jobs;

import static java.util.Objects.requireNonNull;

import dev.sparkjobs.sql.TableReferences;
import dev.sparkjobs.sql.parser.ExtendedSqlParser;
import dev.sparkjobs.sql.parser.ddl.table.SqlCreateTableAs;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlInsert;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * One statement of a job body as Calcite reads it: whether it is a query, an INSERT or a CREATE
 * TABLE AS, the table it writes (and where that name is in the text, so it can be replaced), and
 * the tables it reads ({@link TableReferences}).
 */
record JobStatement(String sql, Kind kind, Optional<Target> target, List<List<String>> sources)
{
    /** Spark's INSERT OVERWRITE [TABLE] t and INSERT INTO TABLE t, which Calcite reads as INSERT INTO t. */
    private static final Pattern SPARK_INSERT = Pattern.compile("(?is)^\\s*INSERT\\s+(OVERWRITE|INTO)\\s+(TABLE\\s+)?");
    private static final String CALCITE_INSERT = "INSERT INTO ";

    enum Kind
    {
        QUERY, INSERT, CREATE_TABLE_AS
    }

    /** The table a statement writes: its name parts, and the characters {@code [start, end)} of {@code sql} that name it. */
    record Target(List<String> name, int start, int end)
    {
        String qualified()
        {
            return String.join(".", name);
        }
    }

    JobStatement
    {
        requireNonNull(sql, "sql is null");
        requireNonNull(kind, "kind is null");
        requireNonNull(target, "target is null");
        sources = List.copyOf(sources);
    }

    /** Reads a statement; fails (with Calcite's message) for statements it cannot parse or that are none of the three kinds. */
    static JobStatement analyse(String sql)
    {
        Matcher insert = SPARK_INSERT.matcher(sql);
        String normalized = sql;
        int shift = 0;
        if (insert.find()) {
            normalized = CALCITE_INSERT + sql.substring(insert.end());
            shift = insert.end() - CALCITE_INSERT.length();
        }
        SqlNode node;
        try {
            node = ExtendedSqlParser.parse(normalized);
        }
        catch (dev.sparkjobs.sql.parser.SqlSyntaxException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        if (node instanceof SqlInsert write) {
            SqlIdentifier name = (SqlIdentifier) write.getTargetTable();
            return new JobStatement(sql, Kind.INSERT, Optional.of(target(name, normalized, shift)), TableReferences.of(write.getSource()));
        }
        if (node instanceof SqlCreateTableAs create) {
            return new JobStatement(sql, Kind.CREATE_TABLE_AS, Optional.of(target(create.name(), normalized, shift)), TableReferences.of(create.query()));
        }
        if (node.getKind().belongsTo(SqlKind.QUERY) || node.getKind() == SqlKind.ORDER_BY || node.getKind() == SqlKind.WITH) {
            return new JobStatement(sql, Kind.QUERY, Optional.empty(), TableReferences.of(node));
        }
        throw new IllegalArgumentException("a " + node.getKind() + " statement: only queries, INSERT and CREATE TABLE ... AS are understood here");
    }

    /** The statement with its target's name replaced. */
    String withTarget(String replacement)
    {
        Target written = target.orElseThrow();
        return sql.substring(0, written.start()) + replacement + sql.substring(written.end());
    }

    private static Target target(SqlIdentifier name, String normalized, int shift)
    {
        SqlParserPos pos = name.getParserPosition();
        int start = offset(normalized, pos.getLineNum(), pos.getColumnNum());
        int end = offset(normalized, pos.getEndLineNum(), pos.getEndColumnNum()) + 1;
        return new Target(List.copyOf(name.names), start + shift, end + shift);
    }

    /** The offset of a 1-based line and column. */
    private static int offset(String text, int line, int column)
    {
        int offset = 0;
        for (int current = 1; current < line; current++) {
            offset = text.indexOf('\n', offset) + 1;
        }
        return offset + column - 1;
    }
}
