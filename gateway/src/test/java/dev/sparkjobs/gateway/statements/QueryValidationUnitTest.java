package dev.sparkjobs.gateway.statements;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkjobs.flight.CatalogObjects;
import dev.sparkjobs.flight.SqlServiceException;
import dev.sparkjobs.flight.SqlSession;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Optional;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

/** The rules of {@link QueryValidation} over a catalog of one table (a stand-in session: only its table listing is used). */
class QueryValidationUnitTest
{
    private static final Schema ORDERS = new Schema(List.of(
            Field.nullable("id", new ArrowType.Int(32, true)),
            Field.nullable("amount", new ArrowType.FloatingPoint(org.apache.arrow.vector.types.FloatingPointPrecision.DOUBLE)),
            Field.nullable("customer", ArrowType.Utf8.INSTANCE)));

    private final SqlSession session = (SqlSession) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {SqlSession.class}, (proxy, method, args) -> {
        if (method.getName().equals("tables")) {
            CatalogObjects.TableFilter filter = (CatalogObjects.TableFilter) args[0];
            boolean orders = filter.tablePattern().orElse("").equalsIgnoreCase("orders") && filter.schemaPattern().orElse("default").equalsIgnoreCase("default");
            return orders ? List.of(new CatalogObjects.TableEntry("spark_catalog", "default", "orders", "TABLE", Optional.of(ORDERS))) : List.of();
        }
        throw new UnsupportedOperationException(method.getName());
    });

    @Test
    void missingColumnHasPositionAndSuggestion()
    {
        SqlServiceException error = new QueryValidation().check("SELECT id,\n  amout FROM orders", session).orElseThrow();
        assertEquals("42703", error.sqlState());
        assertEquals("Column 'amout' not found in any table of the query; did you mean 'amount'? (line 2, column 3)", error.getMessage());
        assertTrue(new QueryValidation().check("SELECT o.id FROM orders o WHERE o.custmer = 'x'", session).isPresent());
        assertTrue(new QueryValidation().check("SELECT `ID`, AMOUNT FROM default.orders ORDER BY 1", session).isEmpty());
    }

    @Test
    void uncertainCasesAreLeftToSpark()
    {
        QueryValidation validation = new QueryValidation();
        // lateral column alias, an unknown table, an unknown function, a unit word, hidden metadata columns, no table at all
        assertTrue(validation.check("SELECT amount * 2 AS doubled, doubled + 1 FROM orders", session).isEmpty());
        assertTrue(validation.check("SELECT nope FROM elsewhere", session).isEmpty());
        assertTrue(validation.check("SELECT made_up_function(id) FROM orders", session).isEmpty());
        assertTrue(validation.check("SELECT date_part(DAY, current_date) FROM orders", session).isEmpty());
        assertTrue(validation.check("SELECT _metadata.file_name FROM orders", session).isEmpty());
        assertTrue(validation.check("SELECT 1", session).isEmpty());
        assertTrue(validation.check("SELECT x FROM orders LATERAL VIEW explode(array(1)) t AS x", session).isEmpty());
    }
}
