package dev.sparkjobs.sql;

import java.util.Locale;
import java.util.Map;

/**
 * Sends every statement to Spark unchanged and names its kind from its first keyword. Spark's own
 * parser gives syntax errors their position.
 */
public final class PassThroughFrontDoor
        implements SqlFrontDoor
{
    private static final Map<String, StatementKind> FIRST_WORDS = Map.ofEntries(
            Map.entry("SELECT", StatementKind.QUERY),
            Map.entry("WITH", StatementKind.QUERY),
            Map.entry("VALUES", StatementKind.QUERY),
            Map.entry("TABLE", StatementKind.QUERY),
            Map.entry("FROM", StatementKind.QUERY),
            Map.entry("MAP", StatementKind.QUERY),
            Map.entry("REDUCE", StatementKind.QUERY),
            Map.entry("INSERT", StatementKind.DML),
            Map.entry("MERGE", StatementKind.DML),
            Map.entry("UPDATE", StatementKind.DML),
            Map.entry("DELETE", StatementKind.DML),
            Map.entry("LOAD", StatementKind.DML),
            Map.entry("CREATE", StatementKind.DDL),
            Map.entry("DROP", StatementKind.DDL),
            Map.entry("ALTER", StatementKind.DDL),
            Map.entry("TRUNCATE", StatementKind.DDL),
            Map.entry("CACHE", StatementKind.DDL),
            Map.entry("UNCACHE", StatementKind.DDL),
            Map.entry("CLEAR", StatementKind.DDL),
            Map.entry("REFRESH", StatementKind.DDL),
            Map.entry("MSCK", StatementKind.DDL),
            Map.entry("ANALYZE", StatementKind.DDL),
            Map.entry("REPAIR", StatementKind.DDL),
            Map.entry("ADD", StatementKind.DDL),
            Map.entry("SHOW", StatementKind.METADATA),
            Map.entry("DESCRIBE", StatementKind.METADATA),
            Map.entry("DESC", StatementKind.METADATA),
            Map.entry("EXPLAIN", StatementKind.METADATA),
            Map.entry("LIST", StatementKind.METADATA),
            Map.entry("SET", StatementKind.SESSION),
            Map.entry("RESET", StatementKind.SESSION),
            Map.entry("USE", StatementKind.SESSION));

    @Override
    public RoutedStatement route(String sql)
    {
        return new RoutedStatement(kindOf(sql), sql);
    }

    /** The kind named by the first word, skipping comments, whitespace and opening parentheses. */
    public static StatementKind kindOf(String sql)
    {
        int i = 0;
        int length = sql.length();
        while (i < length) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c) || c == '(') {
                i++;
            }
            else if (c == '-' && i + 1 < length && sql.charAt(i + 1) == '-') {
                int newline = sql.indexOf('\n', i);
                i = newline < 0 ? length : newline + 1;
            }
            else if (c == '/' && i + 1 < length && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? length : end + 2;
            }
            else {
                break;
            }
        }
        int start = i;
        while (i < length && Character.isLetter(sql.charAt(i))) {
            i++;
        }
        String word = sql.substring(start, i).toUpperCase(Locale.ROOT);
        return FIRST_WORDS.getOrDefault(word, StatementKind.OTHER);
    }
}
