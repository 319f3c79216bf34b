package dev.uffdtrace.deploy;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.FallbackKey;
import org.apache.flink.configuration.MetricOptions;

/**
 * Every configuration key Flink's core declares: the keys (and fallback keys) of the static
 * {@link ConfigOption}s of all {@code org.apache.flink.configuration.*Options} classes of the
 * flink-core jar the build uses. A key not in here is a typo or a key of another Flink version.
 */
final class FlinkKeys {
    private static final String PACKAGE = "org/apache/flink/configuration/";
    private static final String REPORTER_PREFIX = "metrics.reporter.";

    private final Set<String> keys = new TreeSet<>();

    FlinkKeys() throws IOException, URISyntaxException, ClassNotFoundException, IllegalAccessException {
        Path jar = Path.of(CoreOptions.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (JarFile f = new JarFile(jar.toFile())) {
            Enumeration<JarEntry> entries = f.entries();
            while (entries.hasMoreElements()) {
                String n = entries.nextElement().getName();
                if (n.startsWith(PACKAGE) && n.endsWith("Options.class") && n.indexOf('/', PACKAGE.length()) < 0) {
                    addOptions(Class.forName(n.replace('/', '.').replace(".class", "")));
                }
            }
        }
    }

    private void addOptions(Class<?> c) throws IllegalAccessException {
        for (Field field : c.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers()) && ConfigOption.class.isAssignableFrom(field.getType())) {
                field.setAccessible(true);
                ConfigOption<?> o = (ConfigOption<?>) field.get(null);
                keys.add(o.key());
                for (FallbackKey k : o.fallbackKeys()) {
                    keys.add(k.getKey());
                }
            }
        }
    }

    int size() {
        return keys.size();
    }

    /**
     * True if Flink knows the key. A reporter's keys ({@code metrics.reporter.NAME.x}) are the generic
     * reporter options or, given {@code reporterKeys}, that reporter's own.
     */
    boolean known(String key, Set<String> reporterKeys) {
        if (keys.contains(key)) {
            return true;
        }
        if (key.startsWith(REPORTER_PREFIX)) {
            String rest = key.substring(REPORTER_PREFIX.length());
            int dot = rest.indexOf('.');
            String option = dot < 0 ? "" : rest.substring(dot + 1);
            return option.equals(MetricOptions.REPORTER_FACTORY_CLASS.key())
                    || option.equals(MetricOptions.REPORTER_INTERVAL.key())
                    || reporterKeys.contains(option);
        }
        return false;
    }
}
