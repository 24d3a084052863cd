package org.novasim.messaging.transport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * oslo.messaging 2024.1's queue manager ({@code use_queue_manager}): the unique part of reply and fanout queue names,
 * {@code <hostname>:<processname>:<n>}, from a counter kept in {@code /dev/shm/<hostname>_<processname>_qmanager} as
 * {@code <process group>:<n>}. Processes of one group (one service's workers, or a test's children) count on from
 * each other; a new group (the service restarted) counts from 1 again, so it declares the same names as before and
 * finds its queues still on the broker.
 */
public final class QueueManager {

    /** One lock for the whole JVM: a file lock is held by the process, not by the thread. */
    private static final Object IN_PROCESS = new Object();

    private final String hostname;
    private final String processname;
    private final Path counterFile;
    private final long processGroup;

    public QueueManager(String hostname, String processname) {
        this(hostname, processname, counterDirectory(), processGroup());
    }

    QueueManager(String hostname, String processname, Path directory, long processGroup) {
        this.hostname = hostname;
        this.processname = processname;
        this.counterFile = directory.resolve(hostname + "_" + processname + "_qmanager");
        this.processGroup = processGroup;
    }

    /** The next unique part, {@code <hostname>:<processname>:<n>}. */
    public String next() {
        return hostname + ":" + processname + ":" + nextCount();
    }

    Path counterFile() {
        return counterFile;
    }

    private long nextCount() {
        synchronized (IN_PROCESS) {
            try (FileChannel file = FileChannel.open(counterFile, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE); FileLock lock = file.lock()) {
                ByteBuffer buffer = ByteBuffer.allocate(64);
                file.read(buffer, 0);
                String[] saved = new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII).trim()
                        .split(":");
                long count = 1;
                if (saved.length == 2 && saved[0].equals(Long.toString(processGroup))) {
                    count = parse(saved[1]) + 1;
                }
                file.truncate(0);
                file.write(ByteBuffer.wrap((processGroup + ":" + count).getBytes(StandardCharsets.US_ASCII)), 0);
                return count;
            } catch (IOException e) {
                throw new UncheckedIOException("could not count queue names in " + counterFile, e);
            }
        }
    }

    private static long parse(String count) {
        try {
            return Long.parseLong(count);
        } catch (NumberFormatException e) {
            return 0; // as oslo: an unreadable counter starts over
        }
    }

    /** {@code /dev/shm} as oslo, where it can be written; else the JVM's temporary directory. */
    private static Path counterDirectory() {
        Path shm = Path.of("/dev/shm");
        return Files.isDirectory(shm) && Files.isWritable(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir"));
    }

    /** This process's group ({@code getpgrp()}, field 5 of {@code /proc/self/stat}); its pid where there is none. */
    static long processGroup() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            // The command name (field 2) is in parentheses and may hold spaces: count from its closing one.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[2]);
        } catch (IOException | RuntimeException e) {
            return ProcessHandle.current().pid();
        }
    }
}
