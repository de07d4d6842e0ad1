package dev.sparkjobs.sql.parser;

import static dev.sparkjobs.sql.parser.SqlFixture.sql;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkjobs.sql.parser.ddl.SourceText;
import dev.sparkjobs.sql.parser.ddl.SqlEmbeddedStatement;
import dev.sparkjobs.sql.parser.ddl.job.SqlCreateJob;
import dev.sparkjobs.sql.parser.ddl.stream.SqlAlterStreamAs;
import dev.sparkjobs.sql.parser.ddl.stream.SqlCreateStreamAs;
import java.util.List;
import org.apache.calcite.sql.SqlDynamicParam;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.junit.jupiter.api.Test;

/** Embedded statements keep the user's exact text, whatever the line ends, tabs and comments. */
class EmbeddedTextTest
{
    @Test
    void offsetsFollowTheLexersLineCounting()
    {
        String sql = "a\r\nbc\rd\te\nf";
        assertEquals(0, SourceText.offset(sql, 1, 1));
        assertEquals(3, SourceText.offset(sql, 2, 1));
        assertEquals(6, SourceText.offset(sql, 3, 1));
        assertEquals(8, SourceText.offset(sql, 3, 3));
        assertEquals(10, SourceText.offset(sql, 4, 1));
        assertEquals("bc\rd\te", SourceText.slice(sql, new SqlParserPos(2, 1, 3, 3)));
    }

    @Test
    void stepsKeepTheirTextAcrossLineEndsTabsAndComments()
    {
        String sql = "CREATE JOB j AS BEGIN\r\n"
                + "\tINSERT INTO t /* keep me */ SELECT \"it's\", 'a\\'b' FROM s -- and me\r\n"
                + "\t  WHERE x > 1;\r"
                + "\tSELECT explode(array(1, 2))\n"
                + "END";
        SqlCreateJob job = (SqlCreateJob) sql(sql).node();
        List<SqlEmbeddedStatement> steps = job.body().statements();
        assertEquals("INSERT INTO t /* keep me */ SELECT \"it's\", 'a\\'b' FROM s -- and me\r\n\t  WHERE x > 1", steps.get(0).text());
        assertTrue(steps.get(0).parsed().isPresent());
        assertEquals("SELECT explode(array(1, 2))", steps.get(1).text());
        assertEquals(4, steps.get(1).getParserPosition().getLineNum());
        assertEquals(2, steps.get(1).getParserPosition().getColumnNum());
    }

    @Test
    void nestedBlocksAndCaseEndDoNotEndTheBody()
    {
        SqlCreateJob job = (SqlCreateJob) sql("create job j as begin select case when a then (select 1) end from t; "
                + "begin select 1; end; select 2 end").node();
        List<SqlEmbeddedStatement> steps = job.body().statements();
        assertEquals(3, steps.size());
        assertEquals("select case when a then (select 1) end from t", steps.get(0).text());
        assertEquals("begin select 1; end", steps.get(1).text());
        assertTrue(steps.get(1).parsed().isEmpty());
        assertEquals("select 2", steps.get(2).text());
    }

    @Test
    void streamQueriesKeepTheirText()
    {
        SqlCreateStreamAs stream = (SqlCreateStreamAs) sql("create stream s emit changes as select user_id, transform(items, i -> i.price) from clicks").node();
        assertEquals("select user_id, transform(items, i -> i.price) from clicks", stream.query().text());
        SqlAlterStreamAs alter = (SqlAlterStreamAs) sql("alter stream s as select a from t lateral view explode(b) x as c keep state").node();
        assertEquals("select a from t lateral view explode(b) x as c", alter.query().text());
        assertTrue(alter.query().parsed().isEmpty());
        assertTrue(alter.keepState());
    }

    @Test
    void aFailedAttemptLeavesNoTrace()
    {
        // The first step fails Calcite's grammar and is re-read as text; dynamic parameters and the
        // steps after it are unaffected.
        SqlCreateJob job = (SqlCreateJob) sql("create job j as begin select ? from t lateral view explode(a) x as y; select ? from u end").node();
        assertTrue(job.body().statements().get(0).parsed().isEmpty());
        assertTrue(job.body().statements().get(1).parsed().isPresent());
        assertEquals("select ? from u", job.body().statements().get(1).text());
        SqlSelect second = (SqlSelect) job.body().statements().get(1).parsed().orElseThrow();
        assertEquals(0, ((SqlDynamicParam) second.getSelectList().get(0)).getIndex());
    }
}
