package io.sharedfs.provisioner.worker;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A worker loop does not sleep through work recorded while it was looking for work. */
class WakeableLoopTest {

    @Test
    void aWakeWhileLookingForWorkIsNotSleptThrough() throws Exception {
        WakeableLoop loop = new WakeableLoop();
        loop.start();
        AtomicInteger looks = new AtomicInteger();
        List<String> handled = new CopyOnWriteArrayList<>();
        // The first look finds nothing, but work is recorded (and the loop woken) before it returns;
        // the second look finds it. Slept through, the wake-up would leave it for the hour-long poll.
        Thread worker = new Thread(() -> loop.run(() -> {
            if (looks.incrementAndGet() == 1) {
                loop.wake();
                return Optional.empty();
            }
            return looks.get() == 2 ? Optional.of("job") : Optional.<String>empty();
        }, handled::add, Duration.ofHours(1)));
        worker.start();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> handled.size() == 1);
            assertEquals(List.of("job"), handled);
        } finally {
            loop.stop();
            worker.interrupt();
            worker.join(5_000);
        }
    }
}
