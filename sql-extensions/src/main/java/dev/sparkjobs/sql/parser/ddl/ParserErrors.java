package dev.sparkjobs.sql.parser.ddl;

import org.apache.calcite.runtime.CalciteContextException;
import org.apache.calcite.sql.parser.SqlParserPos;

/** Errors raised while parsing that carry their position (the parser turns them into SqlParseException). */
public final class ParserErrors
{
    private ParserErrors()
    {
    }

    public static CalciteContextException at(SqlParserPos pos, String message)
    {
        CalciteContextException e = new CalciteContextException(message, new IllegalArgumentException(message));
        e.setPosition(pos.getLineNum(), pos.getColumnNum(), pos.getEndLineNum(), pos.getEndColumnNum());
        return e;
    }
}
