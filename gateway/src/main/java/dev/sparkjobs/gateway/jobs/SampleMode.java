package dev.sparkjobs.gateway.jobs;

import dev.sparkjobs.flight.SqlServiceException;
import dev.sparkjobs.flight.SqlSession;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.arrow.memory.BufferAllocator;

/**
 * {@code RUN JOB name SAMPLE n ROWS}: the job's statements run in its session as usual, except that
 * every table they read is replaced by a temporary view of its first {@code n} rows, and every
 * table they write by a scratch table {@code sparkjobs_scratch.<table>_<run>}, created empty like
 * the real one (or by the CREATE TABLE AS itself). Later statements that read a written table read
 * its scratch table. Real tables are never written: a statement whose target cannot be told
 * (anything but a query, INSERT, CREATE TABLE AS or CREATE TEMPORARY VIEW) fails the run instead.
 */
final class SampleMode
{
    static final String DATABASE = "sparkjobs_scratch";
    static final int MAX_PREVIEW_ROWS = 1000;

    private static final Pattern TEMP_VIEW = Pattern.compile(
            "(?is)^\\s*CREATE\\s+(?:OR\\s+REPLACE\\s+)?(?:GLOBAL\\s+)?TEMP(?:ORARY)?\\s+VIEW\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?(`[^`]+`|[A-Za-z_][A-Za-z0-9_]*)(.*)$");
    private static final Pattern VIEW_QUERY = Pattern.compile("(?is)^\\s*(?:\\([^)]*\\)\\s*)?(?:COMMENT\\s+'[^']*'\\s*)?AS\\s+(.*)$");

    /** Rows a sample run shows of what one statement produced. */
    record Preview(String source, List<String> rows) {}

    private final SqlSession session;
    private final String operationId;
    private final BufferAllocator allocator;
    private final RunLog log;
    private final long rows;
    private final String runTag;
    private final Set<String> replaced = new HashSet<>();
    private final Map<String, String> scratch = new LinkedHashMap<>();
    private final List<Preview> queryPreviews = new ArrayList<>();
    private String database;

    SampleMode(SqlSession session, String operationId, BufferAllocator allocator, RunLog log, long rows, String runId)
    {
        this.session = session;
        this.operationId = operationId;
        this.allocator = allocator;
        this.log = log;
        this.rows = rows;
        this.runTag = runId.replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
    }

    long rows()
    {
        return rows;
    }

    /** The statement to run instead of {@code sql}, after making the views and scratch tables it needs. */
    String rewrite(String sql, int step)
            throws SqlServiceException, IOException
    {
        if (database == null) {
            database = SessionQueries.column(session, operationId, allocator, "SELECT current_database()", 1).get(0);
            SessionQueries.update(session, operationId, "CREATE DATABASE IF NOT EXISTS " + DATABASE);
        }
        Matcher view = TEMP_VIEW.matcher(sql);
        if (view.matches()) {
            return temporaryView(sql, view, step);
        }
        JobStatement statement;
        try {
            statement = JobStatement.analyse(sql);
        }
        catch (RuntimeException e) {
            throw unsupported(step, e);
        }
        String rewritten = sql;
        if (statement.target().isPresent()) {
            rewritten = statement.withTarget(scratchFor(statement));
        }
        rewritten = sampleSources(rewritten, statement.sources());
        if (statement.kind() == JobStatement.Kind.QUERY) {
            return "SELECT to_json(struct(*)) AS row FROM (" + stripSemicolon(rewritten) + ") AS sparkjobs_sample LIMIT " + previewLimit();
        }
        return rewritten;
    }

    /** After a statement that wrote its scratch table: later statements reading the real name read the scratch table. */
    void written(String sql)
            throws SqlServiceException
    {
        if (TEMP_VIEW.matcher(sql).matches()) {
            return;
        }
        JobStatement statement = JobStatement.analyse(sql);
        if (statement.target().isEmpty()) {
            return;
        }
        List<String> name = statement.target().get().name();
        String key = key(name);
        if (name.size() == 1) {
            SessionQueries.update(session, operationId, "CREATE OR REPLACE TEMPORARY VIEW " + quote(name.get(0)) + " AS SELECT * FROM " + scratch.get(key));
        }
        replaced.add(key);
    }

    void queryPreview(int step, List<String> previewRows)
    {
        queryPreviews.add(new Preview("step " + step, previewRows));
    }

    /** The rows of every scratch table written, then of every query, at most {@code n} (and 1000) each. */
    List<Preview> previews()
            throws SqlServiceException
    {
        List<Preview> previews = new ArrayList<>();
        for (String table : scratch.values()) {
            previews.add(new Preview(table, SessionQueries.column(session, operationId, allocator, "SELECT to_json(struct(*)) FROM " + table + " LIMIT " + previewLimit(),
                    previewLimit())));
        }
        previews.addAll(queryPreviews);
        return previews;
    }

