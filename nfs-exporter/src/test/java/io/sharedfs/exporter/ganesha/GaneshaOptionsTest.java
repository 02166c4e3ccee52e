package io.sharedfs.exporter.ganesha;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sharedfs.exporter.config.ExporterConfig;
import io.sharedfs.exporter.exports.ExportOptions;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Options Ganesha cannot be told are refused, not dropped. */
class GaneshaOptionsTest {

    @Test
    void everyDefaultOptionSetMaps() {
        for (String set : List.of(ExporterConfig.Options.IMAGE_ROOT, ExporterConfig.Options.NODE_PRIVATE,
                ExporterConfig.Options.VE_CUSTOM, ExporterConfig.Options.NON_SHARED_ROOT)) {
            assertEquals(List.of(), GaneshaOptions.problems(ExportOptions.parse(set, "test")), set);
        }
    }

    @Test
    void optionsWithoutACounterpartAreNamed() {
        List<String> problems = GaneshaOptions.problems(ExportOptions.parse(
                "rw,async,crossmnt,sec=krb5,anonuid=nobody,fsid=1", "test"));

        assertEquals(5, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("'async'"), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("'sec=krb5'")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("'anonuid=nobody'")), problems.toString());
    }

    @Test
    void insecureLetsUnprivilegedPortsIn() {
        assertTrue(GaneshaOptions.clientLines(ExportOptions.parse("ro,insecure", "test"))
                .contains("PrivilegedPort = false;"));
        assertTrue(GaneshaOptions.clientLines(ExportOptions.parse("ro", "test")).contains("PrivilegedPort = true;"));
    }

    @Test
    void allSquashSquashesEveryone() {
        assertTrue(GaneshaOptions.clientLines(ExportOptions.parse("rw,all_squash", "test"))
                .contains("Squash = All_Squash;"));
    }
}
