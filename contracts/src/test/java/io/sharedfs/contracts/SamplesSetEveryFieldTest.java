package io.sharedfs.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.RecordComponent;
import java.util.Collection;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every sample is of its type and sets every field, so the round trip really covers every field. */
class SamplesSetEveryFieldTest {

    @ParameterizedTest
    @EnumSource(MessageType.class)
    void sampleIsOfItsCatalogueType(MessageType type) {
        assertEquals(type.javaType(), Samples.of(type).getClass());
    }

    @ParameterizedTest
    @EnumSource(MessageType.class)
    void sampleHasNoNullEmptyOrDefaultValue(MessageType type) {
        assertFullyPopulated(Samples.of(type), type.javaType().getSimpleName());
    }

    /*
     * A field that the mapper silently drops reads back as null, empty, 0 or false; a sample
     * holding exactly that value would still compare equal after the round trip and hide the loss.
     */
    private static void assertFullyPopulated(Object record, String where) {
        for (RecordComponent component : record.getClass().getRecordComponents()) {
            String path = where + "." + component.getName();
            Object value = RecordValues.value(record, component);
            assertNotNull(value, path + " is null in the sample");
            if (component.getType() == boolean.class) {
                assertTrue((Boolean) value, path + " is false in the sample");
            } else if (component.getType().isPrimitive()) {
                assertFalse(((Number) value).longValue() == 0, path + " is 0 in the sample");
            } else if (value instanceof Collection<?> collection) {
                assertFalse(collection.isEmpty(), path + " is empty in the sample");
                for (Object element : collection) {
                    if (element.getClass().isRecord()) {
                        assertFullyPopulated(element, path + "[]");
                    }
                }
            } else if (value.getClass().isRecord()) {
                assertFullyPopulated(value, path);
            }
        }
    }
}
