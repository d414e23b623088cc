package dev.jinit.syslog;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * RFC 5424 STRUCTURED-DATA: zero or more elements {@code [id name="value" …]}, in the order they were sent.
 *
 * <p>Lists, not maps: RFC 5424 lets a parameter name repeat within an element, and the order is the sender's. Values
 * are stored unescaped ({@code \"}, {@code \\}, {@code \]} already resolved), with control characters escaped as
 * everywhere in a {@link SyslogMessage}. Immutable.
 *
 * @param elements never null; empty for the NILVALUE {@code -}
 */
public record StructuredData(List<Element> elements) {

    /** No structured data ({@code -} on the wire). */
    public static final StructuredData EMPTY = new StructuredData(List.of());

    public StructuredData {
        elements = List.copyOf(Objects.requireNonNull(elements, "structuredData.elements"));
    }

    /** Whether there is no element. */
    public boolean isEmpty() {
        return elements.isEmpty();
    }

    /** Structured data of these elements. */
    public static StructuredData of(Element... elements) {
        return new StructuredData(List.of(elements));
    }

    /**
     * The RFC 5424 text: {@code -} when empty, else the elements with {@code "}, {@code \} and {@code ]} in values
     * escaped by a backslash. Parsing it gives this value back.
     */
    @Override
    public String toString() {
        if (elements.isEmpty()) {
            return "-";
        }
        StringBuilder sb = new StringBuilder();
        for (Element e : elements) {
            e.appendTo(sb);
        }
        return sb.toString();
    }

    /**
     * One SD-ELEMENT.
     *
     * @param id     the SD-ID ({@code timeQuality}, {@code zoo@123}); never null
     * @param params never null, in the order sent
     */
    public record Element(String id, List<Param> params) {
        public Element {
            Objects.requireNonNull(id, "element.id");
            params = List.copyOf(Objects.requireNonNull(params, "element.params"));
        }

        /** An element with these parameters. */
        public static Element of(String id, Param... params) {
            return new Element(id, List.of(params));
        }

        /** The values of the parameters with this name, in order. */
        public List<String> values(String name) {
            List<String> out = new ArrayList<>(1);
            for (Param p : params) {
                if (p.name().equals(name)) {
                    out.add(p.value());
                }
            }
            return out;
        }

        void appendTo(StringBuilder sb) {
            sb.append('[').append(id);
            for (Param p : params) {
                sb.append(' ').append(p.name()).append("=\"");
                String v = p.value();
                for (int i = 0; i < v.length(); i++) {
                    char c = v.charAt(i);
                    if (c == '"' || c == '\\' || c == ']') {
                        sb.append('\\');
                    }
                    sb.append(c);
                }
                sb.append('"');
            }
            sb.append(']');
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder();
            appendTo(sb);
            return sb.toString();
        }
    }

    /**
     * One SD-PARAM.
     *
     * @param name  the PARAM-NAME; never null
     * @param value the PARAM-VALUE, unescaped; never null
     */
    public record Param(String name, String value) {
        public Param {
            Objects.requireNonNull(name, "param.name");
            Objects.requireNonNull(value, "param.value");
        }
    }
}
