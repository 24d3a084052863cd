package org.novasim.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What the services of the running stacks logged of one server: its lines, and the lines of the requests named on
 * them, so that a failed wait says where the server's messages stopped (CI shows the failure message, not the logs).
 */
final class ServiceLogs {

    private static final Path LOGS = Path.of(System.getProperty("novasim.root", ".."))
            .resolve("nova-api/target/e2e-logs");
    private static final Pattern REQUEST_ID = Pattern.compile("req-[0-9a-f-]{36}");
    private static final int MOST_LINES = 40;
    private static final int LONGEST_LINE = 300;

    private ServiceLogs() {
    }

    static String about(String serverId) {
        try (Stream<Path> files = Files.list(LOGS)) {
            List<Path> logs = files.filter(p -> p.toString().endsWith(".log")).sorted().toList();
            Set<String> requestIds = new LinkedHashSet<>();
            for (Path log : logs) {
                for (String line : lines(log)) {
                    if (line.contains(serverId)) {
                        Matcher m = REQUEST_ID.matcher(line);
                        while (m.find()) {
                            requestIds.add(m.group());
                        }
                    }
                }
            }
            List<String> found = new ArrayList<>();
            for (Path log : logs) {
                for (String line : lines(log)) {
                    if (line.contains(serverId) || requestIds.stream().anyMatch(line::contains)) {
                        found.add(log.getFileName() + ": " + (line.length() > LONGEST_LINE
                                ? line.substring(0, LONGEST_LINE) + "…" : line));
                    }
                }
            }
            List<String> last = found.subList(Math.max(0, found.size() - MOST_LINES), found.size());
            return "\nwhat the services logged of " + serverId + " (" + found.size() + " lines, the last "
                    + last.size() + "):\n" + String.join("\n", last);
        } catch (IOException | UncheckedIOException e) {
            return "\n(no service logs: " + e.getMessage() + ")";
        }
    }

    private static List<String> lines(Path log) {
        try {
            return Files.readAllLines(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
