package dev.sparkjobs.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class SqlStatesTest
{
    @Test
    void takesTheStateFromTheMessage()
    {
        SQLException plain = new SQLException("Error while executing SQL \"SELECT * FROM nope\": [TABLE_OR_VIEW_NOT_FOUND] ... SQLSTATE: 42P01 (line 1, pos 14)");
        SQLException stated = SqlStates.withState(plain);
        assertEquals("42P01", stated.getSQLState());
        assertSame(plain, stated.getCause());
        assertEquals("28000", SqlStates.withState(new SQLException("x", new RuntimeException("[SQLSTATE 28000] authentication is required"))).getSQLState());
        SQLException already = new SQLException("m", "08001");
        assertSame(already, SqlStates.withState(already));
    }
}
