package io.sharedfs.provisioner.worker;

import static io.sharedfs.provisioner.TestNodes.added;
import static io.sharedfs.provisioner.TestNodes.jobs;
import static io.sharedfs.provisioner.TestNodes.ofType;
import static io.sharedfs.provisioner.TestNodes.types;
import static io.sharedfs.provisioner.TestNodes.untilOutcome;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.sharedfs.contracts.provisioning.HookOutcome;
import io.sharedfs.contracts.provisioning.InitVemHookRan;
import io.sharedfs.provisioner.TestNodes;
import io.sharedfs.provisioner.TestNodes.NodeEvent;
import io.sharedfs.testsupport.SharedfsInfrastructure;
import io.sharedfs.testsupport.TestEvents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * With {@code sharedfs.provisioner.hook.fail-on-error=false} a hook that exits non-zero or times
 * out only warns and the node is provisioned; a hook refused as unsafe still fails it.
 */
@QuarkusTest
@TestProfile(HookFailureOnlyWarnsTest.OnlyWarn.class)
@WithTestResource(SharedfsInfrastructure.class)
class HookFailureOnlyWarnsTest {

    /** Hook failures only warn; hooks time out quickly. */
    public static class OnlyWarn implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("sharedfs.provisioner.hook.fail-on-error", "false",
                    "sharedfs.provisioner.hook.timeout", "2s");
        }
    }

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    @Test
    void aHookExitingNonZeroOnlyWarns() {
        long ve = TestNodes.nextVe();
        Path root = TestNodes.preparedImage("warn-exit");
        TestNodes.hook(root, ve, "exit 4\n");

        TestEvents.publish(kafka, added(ve, 1, 1, TestNodes.ref(root, true)));

        List<NodeEvent> events = untilOutcome(kafka, ve, 1, 1);
        assertEquals(List.of("PrivateTreeCreated", "InitVemHookRan", "NodeProvisioned"), types(events));
        InitVemHookRan hook = ofType(events, InitVemHookRan.class).get(0);
        assertEquals(HookOutcome.EXITED, hook.outcome());
        assertEquals(4, hook.exitCode());
        assertEquals("DONE", jobs(ve, 1).get(0).state());
    }

    @Test
    void aHookThatTimesOutIsKilledAndOnlyWarns() {
        long ve = TestNodes.nextVe();
        Path root = TestNodes.preparedImage("warn-timeout");
        TestNodes.hook(root, ve, "echo waiting\nsleep 300\n");

        TestEvents.publish(kafka, added(ve, 1, 1, TestNodes.ref(root, true)));

        List<NodeEvent> events = untilOutcome(kafka, ve, 1, 1);
        assertEquals(List.of("PrivateTreeCreated", "InitVemHookRan", "NodeProvisioned"), types(events));
        InitVemHookRan hook = ofType(events, InitVemHookRan.class).get(0);
        assertEquals(HookOutcome.TIMED_OUT, hook.outcome());
        assertEquals("init_vem ran longer than PT2S; its process tree was killed", hook.detail());
        assertEquals("waiting\n", hook.outputTail());
    }

    @Test
    void anUnsafeHookStillFailsTheNode() throws Exception {
        long ve = TestNodes.nextVe();
        Path root = TestNodes.preparedImage("warn-refused");
        Path ran = root.resolveSibling("hook-ran");
        Path hook = TestNodes.hook(root, ve, "touch " + ran + "\n");
        Files.setAttribute(hook, "unix:mode", 0757);

        TestEvents.publish(kafka, added(ve, 1, 1, TestNodes.ref(root, true)));

        List<NodeEvent> events = untilOutcome(kafka, ve, 1, 1);
        assertEquals(List.of("PrivateTreeCreated", "InitVemHookRan", "NodeProvisioningFailed"), types(events));
        assertEquals(HookOutcome.REFUSED, ofType(events, InitVemHookRan.class).get(0).outcome());
        assertEquals("FAILED", jobs(ve, 1).get(0).state());
        assertFalse(Files.exists(ran));
    }
}
