package io.backfill.events.serde;

import io.apicurio.registry.serde.avro.AvroDatumProvider;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * Reads records into the generated classes the application sees. Apicurio's default asks
 * {@code SpecificData.get()}, which resolves generated classes through Avro's own class loader; inside
 * Quarkus that is a parent loader which can see a second copy of this jar, and decoding then fails with
 * "BackfillRequested cannot be cast to SpecificRecord". Binding to this jar's loader makes the reader
 * return the same classes the application uses, with the logical-type conversions they expect.
 */
final class GeneratedClassDatumProvider<T> implements AvroDatumProvider<T> {

    private final ClassLoader loader;
    private final SpecificData data;
    private final Map<Schema, DatumReader<T>> readers = new ConcurrentHashMap<>();

    /** Binds to {@code loader}: the loader of the generated classes the application itself uses. */
    GeneratedClassDatumProvider(ClassLoader loader) {
        this.loader = loader;
        this.data = data(loader);
    }

    @Override
    public DatumWriter<T> createDatumWriter(T data, Schema schema) {
        return new SpecificDatumWriter<>(schema, this.data);
    }

    @Override
    public DatumReader<T> createDatumReader(Schema writerSchema) {
        return readers.computeIfAbsent(
                writerSchema, schema -> new SpecificDatumReader<>(schema, readerSchema(schema), data));
    }

    @Override
    public Schema toSchema(T data) {
        return ((GenericContainer) data).getSchema();
    }

    private static SpecificData data(ClassLoader loader) {
        SpecificData data = new SpecificData(loader);
        data.addLogicalTypeConversion(new TimeConversions.TimestampMillisConversion());
        data.addLogicalTypeConversion(new TimeConversions.TimestampMicrosConversion());
        data.addLogicalTypeConversion(new TimeConversions.DateConversion());
        return data;
    }

    /** The generated class's schema for the writer's record, so old and new writers both resolve. */
    private Schema readerSchema(Schema writerSchema) {
        try {
            Class<?> type = Class.forName(writerSchema.getFullName(), true, loader);
            return (Schema) type.getMethod("getClassSchema").invoke(null);
        } catch (ReflectiveOperationException e) {
            return writerSchema; // not one of ours: read it as written
        }
    }
}
