package org.novasim.messaging.wire;

import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JacksonSerializable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.jsontype.TypeSerializer;

/**
 * A message written field by field straight onto the generator, for the messages sent most (requests and replies):
 * no tree is built only to be walked once and dropped.
 */
abstract class MessageWriter extends JacksonSerializable.Base {

    /** Writes the message's fields in oslo's order, between the braces this class writes. */
    protected abstract void writeFields(JsonGenerator out, SerializationContext context);

    @Override
    public final void serialize(JsonGenerator out, SerializationContext context) {
        out.writeStartObject();
        writeFields(out, context);
        out.writeEndObject();
    }

    @Override
    public final void serializeWithType(JsonGenerator out, SerializationContext context, TypeSerializer types) {
        serialize(out, context);
    }

    /** A property whose value is a tree (the args, a result, a context value), or null. */
    static void writeTree(JsonGenerator out, String name, JsonNode value, SerializationContext context) {
        out.writeName(name);
        if (value == null) {
            out.writeNull();
        } else {
            value.serialize(out, context);
        }
    }

    /** A string property, or null as the tree writes a null string. */
    static void writeString(JsonGenerator out, String name, String value) {
        if (value == null) {
            out.writeNullProperty(name);
        } else {
            out.writeStringProperty(name, value);
        }
    }
}
