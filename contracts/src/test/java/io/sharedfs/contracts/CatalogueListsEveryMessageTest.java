package io.sharedfs.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The catalogue lists every message record of the module, on a known topic, under a unique CloudEvents type. */
class CatalogueListsEveryMessageTest {

    private static final String PACKAGE = "io.sharedfs.contracts";

    @Test
    void everyConcreteMessageClassOfTheModuleIsCatalogued() throws Exception {
        Set<String> found = concreteMessageClasses().stream().map(Class::getName).collect(Collectors.toCollection(TreeSet::new));
        Set<String> catalogued = Arrays.stream(MessageType.values())
                .map(type -> type.javaType().getName())
                .collect(Collectors.toCollection(TreeSet::new));

        // a record missing from the catalogue can be built but never published or read
        assertEquals(catalogued, found);
    }

    @Test
    void everyCataloguedTypeIsARecord() {
        for (MessageType type : MessageType.values()) {
            assertTrue(type.javaType().isRecord(), type + " is not a record");
        }
    }

    @Test
    void everyTopicOfTheCatalogueIsAKnownTopic() {
        for (MessageType type : MessageType.values()) {
            assertTrue(Topics.ALL.contains(type.topic()), type + " uses unknown topic " + type.topic());
        }
    }

    @Test
    void knownTopicsAreListedOnce() {
        assertEquals(Topics.ALL.size(), new HashSet<>(Topics.ALL).size(), Topics.ALL::toString);
    }

    @Test
    void cloudEventsTypesAreUnique() {
        Set<String> ceTypes = Arrays.stream(MessageType.values()).map(MessageType::ceType).collect(Collectors.toSet());

        assertEquals(MessageType.values().length, ceTypes.size());
    }

    @Test
    void unknownCloudEventsTypeIsNotFound() {
        assertEquals(Optional.empty(), MessageType.byCeType("io.sharedfs.NoSuchEvent"));
        assertEquals(Optional.empty(), MessageType.byCeType("NodeAdded"));
        assertEquals(Optional.empty(), MessageType.byCeType(null));
    }

    @Test
    void uncataloguedClassIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> MessageType.of(String.class));
    }

    /* Scans the compiled main classes (not the test classes) the catalogue itself was loaded from. */
    private static List<Class<?>> concreteMessageClasses() throws IOException, URISyntaxException, ClassNotFoundException {
        Path root = Path.of(MessageType.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        assertTrue(Files.isDirectory(root), "expected a classes directory, got " + root);
        List<String> classNames;
        try (Stream<Path> files = Files.walk(root)) {
            classNames = files.filter(file -> file.toString().endsWith(".class"))
                    .map(file -> root.relativize(file).toString())
                    .map(name -> name.substring(0, name.length() - ".class".length()).replace(root.getFileSystem().getSeparator(), "."))
                    .filter(name -> name.startsWith(PACKAGE + "."))
                    .toList();
        }
        // guards against a scan that silently finds nothing and so proves nothing
        assertTrue(classNames.contains(MessageType.class.getName()), "scan of " + root + " did not find MessageType");

        List<Class<?>> messages = new java.util.ArrayList<>();
        for (String name : classNames) {
            Class<?> type = Class.forName(name, false, MessageType.class.getClassLoader());
            if (SharedfsMessage.class.isAssignableFrom(type)
                    && !type.isInterface()
                    && !Modifier.isAbstract(type.getModifiers())) {
                messages.add(type);
            }
        }
        return messages;
    }
}
