package io.sharedfs.console.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class KafkaSettingsTest {

    @Test
    void everyKafkaOptionIsPassedOnAndTheFeedsOwnSettingsWin() {
        Map<String, String> config = Map.of(
                "kafka.bootstrap.servers", "broker:9092",
                "kafka.security.protocol", "SASL_PLAINTEXT",
                "kafka.sasl.mechanism", "PLAIN",
                "kafka.group.id", "someone-elses-group",
                "kafka.enable.auto.commit", "true");
        Properties properties = KafkaSettings.consumer(
                List.of("kafka.bootstrap.servers", "KAFKA_SECURITY_PROTOCOL", "kafka.sasl.mechanism", "kafka.group.id",
                        "kafka.enable.auto.commit", "quarkus.http.port", "KAFKA_"),
                config::get, "sharedfs-console-1");
        assertEquals("broker:9092", properties.get("bootstrap.servers"));
        assertEquals("SASL_PLAINTEXT", properties.get("security.protocol"));
        assertEquals("PLAIN", properties.get("sasl.mechanism"));
        assertEquals("sharedfs-console-1", properties.get("group.id"));
        assertEquals("false", properties.get("enable.auto.commit"));
        assertEquals("earliest", properties.get("auto.offset.reset"));
        assertFalse(properties.containsKey("http.port"));
    }

    @Test
    void environmentNamesMapToDottedOnes() {
        assertEquals("kafka.sasl.jaas.config", KafkaSettings.dotted("KAFKA_SASL_JAAS_CONFIG"));
        assertEquals("kafka.bootstrap.servers", KafkaSettings.dotted("kafka.bootstrap.servers"));
        assertNull(KafkaSettings.dotted("kafka."));
        assertNull(KafkaSettings.dotted("QUARKUS_HTTP_PORT"));
    }

    @Test
    void withNothingConfiguredItReadsTheLocalBroker() {
        assertEquals("localhost:9092", KafkaSettings.consumer(List.of(), name -> null, "g").get("bootstrap.servers"));
    }
}
