package io.sharedfs.contracts;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;

/** Reads record components reflectively, so the contract tests cover every field of every message. */
final class RecordValues {

    private RecordValues() {
    }

    static Object value(Object record, RecordComponent component) {
        try {
            return component.getAccessor().invoke(record);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new AssertionError("cannot read " + record.getClass().getSimpleName() + "." + component.getName(), e);
        }
    }

    static Object value(Object record, String componentName) {
        for (RecordComponent component : record.getClass().getRecordComponents()) {
            if (component.getName().equals(componentName)) {
                return value(record, component);
            }
        }
        throw new AssertionError(record.getClass().getSimpleName() + " has no component " + componentName);
    }
}
