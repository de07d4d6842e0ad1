package dev.sparkjobs.gateway.hs2;

import dev.sparkjobs.flight.CatalogObjects;
import dev.sparkjobs.flight.PreparedSql;
import dev.sparkjobs.flight.ResultStream;
import dev.sparkjobs.flight.SqlServiceException;
import java.sql.DatabaseMetaData;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.hive.service.rpc.thrift.TOperationType;

/**
 * {@code GetFunctions}: Spark's functions, from {@code SHOW FUNCTIONS}. Built-in functions have no
 * schema and match any schema pattern; persistent functions ({@code catalog.schema.name}) match
 * the schema pattern on their schema.
 */
final class GetFunctions
        extends MetadataOperation
{
    private static final Schema SCHEMA = columns(
            string("FUNCTION_CAT"), string("FUNCTION_SCHEM"), string("FUNCTION_NAME"), string("REMARKS"), int32("FUNCTION_TYPE"), string("SPECIFIC_NAME"));

    private final String schemaPattern;
    private final String functionPattern;

    GetFunctions(Hs2Session session, BufferAllocator allocator, String schemaPattern, String functionPattern)
    {
        super(session, TOperationType.GET_FUNCTIONS, allocator);
        this.schemaPattern = schemaPattern;
        this.functionPattern = functionPattern;
    }

    @Override
    protected Schema schema()
    {
        return SCHEMA;
    }

    @Override
    protected List<Object[]> rows()
            throws SqlServiceException
    {
        Pattern names = like(pattern(functionPattern));
        Optional<Pattern> schemas = pattern(schemaPattern).map(GetFunctions::like);
        List<Object[]> rows = new ArrayList<>();
        for (String function : functions()) {
            String[] parts = function.split("\\.");
            String name = parts[parts.length - 1];
            String schema = parts.length >= 2 ? parts[parts.length - 2] : null;
            String catalog = parts.length >= 3 ? parts[parts.length - 3] : null;
            boolean schemaMatches = schema == null || schemas.map(p -> p.matcher(schema).matches()).orElse(true);
            if (schemaMatches && names.matcher(name).matches()) {
                rows.add(new Object[] {catalog, schema, name, "", DatabaseMetaData.functionResultUnknown, function});
            }
        }
        return rows;
    }

    private List<String> functions()
            throws SqlServiceException
    {
        BufferAllocator allocator = allocator();
        List<String> functions = new ArrayList<>();
        try (PreparedSql prepared = session().sql().prepare("SHOW FUNCTIONS");
                ResultStream result = prepared.executeQuery(id(), allocator);
                VectorSchemaRoot root = VectorSchemaRoot.create(result.schema(), allocator)) {
            VectorLoader loader = new VectorLoader(root);
            for (ArrowRecordBatch next = result.next(); next != null; next = result.next()) {
                try (ArrowRecordBatch batch = next) {
                    loader.load(batch);
                }
                FieldVector names = root.getVector(0);
                TextValues.Format format = TextValues.of(names);
                for (int i = 0; i < root.getRowCount(); i++) {
                    if (!names.isNull(i)) {
                        functions.add(format.format(i));
                    }
                }
            }
        }
        return functions;
    }

    private static Pattern like(Optional<String> pattern)
    {
        return like(pattern.orElse("%"));
    }

    private static Pattern like(String pattern)
    {
        return Pattern.compile(CatalogObjects.likeToRegex(pattern), Pattern.CASE_INSENSITIVE);
    }
}
