package dev.uffdtrace.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import static org.assertj.core.api.Assertions.assertThat;

/** The YAML of deploy/k8s and deploy/compose, parsed: one {@link Doc} per YAML document. */
final class Manifests {
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** One YAML document and the file it came from. */
    record Doc(Path file, JsonNode node) {
        String kind() {
            return node.path("kind").asText();
        }

        String name() {
            return node.path("metadata").path("name").asText();
        }
    }

    final Path deployDir;
    final List<Doc> k8s;
    final JsonNode compose;

    Manifests(Path deployDir) throws IOException {
        this.deployDir = deployDir;
        this.k8s = new ArrayList<>();
        for (Path f : yamlFiles(deployDir.resolve("k8s"))) {
            k8s.addAll(read(f));
        }
        this.compose = YAML.readTree(deployDir.resolve("compose/compose.yaml").toFile());
    }

    static List<Path> yamlFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".yaml")).sorted().collect(Collectors.toList());
        }
    }

    static List<Doc> read(Path file) throws IOException {
        List<Doc> docs = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
            while (it.hasNext()) {
                JsonNode n = it.next();
                if (n != null && !n.isNull() && !n.isMissingNode()) {
                    docs.add(new Doc(file, n));
                }
            }
        }
        return docs;
    }

    /** The one Kubernetes object of this kind (and name, if not null). */
    Doc k8s(String kind, String name) {
        List<Doc> found = k8s.stream().filter(d -> d.kind().equals(kind) && (name == null || d.name().equals(name)))
                .collect(Collectors.toList());
        if (found.size() != 1) {
            throw new AssertionError("expected one " + kind + (name == null ? "" : " " + name) + ", found " + found.size());
        }
        return found.get(0);
    }

    List<Doc> k8sAll(String kind) {
        return k8s.stream().filter(d -> d.kind().equals(kind)).collect(Collectors.toList());
    }

    JsonNode service(String name) {
        JsonNode s = compose.path("services").path(name);
        if (s.isMissingNode()) {
            throw new AssertionError("compose has no service " + name);
        }
        return s;
    }

    String text(String relative) {
        try {
            return Files.readString(deployDir.resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Calls {@code visit} with every value of a field named {@code field}, anywhere in the tree. */
    static void eachField(JsonNode n, String field, Consumer<JsonNode> visit) {
        if (n.isObject()) {
            n.fields().forEachRemaining(e -> {
                if (e.getKey().equals(field)) {
                    visit.accept(e.getValue());
                }
                eachField(e.getValue(), field, visit);
            });
        } else if (n.isArray()) {
            n.forEach(c -> eachField(c, field, visit));
        }
    }

    static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    static String option(List<String> args, String name) {
        int i = args.indexOf(name);
        assertThat(i).as("%s in %s", name, args).isNotNegative();
        return args.get(i + 1);
    }

    static List<String> allMatches(Pattern p, String s) {
        List<String> out = new ArrayList<>();
        Matcher x = p.matcher(s);
        while (x.find()) {
            out.add(x.group(1));
        }
        return out;
    }

    /** The keys of the Flink config.yaml up.sh writes. */
    List<String> upShFlinkKeys() {
        String up = text("cluster/up.sh");
        String conf = up.substring(up.indexOf("config.yaml\" <<CONF"), up.indexOf("\nCONF\n", up.indexOf("config.yaml\" <<CONF")));
        List<String> keys = new ArrayList<>();
        for (String line : conf.split("\n")) {
            if (line.matches("[a-z][\\w.-]+: .*")) {
                keys.add(line.substring(0, line.indexOf(':')));
            }
        }
        assertThat(keys).hasSizeGreaterThan(15);
        return keys;
    }
}
