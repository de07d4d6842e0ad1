package dev.sparkjobs.sql.parser.ddl.job;

import static java.util.Objects.requireNonNull;

import dev.sparkjobs.sql.parser.ExtendedStatement;
import org.apache.calcite.sql.SqlDdl;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/** {@code ALTER JOB name ...}: one subclass per form. */
public abstract class SqlAlterJob
        extends SqlDdl
        implements ExtendedStatement
{
    protected final SqlIdentifier name;

    protected SqlAlterJob(SqlOperator operator, SqlParserPos pos, SqlIdentifier name)
    {
        super(operator, pos);
        this.name = requireNonNull(name, "name is null");
    }

    public SqlIdentifier name()
    {
        return name;
    }

    @Override
    public final void unparse(SqlWriter writer, int leftPrec, int rightPrec)
    {
        writer.keyword("ALTER JOB");
        name.unparse(writer, 0, 0);
        unparseAlteration(writer);
    }

    /** What follows {@code ALTER JOB name}. */
    protected abstract void unparseAlteration(SqlWriter writer);
}
