package dev.sparkjobs.planner.translate;

import static java.util.Objects.requireNonNull;

import dev.sparkjobs.planner.validation.ModelException;
import java.util.Locale;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * A statement of the extended grammar that parsed but cannot be accepted: what is wrong, with
 * the SQLSTATE a client sees and the line and column of the clause at fault.
 */
public final class PlanningException
        extends RuntimeException
{
    private final String sqlState;
    private final int line;
    private final int column;

    public PlanningException(String sqlState, String message, SqlParserPos pos)
    {
        super(message + where(pos));
        this.sqlState = requireNonNull(sqlState, "sqlState is null");
        this.line = pos.getLineNum();
        this.column = pos.getColumnNum();
    }

    static PlanningException of(ModelException e, SqlParserPos pos)
    {
        PlanningException planning = new PlanningException(e.sqlState(), e.getMessage(), pos);
        planning.initCause(e);
        return planning;
    }

    public String sqlState()
    {
        return sqlState;
    }

    /** 1-based; 0 when the position is not known. */
    public int line()
    {
        return line;
    }

    public int column()
    {
        return column;
    }

    private static String where(SqlParserPos pos)
    {
        if (pos == null || pos.getLineNum() <= 0) {
            return "";
        }
        return String.format(Locale.ROOT, " (line %d, column %d)", pos.getLineNum(), pos.getColumnNum());
    }
}
