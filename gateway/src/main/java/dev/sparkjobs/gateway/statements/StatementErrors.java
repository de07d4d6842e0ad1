package dev.sparkjobs.gateway.statements;

import dev.sparkjobs.flight.SqlServiceException;
import dev.sparkjobs.gateway.metastore.MetastoreException;
import dev.sparkjobs.planner.translate.PlanningException;
import dev.sparkjobs.planner.validation.ModelException;

/** Errors of the extended statements as the SQLSTATE-carrying exceptions the front doors send. */
final class StatementErrors
{
    private StatementErrors() {}

    static SqlServiceException translate(RuntimeException e)
    {
        if (e instanceof PlanningException planning) {
            return new SqlServiceException(planning.sqlState(), 0, planning.getMessage(), planning);
        }
        if (e instanceof ModelException model) {
            return new SqlServiceException(model.sqlState(), 0, model.getMessage(), model);
        }
        if (e instanceof MetastoreException metastore) {
            return new SqlServiceException(metastore.error().sqlState(), 0, metastore.getMessage(), metastore);
        }
        return new SqlServiceException(SqlServiceException.INTERNAL_ERROR, 0, "internal error: " + e, e);
    }

    static SqlServiceException undefined(String what)
    {
        return new SqlServiceException("42704", what + " does not exist");
    }
}
