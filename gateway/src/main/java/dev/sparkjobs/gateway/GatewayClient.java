package dev.sparkjobs.gateway;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.flight.CallOption;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightEndpoint;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.grpc.CredentialCallOption;
import org.apache.arrow.flight.sql.FlightSqlClient;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * What the command line uses to talk to a running gateway: SQL over Arrow Flight SQL, results as
 * rows of strings. Errors keep the gateway's message (which starts with its SQLSTATE).
 */
final class GatewayClient
        implements AutoCloseable
{
    record Result(List<String> columns, List<List<String>> rows) {}

    private final BufferAllocator allocator = new RootAllocator();
    private final FlightClient flight;
    private final FlightSqlClient sql;
    private final CallOption[] options;

    GatewayClient(String host, int port, String user, String password)
    {
        requireNonNull(host, "host is null");
        this.flight = FlightClient.builder(allocator, Location.forGrpcInsecure(host, port)).build();
        this.sql = new FlightSqlClient(flight);
        List<CallOption> callOptions = new ArrayList<>();
        if (user != null) {
            CredentialCallOption token = flight.authenticateBasicToken(user, password == null ? "" : password).orElse(null);
            if (token != null) {
                callOptions.add(token);
            }
        }
        this.options = callOptions.toArray(CallOption[]::new);
    }

    Result query(String statement)
    {
        try {
            FlightInfo info = sql.execute(statement, options);
            List<String> columns = info.getSchemaOptional().map(schema -> schema.getFields().stream().map(field -> field.getName()).toList()).orElse(List.of());
            List<List<String>> rows = new ArrayList<>();
            for (FlightEndpoint endpoint : info.getEndpoints()) {
                try (FlightStream stream = sql.getStream(endpoint.getTicket(), options)) {
                    VectorSchemaRoot root = stream.getRoot();
                    if (columns.isEmpty()) {
                        columns = root.getSchema().getFields().stream().map(field -> field.getName()).toList();
                    }
                    while (stream.next()) {
                        for (int row = 0; row < root.getRowCount(); row++) {
                            List<String> values = new ArrayList<>();
                            for (FieldVector vector : root.getFieldVectors()) {
                                Object value = vector.getObject(row);
                                values.add(value == null ? "NULL" : value.toString());
                            }
                            rows.add(values);
                        }
                    }
                }
            }
            return new Result(columns, rows);
        }
        catch (FlightRuntimeException e) {
            if (e.status().code() == CallStatus.UNAVAILABLE.code()) {
                throw new IllegalStateException("no gateway answers at the Flight SQL port: start one with bin/sparkjobs gateway (" + e.getMessage() + ")", e);
            }
            throw new IllegalStateException(e.getMessage(), e);
        }
        catch (Exception e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    void execute(String statement)
    {
        try {
            sql.executeUpdate(statement, options);
        }
        catch (FlightRuntimeException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    @Override
    public void close()
            throws Exception
    {
        sql.close();
        allocator.close();
    }
}
