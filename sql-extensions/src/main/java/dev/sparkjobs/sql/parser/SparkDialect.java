package dev.sparkjobs.sql.parser;

import java.util.Locale;
import org.apache.calcite.avatica.util.TimeUnit;
import org.apache.calcite.sql.SqlAlienSystemTypeNameSpec;
import org.apache.calcite.sql.SqlBasicTypeNameSpec;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlDialect;
import org.apache.calcite.sql.SqlIntervalQualifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.dialect.SparkSqlDialect;
import org.apache.calcite.sql.fun.SqlBetweenOperator;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Calcite's Spark dialect with what it gets wrong for Spark 4 put right, so that unparsing a
 * parsed statement gives text Spark's own parser accepts:
 * <ul>
 * <li>string literals escape with a backslash ({@code 'it\'s'}); Spark reads {@code 'it''s'} as two
 *     adjacent literals, {@code its};</li>
 * <li>interval qualifiers carry no precision ({@code INTERVAL '90' DAY}, not {@code DAY(3)});</li>
 * <li>{@code CAST(x AS VARCHAR)} without a length becomes {@code CAST(x AS STRING)};</li>
 * <li>{@code BETWEEN} is written without Calcite's default {@code ASYMMETRIC}, which Spark lacks.</li>
 * </ul>
 * Typed numeric literals ({@code DECIMAL '0.06'}) are already plain numbers once parsed, and
 * {@code FETCH FIRST n ROWS ONLY} already becomes {@code LIMIT n}.
 */
public final class SparkDialect
        extends SparkSqlDialect
{
    public static final SparkDialect DEFAULT = new SparkDialect(SparkSqlDialect.DEFAULT_CONTEXT);

    private SparkDialect(SqlDialect.Context context)
    {
        super(context);
    }

    @Override
    public void quoteStringLiteral(StringBuilder buf, @Nullable String charsetName, String val)
    {
        buf.append('\'');
        for (int i = 0; i < val.length(); i++) {
            char c = val.charAt(i);
            switch (c) {
                case '\\' -> buf.append("\\\\");
                case '\'' -> buf.append("\\'");
                default -> buf.append(c);
            }
        }
        buf.append('\'');
    }

    @Override
    public void unparseSqlIntervalQualifier(SqlWriter writer, SqlIntervalQualifier qualifier, org.apache.calcite.rel.type.RelDataTypeSystem typeSystem)
    {
        TimeUnit start = qualifier.getStartUnit();
        TimeUnit end = qualifier.getEndUnit();
        writer.keyword(start.name().toUpperCase(Locale.ROOT));
        if (end != null && end != start) {
            writer.keyword("TO");
            writer.keyword(end.name().toUpperCase(Locale.ROOT));
        }
    }

    @Override
    public void unparseCall(SqlWriter writer, SqlCall call, int leftPrec, int rightPrec)
    {
        if (call.getKind() == SqlKind.CAST && call.operandCount() == 2 && isUnsizedCharacterType(call.operand(1))) {
            SqlParserPos pos = call.getParserPosition();
            SqlDataTypeSpec string = new SqlDataTypeSpec(new SqlAlienSystemTypeNameSpec("STRING", SqlTypeName.VARCHAR, pos), pos);
            super.unparseCall(writer, SqlStdOperatorTable.CAST.createCall(pos, call.operand(0), string), leftPrec, rightPrec);
            return;
        }
        if (call.getOperator() instanceof SqlBetweenOperator between && between.flag == SqlBetweenOperator.Flag.ASYMMETRIC) {
            unparseBetween(writer, call, between);
            return;
        }
        super.unparseCall(writer, call, leftPrec, rightPrec);
    }

    /** As Calcite writes BETWEEN, less the ASYMMETRIC keyword. */
    private static void unparseBetween(SqlWriter writer, SqlCall call, SqlBetweenOperator between)
    {
        SqlWriter.Frame frame = writer.startList(SqlWriter.FrameTypeEnum.SIMPLE, "", "");
        call.operand(0).unparse(writer, between.getLeftPrec(), 0);
        writer.sep(between.isNegated() ? "NOT BETWEEN" : "BETWEEN");
        // A lower bound holding an AND is parenthesized, or the AND would end the BETWEEN early.
        SqlNode lower = call.operand(1);
        int lowerPrec = containsAnd(lower) ? 100 : 0;
        lower.unparse(writer, lowerPrec, lowerPrec);
        writer.sep("AND");
        call.operand(2).unparse(writer, 0, between.getRightPrec());
        writer.endList(frame);
    }

    private static boolean containsAnd(SqlNode node)
    {
        if (node instanceof SqlCall call) {
            if (call.getKind() == SqlKind.AND) {
                return true;
            }
            for (SqlNode operand : call.getOperandList()) {
                if (operand != null && containsAnd(operand)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isUnsizedCharacterType(SqlNode node)
    {
        return node instanceof SqlDataTypeSpec spec
                && spec.getTypeNameSpec() instanceof SqlBasicTypeNameSpec basic
                && (basic.getTypeName().getSimple().equalsIgnoreCase("VARCHAR") || basic.getTypeName().getSimple().equalsIgnoreCase("CHAR"))
                && basic.getPrecision() < 0;
    }
}
