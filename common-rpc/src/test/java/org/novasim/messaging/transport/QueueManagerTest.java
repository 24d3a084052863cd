package org.novasim.messaging.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The queue manager's counter, as oslo 2024.1 keeps it: per host and process, started over by a new process group. */
class QueueManagerTest {

    @TempDir
    Path shm;

    @Test
    void countsOnWithinAProcessGroupAndFromOneAgainInANewOne() throws Exception {
        QueueManager first = new QueueManager("compute-1", "nova-compute", shm, 100);
        assertThat(first.next()).isEqualTo("compute-1:nova-compute:1");
        assertThat(first.next()).isEqualTo("compute-1:nova-compute:2");
        // Another process of the same group (a worker) counts on from the same file.
        assertThat(new QueueManager("compute-1", "nova-compute", shm, 100).next()).isEqualTo("compute-1:nova-compute:3");
        assertThat(Files.readString(shm.resolve("compute-1_nova-compute_qmanager"))).isEqualTo("100:3");

        // The service restarted: the same names again, so it finds the queues it left.
        QueueManager restarted = new QueueManager("compute-1", "nova-compute", shm, 200);
        assertThat(restarted.next()).isEqualTo("compute-1:nova-compute:1");
        assertThat(new QueueManager("compute-1", "nova-api", shm, 200).next()).isEqualTo("compute-1:nova-api:1");
    }

    @Test
    void anUnreadableCounterStartsOver() throws Exception {
        Files.writeString(shm.resolve("h_p_qmanager"), "garbage");
        assertThat(new QueueManager("h", "p", shm, 7).next()).isEqualTo("h:p:1");
    }

    @Test
    void theProcessGroupIsReadFromTheSystem() {
        assertThat(QueueManager.processGroup()).isPositive();
    }
}
