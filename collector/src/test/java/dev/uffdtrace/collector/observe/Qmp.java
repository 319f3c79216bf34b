package dev.uffdtrace.collector.observe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** A QEMU monitor (QMP) connection: one command at a time, events skipped, errors thrown. */
final class Qmp implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SocketChannel channel;
    private final BufferedReader in;
    private final Writer out;

    private Qmp(SocketChannel channel) throws IOException {
        this.channel = channel;
        this.in = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8));
        this.out = Channels.newWriter(channel, StandardCharsets.UTF_8);
        in.readLine(); // greeting
        command("qmp_capabilities", Map.of());
    }

    /** Connects to the socket QEMU listens on, waiting up to 10 s for it to appear. */
    static Qmp connect(Path socket) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!Files.exists(socket)) {
            if (System.nanoTime() > deadline) {
                throw new IOException("QMP socket " + socket + " did not appear within 10 s");
            }
            Thread.sleep(50);
        }
        return new Qmp(SocketChannel.open(UnixDomainSocketAddress.of(socket)));
    }

    JsonNode command(String name, Map<String, Object> args) throws IOException {
        out.write(JSON.writeValueAsString(Map.of("execute", name, "arguments", args)) + "\n");
        out.flush();
        while (true) {
            String line = in.readLine();
            if (line == null) {
                throw new IOException("QMP: connection closed during " + name);
            }
            JsonNode r = JSON.readTree(line);
            if (r.has("error")) {
                throw new IOException("QMP " + name + ": " + r.get("error"));
            }
            if (r.has("return")) {
                return r.get("return");
            }
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