    /** The scratch table standing for the real output table of this run, when there is one (expectations are checked on it). */
    Optional<String> scratchOf(List<String> name)
    {
        return Optional.ofNullable(scratch.get(key(name)));
    }

    private int previewLimit()
    {
        return (int) Math.min(rows, MAX_PREVIEW_ROWS);
    }

    private String scratchFor(JobStatement statement)
            throws SqlServiceException, IOException
    {
        List<String> name = statement.target().orElseThrow().name();
        String key = key(name);
        String existing = scratch.get(key);
        if (existing != null) {
            return existing;
        }
        String table = DATABASE + "." + name.get(name.size() - 1).replaceAll("[^A-Za-z0-9_]", "_").toLowerCase(Locale.ROOT) + "_" + runTag;
        SessionQueries.update(session, operationId, "DROP TABLE IF EXISTS " + table);
        if (statement.kind() == JobStatement.Kind.INSERT) {
            SessionQueries.update(session, operationId, "CREATE TABLE " + table + " USING parquet AS SELECT * FROM " + real(name) + " LIMIT 0");
        }
        scratch.put(key, table);
        log.line("sample: writes to " + String.join(".", name) + " go to " + table);
        return table;
    }

    private String sampleSources(String sql, List<List<String>> sources)
            throws SqlServiceException, IOException
    {
        String result = sql;
        for (List<String> source : sources) {
            String key = key(source);
            if (source.size() == 1) {
                if (replaced.add(key)) {
                    SessionQueries.update(session, operationId, "CREATE OR REPLACE TEMPORARY VIEW " + quote(source.get(0)) + " AS SELECT * FROM " + real(source)
                            + " LIMIT " + rows);
                    log.line("sample: reads of " + source.get(0) + " see its first " + rows + " rows");
                }
                continue;
            }
            // A qualified name cannot be shadowed by a temporary view: the statement reads a view under another name.
            String written = scratch.get(key);
            String view = written != null ? written : "sparkjobs_sample_" + key.replaceAll("[^a-z0-9_]", "_");
            if (written == null && replaced.add(key)) {
                SessionQueries.update(session, operationId, "CREATE OR REPLACE TEMPORARY VIEW " + view + " AS SELECT * FROM " + String.join(".", source.stream().map(SampleMode::quote).toList())
                        + " LIMIT " + rows);
                log.line("sample: reads of " + String.join(".", source) + " see its first " + rows + " rows");
            }
            StringBuilder pattern = new StringBuilder("(?i)(?<![A-Za-z0-9_`.])");
            for (int i = 0; i < source.size(); i++) {
                pattern.append(i == 0 ? "" : "\\s*\\.\\s*").append("`?").append(Pattern.quote(source.get(i))).append("`?");
            }
            pattern.append("(?![A-Za-z0-9_`])");
            result = result.replaceAll(pattern.toString(), Matcher.quoteReplacement(view));
        }
        return result;
    }

    private String temporaryView(String sql, Matcher view, int step)
            throws SqlServiceException, IOException
    {
        Matcher query = VIEW_QUERY.matcher(view.group(2));
        if (query.matches()) {
            // Later statements read this view as it is: its own inputs are sampled.
            replaced.add(key(List.of(view.group(1).replace("`", ""))));
            JobStatement statement;
            try {
                statement = JobStatement.analyse(query.group(1));
            }
            catch (RuntimeException e) {
                throw unsupported(step, e);
            }
            return sql.substring(0, view.start(2)) + sampleSources(view.group(2), statement.sources());
        }
        // A view over files (USING format OPTIONS (path ...)): made under another name, then sampled under its own.
        String name = view.group(1).replace("`", "");
        replaced.add(key(List.of(name)));
        String full = name + "__sparkjobs_full";
        SessionQueries.update(session, operationId, sql.substring(0, view.start(1)) + quote(full) + view.group(2));
        return "CREATE OR REPLACE TEMPORARY VIEW " + quote(name) + " AS SELECT * FROM " + quote(full) + " LIMIT " + rows;
    }

    private String real(List<String> name)
    {
        List<String> parts = name.size() == 1 ? List.of("spark_catalog", database, name.get(0)) : name;
        return String.join(".", parts.stream().map(SampleMode::quote).toList());
    }

    private static JobRunException unsupported(int step, RuntimeException e)
    {
        String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
        return new JobRunException(JobRunException.SAMPLE_UNSUPPORTED, SqlServiceException.FEATURE_NOT_SUPPORTED,
                "RUN JOB ... SAMPLE cannot tell which tables step " + step + " reads and writes, so it does not run it (" + reason
                        + "); test mode runs queries, INSERT, CREATE TABLE ... AS and CREATE TEMPORARY VIEW");
    }

    private static String key(List<String> name)
    {
        return String.join(".", name).toLowerCase(Locale.ROOT);
    }

    private static String quote(String part)
    {
        return "`" + part.replace("`", "``") + "`";
    }

    private static String stripSemicolon(String sql)
    {
        String trimmed = sql.strip();
        return trimmed.endsWith(";") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
    }
}
