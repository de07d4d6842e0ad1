package dev.sparkjobs.gateway.hs2;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.ValueVector;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.complex.LargeListVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.MapVector;
import org.apache.arrow.vector.complex.StructVector;

/**
 * Arrays, maps and structs as JSON text, the way Spark Thrift Server shows them: arrays as JSON
 * arrays, maps and structs as JSON objects, nested dates and timestamps as strings. Map keys are
 * always JSON strings, so that the text parses as JSON whatever the key type. The writer tree is
 * built once per vector, so writing a row walks no type checks.
 */
final class JsonValues
{
    private JsonValues() {}

    /** Writes the value at an index, {@code null} included. */
    @FunctionalInterface
    interface Writer
    {
        void write(StringBuilder out, int index);
    }

    static Writer writer(ValueVector vector)
    {
        if (vector instanceof MapVector map) {
            StructVector entries = (StructVector) map.getDataVector();
            FieldVector keys = (FieldVector) entries.getChildByOrdinal(0);
            Writer key = keyWriter(keys);
            Writer value = writer(entries.getChildByOrdinal(1));
            return (out, i) -> {
                if (map.isNull(i)) {
                    out.append("null");
                    return;
                }
                out.append('{');
                for (int e = map.getElementStartIndex(i), end = map.getElementEndIndex(i); e < end; e++) {
                    if (e > map.getElementStartIndex(i)) {
                        out.append(',');
                    }
                    key.write(out, e);
                    out.append(':');
                    value.write(out, e);
                }
                out.append('}');
            };
        }
        if (vector instanceof ListVector list) {
            Writer element = writer(list.getDataVector());
            return (out, i) -> elements(out, list, i, list.getElementStartIndex(i), list.getElementEndIndex(i), element);
        }
        if (vector instanceof LargeListVector list) {
            Writer element = writer(list.getDataVector());
            return (out, i) -> elements(out, list, i, Math.toIntExact(list.getElementStartIndex(i)), Math.toIntExact(list.getElementEndIndex(i)), element);
        }
        if (vector instanceof FixedSizeListVector list) {
            Writer element = writer(list.getDataVector());
            int size = list.getListSize();
            return (out, i) -> elements(out, list, i, i * size, (i + 1) * size, element);
        }
        if (vector instanceof StructVector struct) {
            List<String> names = new ArrayList<>();
            List<Writer> children = new ArrayList<>();
            for (int c = 0; c < struct.size(); c++) {
                ValueVector child = struct.getChildByOrdinal(c);
                names.add(quote(child.getName()));
                children.add(writer(child));
            }
            return (out, i) -> {
                if (struct.isNull(i)) {
                    out.append("null");
                    return;
                }
                out.append('{');
                for (int c = 0; c < children.size(); c++) {
                    out.append(c == 0 ? "" : ",").append(names.get(c)).append(':');
                    children.get(c).write(out, i);
                }
                out.append('}');
            };
        }
        TextValues.Format format = TextValues.of(vector);
        boolean quoted = TextValues.quotedInJson(vector);
        return (out, i) -> {
            if (vector.isNull(i)) {
                out.append("null");
                return;
            }
            String text = format.format(i);
            // NaN and the infinities have no JSON number form.
            if (quoted || text.endsWith("NaN") || text.endsWith("Infinity")) {
                quote(out, text);
            }
            else {
                out.append(text);
            }
        };
    }

    private static Writer keyWriter(FieldVector keys)
    {
        if (keys instanceof ListVector || keys instanceof StructVector || keys instanceof LargeListVector || keys instanceof FixedSizeListVector) {
            Writer nested = writer(keys);
            return (out, i) -> {
                StringBuilder text = new StringBuilder();
                nested.write(text, i);
                quote(out, text.toString());
            };
        }
        TextValues.Format format = TextValues.of(keys);
        return (out, i) -> quote(out, keys.isNull(i) ? "null" : format.format(i));
    }

    private static void elements(StringBuilder out, ValueVector list, int index, int start, int end, Writer element)
    {
        if (list.isNull(index)) {
            out.append("null");
            return;
        }
        out.append('[');
        for (int e = start; e < end; e++) {
            if (e > start) {
                out.append(',');
            }
            element.write(out, e);
        }
        out.append(']');
    }

    static String quote(String text)
    {
        StringBuilder out = new StringBuilder(text.length() + 2);
        quote(out, text);
        return out.toString();
    }

    static void quote(StringBuilder out, String text)
    {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    }
                    else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
