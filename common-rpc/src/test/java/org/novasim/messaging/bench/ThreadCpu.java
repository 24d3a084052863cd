package org.novasim.messaging.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * This JVM's CPU time by group of threads (the kernel's thread names, numbers cut off: {@code pool-2-thread-},
 * {@code ForkJoinPool-1-worker-} for virtual threads' carriers, {@code C2 CompilerThre}), user and system, and its context switches, from
 * {@code /proc/self/task}. A thread that ended between two readings takes its time with it.
 */
record ThreadCpu(Map<String, Long> ticksByGroup, long userTicks, long systemTicks, long contextSwitches) {

    private static final double MICROS_PER_TICK = 10_000; // USER_HZ 100

    static ThreadCpu read() {
        Map<String, Long> groups = new TreeMap<>();
        long user = 0;
        long system = 0;
        long switches = 0;
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : tasks.toList()) {
                String stat;
                String status;
                try {
                    stat = Files.readString(task.resolve("stat"));
                    status = Files.readString(task.resolve("status"));
                } catch (IOException ended) {
                    continue;
                }
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("[0-9#]+$", "");
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                long u = Long.parseLong(fields[11]);
                long s = Long.parseLong(fields[12]);
                user += u;
                system += s;
                groups.merge(name, u + s, Long::sum);
                for (String line : status.split("\n")) {
                    if (line.contains("ctxt_switches:")) {
                        switches += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /proc/self/task (Linux only)", e);
        }
        return new ThreadCpu(groups, user, system, switches);
    }

    /** µs per call since {@code before}: in all, user and system, context switches, and each group above 1 µs. */
    String perCall(ThreadCpu before, int calls) {
        StringBuilder groups = new StringBuilder();
        ticksByGroup.forEach((group, ticks) -> {
            double micros = (ticks - before.ticksByGroup.getOrDefault(group, 0L)) * MICROS_PER_TICK / calls;
            if (micros >= 1) {
                groups.append(String.format("%s%s %.0f", groups.isEmpty() ? "" : ", ", group.strip(), micros));
            }
        });
        long user = userTicks - before.userTicks;
        long system = systemTicks - before.systemTicks;
        return String.format("%.0f µs a call (user %.0f, system %.0f), %.1f context switches a call; by thread: %s",
                (user + system) * MICROS_PER_TICK / calls, user * MICROS_PER_TICK / calls,
                system * MICROS_PER_TICK / calls, (double) (contextSwitches - before.contextSwitches) / calls, groups);
    }
}
