package org.novasim.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A RabbitMQ cluster of the test's own: nodes started from Debian's rabbitmq-server by
 * {@code bench/private-rabbitmq.sh} (as root), each with its own node name, AMQP port (distribution port + 20000) and
 * data directory under {@code target/}, joined to the first, beside (never touching) the machine's broker. Nodes can
 * be killed with SIGKILL and started again; closing stops them all and removes their directories, and a JVM that
 * ends without closing it does the same on its way out.
 */
public final class RabbitCluster implements AutoCloseable {

    private static final Pattern CONNECTION_NAME = Pattern.compile("\\{\"connection_name\",\"([^\"]+)\"}");

    /** One node: {@code <name>@localhost} on {@code port}. */
    public record Node(String name, int port, Path dir) {
        public String erlangName() {
            return name + "@localhost";
        }

        @Override
        public String toString() {
            return erlangName() + " (:" + port + ")";
        }
    }

    private final Path script;
    private final List<Node> nodes;
    private final Set<Node> down = new HashSet<>();
    /** Down by {@code stop_app}, their VM still running. */
    private final Set<Node> stopped = new HashSet<>();
    private final Thread cleanup = new Thread(this::stopAll, "rabbit-cluster-cleanup");

    private RabbitCluster(Path script, List<Node> nodes) {
        this.script = script;
        this.nodes = List.copyOf(nodes);
    }

