package dev.sparkjobs.sql.parser.ddl.job;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/** {@code ON SUCCESS | FAILURE | SLA MISS NOTIFY 'target'}. */
public final class SqlNotification
        extends SqlCall
{
    public enum Event
    {
        SUCCESS, FAILURE, SLA_MISS
    }

    private static final SqlOperator OPERATOR = new SqlSpecialOperator("NOTIFY", SqlKind.OTHER);

    private final SqlLiteral event;
    private final SqlNode target;

    public SqlNotification(SqlParserPos pos, Event event, SqlNode target)
    {
        super(pos);
        this.event = SqlLiteral.createSymbol(requireNonNull(event, "event is null"), pos);
        this.target = requireNonNull(target, "target is null");
    }

    public Event event()
    {
        return event.getValueAs(Event.class);
    }

    /** Where to send it, such as a webhook URL. */
    public SqlNode target()
    {
        return target;
    }

    @Override
    public SqlOperator getOperator()
    {
        return OPERATOR;
    }

    @Override
    public List<SqlNode> getOperandList()
    {
        return List.of(event, target);
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec)
    {
        writer.keyword("ON");
        writer.keyword(event().name().replace('_', ' '));
        writer.keyword("NOTIFY");
        target.unparse(writer, 0, 0);
    }
}
