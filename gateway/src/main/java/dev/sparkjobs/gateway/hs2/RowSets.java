package dev.sparkjobs.gateway.hs2;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.hive.service.rpc.thrift.TColumn;
import org.apache.hive.service.rpc.thrift.TColumnValue;
import org.apache.hive.service.rpc.thrift.TProtocolVersion;
import org.apache.hive.service.rpc.thrift.TRow;
import org.apache.hive.service.rpc.thrift.TRowSet;
import org.apache.hive.service.rpc.thrift.TStringColumn;
import org.apache.hive.service.rpc.thrift.TStringValue;

/** Row sets that do not come from a result: none at all, and the lines of an operation log. */
final class RowSets
{
    private RowSets() {}

    static boolean columnar(TProtocolVersion protocol)
    {
        return protocol.getValue() >= TProtocolVersion.HIVE_CLI_SERVICE_PROTOCOL_V6.getValue();
    }

    static TRowSet empty(TProtocolVersion protocol)
    {
        TRowSet rowSet = new TRowSet(0, new ArrayList<>());
        if (columnar(protocol)) {
            rowSet.setColumns(new ArrayList<>());
        }
        return rowSet;
    }

    /** One string column. */
    static TRowSet strings(List<String> values, TProtocolVersion protocol)
    {
        if (columnar(protocol)) {
            TRowSet rowSet = new TRowSet(0, new ArrayList<>());
            rowSet.setColumns(List.of(TColumn.stringVal(new TStringColumn(new ArrayList<>(values), ByteBuffer.wrap(new byte[0])))));
            return rowSet;
        }
        List<TRow> rows = new ArrayList<>(values.size());
        for (String value : values) {
            TStringValue cell = new TStringValue();
            cell.setValue(value);
            rows.add(new TRow(List.of(TColumnValue.stringVal(cell))));
        }
        return new TRowSet(0, rows);
    }
}