    /**
     * Starts {@code size} nodes {@code <prefix>1..} on ports {@code firstPort..} and clusters them with the first.
     *
     * @param root the project's root (where {@code bench/} is)
     * @param base where the nodes' data directories go (under a module's {@code target/})
     */
    public static RabbitCluster start(Path root, Path base, String prefix, int firstPort, int size) throws Exception {
        List<Node> nodes = new ArrayList<>();
        for (int i = 1; i <= size; i++) {
            nodes.add(new Node(prefix + i, firstPort + i - 1, base.resolve(prefix + i)));
        }
        RabbitCluster cluster = new RabbitCluster(root.resolve("bench/private-rabbitmq.sh"), nodes);
        Runtime.getRuntime().addShutdownHook(cluster.cleanup);
        try {
            // A node left running by a run that was itself killed would hold the name and port.
            cluster.stopAll();
            for (Node node : nodes) {
                cluster.startNode(node);
            }
            Node first = nodes.getFirst();
            for (Node node : nodes.subList(1, size)) {
                cluster.ctl(node, "stop_app");
                cluster.ctl(node, "join_cluster", first.erlangName());
                cluster.ctl(node, "start_app");
            }
            String status = cluster.ctl(first, "cluster_status", "--formatter", "json");
            for (Node node : nodes) {
                if (!status.contains("\"" + node.erlangName() + "\"")) {
                    throw new IllegalStateException(node + " did not join the cluster: " + status);
                }
            }
        } catch (Exception e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    public List<Node> nodes() {
        return nodes;
    }

    /** oslo's transport URL listing every node, in order, on {@code vhost}. */
    public String transportUrl(String vhost) {
        return "rabbit://" + nodes.stream().map(n -> "guest:guest@127.0.0.1:" + n.port())
                .collect(Collectors.joining(",")) + "/" + vhost;
    }

    /** A virtual host for one stack, the guest account allowed everything in it. */
    public void addVhost(String vhost) throws IOException, InterruptedException {
        ctl(anyUp(), "add_vhost", vhost);
        ctl(anyUp(), "set_permissions", "-p", vhost, "guest", ".*", ".*", ".*");
    }

    /** The nodes holding connections whose name starts with one of {@code prefixes} (by the port they came to). */
    public Set<Node> nodesServing(Collection<String> prefixes) throws IOException, InterruptedException {
        Set<Node> serving = new LinkedHashSet<>();
        String out = ctl(anyUp(), "list_connections", "-q", "--no-table-headers", "port", "client_properties");
        for (String line : out.lines().toList()) {
            Matcher name = CONNECTION_NAME.matcher(line);
            if (name.find() && prefixes.stream().anyMatch(name.group(1)::startsWith)) {
                int port = Integer.parseInt(line.substring(0, line.indexOf('\t')).trim());
                nodes.stream().filter(n -> n.port() == port).forEach(serving::add);
            }
        }
        return serving;
    }

    /** The node leading a quorum queue, if it has a leader. */
    public Optional<Node> leaderOf(String vhost, String queue) throws IOException, InterruptedException {
        String out = ctl(anyUp(), "list_queues", "-p", vhost, "-q", "--no-table-headers", "name", "leader");
        return out.lines().map(l -> l.split("\t")).filter(f -> f.length == 2 && f[0].equals(queue))
                .flatMap(f -> nodes.stream().filter(n -> n.erlangName().equals(f[1].trim()))).findFirst();
    }

    /** Moves a quorum queue's leadership off {@code node}: it leaves the queue's members (an election), and rejoins. */
    public void moveLeaderOff(String vhost, String queue, Node node) throws IOException, InterruptedException {
        Node other = nodes.stream().filter(n -> !n.equals(node) && !down.contains(n)).findFirst().orElseThrow();
        queues(other, "delete_member", "--vhost", vhost, queue, node.erlangName());
        queues(other, "add_member", "--vhost", vhost, queue, node.erlangName());
    }

    /** SIGKILL to the node's Erlang VM, as a crashed machine: no goodbye to its peers or its clients. */
    public void kill(Node node) throws IOException {
        long pid = Long.parseLong(Files.readString(node.dir().resolve("pid")).trim());
        ProcessHandle beam = ProcessHandle.of(pid)
                .orElseThrow(() -> new IllegalStateException(node + " has no process " + pid));
        if (!beam.info().command().orElse("").contains("beam")) {
            throw new IllegalStateException("process " + pid + " of " + node + " is not an Erlang VM: " + beam.info());
        }
        down.add(node);
        beam.destroyForcibly();
        beam.onExit().orTimeout(30, TimeUnit.SECONDS).join();
    }

    /**
     * Declares {@code count} transient classic queues on the node, as another process's, and leaves them there: a
     * node holding many makes the surviving nodes' clean-up of its queues last (about a second for 3,000 here), as
     * a cloud's thousands of queues do, so that clients re-declare inside it.
     */
    public void ballast(Node node, String vhost, int count) throws IOException {
        com.rabbitmq.client.ConnectionFactory factory = new com.rabbitmq.client.ConnectionFactory();
        factory.setPort(node.port());
        factory.setVirtualHost(vhost);
        String prefix = "ballast_" + node.name() + "_" + System.nanoTime() + "_";
        try (com.rabbitmq.client.Connection connection = factory.newConnection("ballast");
             com.rabbitmq.client.Channel channel = connection.createChannel()) {
            for (int i = 0; i < count; i++) {
                channel.queueDeclare(prefix + i, false, false, false, null);
            }
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IOException("could not close the ballast's connection to " + node, e);
        }
    }

    /** {@code rabbitmqctl stop_app}: the node says goodbye to its peers and clients, its Erlang VM stays up. */
    public void stopApp(Node node) throws IOException, InterruptedException {
        ctl(node, "stop_app");
        down.add(node);
        stopped.add(node);
    }

    /** {@code rabbitmqctl start_app} of a node stopped by {@link #stopApp}. */
    public void startApp(Node node) throws IOException, InterruptedException {
        ctl(node, "start_app");
        ctl(node, "await_startup");
        stopped.remove(node);
        down.remove(node);
    }

    /** Whether the node is neither killed nor stopped. */
    public boolean isUp(Node node) {
        return !down.contains(node);
    }

    /** Starts the killed nodes again on their data directories: they rejoin the cluster as they were. */
    public void restartKilled() throws IOException, InterruptedException {
        for (Node node : List.copyOf(down)) {
            if (stopped.contains(node)) {
                startApp(node);
            } else {
                startNode(node);
                down.remove(node);
            }
        }
    }

    private void startNode(Node node) throws IOException, InterruptedException {
        run("start", node.name(), String.valueOf(node.port()), node.dir().toString());
    }

    private Node anyUp() {
        return nodes.stream().filter(n -> !down.contains(n)).findFirst()
                .orElseThrow(() -> new IllegalStateException("every node is down"));
    }

    public String ctl(Node node, String... args) throws IOException, InterruptedException {
        List<String> all = new ArrayList<>(List.of("ctl", node.name()));
        all.addAll(List.of(args));
        return run(all.toArray(String[]::new));
    }

    private String queues(Node node, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("/usr/lib/rabbitmq/bin/rabbitmq-queues", "-n",
                node.erlangName()));
        command.addAll(List.of(args));
        return exec(command);
    }

    private String run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", script.toString()));
        command.addAll(List.of(args));
        return exec(command);
    }

    private static String exec(List<String> command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("HOME", "/var/lib/rabbitmq"); // the Erlang cookie the nodes share
        Process p = builder.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(180, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed (it needs root and Debian's rabbitmq-server): "
                    + out);
        }
        return out;
    }

    private void stopAll() {
        for (Node node : nodes.reversed()) {
            try {
                run("stop", node.name(), node.dir().toString());
            } catch (IOException e) {
                System.err.println("could not stop " + node + ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void close() {
        stopAll();
        try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or about to: it does the same
        }
    }
}
