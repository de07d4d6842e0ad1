package dev.sparkjobs.planner.translate;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlIntervalLiteral;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.type.SqlTypeFamily;
import dev.sparkjobs.sql.parser.ddl.SqlProperty;

/** Values of the extended grammar's literals, with clear errors for the wrong kind of literal. */
final class Literals
{
    static final String INVALID_VALUE = "22023";
    static final String SYNTAX = "42601";

    private Literals() {}

    static String string(SqlNode node, String clause)
    {
        if (node instanceof SqlLiteral literal) {
            String value = SqlLiteral.unchain(literal).getValueAs(String.class);
            if (value != null) {
                return value;
            }
        }
        throw new PlanningException(SYNTAX, clause + ": expected a string literal, found " + node, node.getParserPosition());
    }

    static long integer(SqlNode node, String clause)
    {
        if (node instanceof SqlLiteral literal && literal.getTypeName().getFamily() == SqlTypeFamily.NUMERIC) {
            BigDecimal value = literal.getValueAs(BigDecimal.class);
            try {
                return value.longValueExact();
            }
            catch (ArithmeticException e) {
                throw new PlanningException(INVALID_VALUE, clause + ": expected a whole number, found " + value, node.getParserPosition());
            }
        }
        throw new PlanningException(SYNTAX, clause + ": expected a number, found " + node, node.getParserPosition());
    }

    /** An {@code INTERVAL} literal of days to seconds as a duration; year-month intervals are refused. */
    static Duration duration(SqlNode node, String clause)
    {
        if (node instanceof SqlIntervalLiteral literal) {
            SqlIntervalLiteral.IntervalValue value = literal.getValueAs(SqlIntervalLiteral.IntervalValue.class);
            if (value.getIntervalQualifier().isYearMonth()) {
                throw new PlanningException(INVALID_VALUE, clause + ": use an interval of days, hours, minutes or seconds, not " + node,
                        node.getParserPosition());
            }
            return Duration.ofMillis(literal.getValueAs(Long.class));
        }
        throw new PlanningException(SYNTAX, clause + ": expected an INTERVAL literal such as INTERVAL '5' MINUTE, found " + node,
                node.getParserPosition());
    }

    /** A name as Spark sees it: the identifier's parts joined by dots, case preserved. */
    static String name(SqlNode node)
    {
        if (node instanceof SqlIdentifier identifier) {
            return String.join(".", identifier.names);
        }
        if (node instanceof SqlLiteral) {
            return string(node, "name");
        }
        return node.toString();
    }

    /** The {@code WITH ('k' = 'v', ...)} list in the order written. */
    static Map<String, String> properties(SqlNodeList list)
    {
        Map<String, String> options = new LinkedHashMap<>();
        for (SqlNode node : list) {
            SqlProperty property = (SqlProperty) node;
            String key = property.keyText();
            if (options.keySet().stream().anyMatch(existing -> existing.equalsIgnoreCase(key))) {
                throw new PlanningException(SYNTAX, "WITH: '" + key + "' is given twice", property.getParserPosition());
            }
            options.put(key, property.valueText());
        }
        return options;
    }

    /** The delay of {@code ts - INTERVAL '10' SECOND}; a bare column means no delay. */
    static Duration watermarkDelay(SqlNode expression, String column)
    {
        if (expression instanceof SqlIdentifier) {
            return Duration.ZERO;
        }
        if (expression instanceof SqlBasicCall call && call.getKind() == SqlKind.MINUS && call.operandCount() == 2
                && call.operand(0) instanceof SqlIdentifier identifier
                && identifier.getSimple().equalsIgnoreCase(column)) {
            return duration(call.operand(1), "WATERMARK");
        }
        throw new PlanningException(SYNTAX, String.format(Locale.ROOT,
                "WATERMARK FOR %s: write the watermark as %s - INTERVAL '...' SECOND, found %s", column, column, expression),
                expression.getParserPosition());
    }
}
