package dev.uffdtrace.analyzer.capability;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.uffdtrace.analyzer.trace.MemType;
import dev.uffdtrace.analyzer.trace.Names;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads a capability profile from its JSON form (schema version 1) and writes it back.
 * A declaration may give {@code modes}, {@code ioctls} or both; the missing view is derived
 * (COPY/ZEROPAGE serve MISSING, WRITEPROTECT serves WP, CONTINUE serves MINOR) and
 * {@link ProfileValidator} checks that given views agree. Shape errors are collected as
 * {@link ProfileProblem}s, never thrown one at a time.
 *
 * <pre>{@code
 * {"schemaVersion":1,"name":"linux-6.18","kind":"kernel","version":"6.18",
 *  "features":[...],"modes":["MISSING","WP","MINOR"],"ioctls":["WAKE","COPY",...],
 *  "ioctlFlags":{"COPY":["DONTWAKE","WP"],...},
 *  "contract":{"anon":{"modes":["MISSING","WP"],"ioctls":["COPY",...]},...},
 *  "kernel":{"continueRequiresMinor":false,"types":{"shmem-private":{...}},
 *            "rejectingErrnos":[{"mem":"hugetlb-private","op":"CONTINUE","errno":"EFAULT"}]}}
 * }</pre>
 */
public final class ProfileJson {
    public static final int SCHEMA_VERSION = 1;
    static final Map<String, String> DEFAULT_MODE_IOCTLS = Map.of(
            Names.MODE_MISSING, Names.COPY, Names.MODE_WP, Names.WRITEPROTECT, Names.MODE_MINOR, Names.CONTINUE);

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** A parsed profile with the declarations as they were written (for validation). */
    public record Parsed(CapabilityProfile profile, Map<String, RawDeclaration> declared, List<ProfileProblem> problems) {
    }

    /** A declaration as written: either view may be null when the profile left it out. */
    public record RawDeclaration(String where, MemType mem, Set<String> modes, Set<String> ioctls) {
    }

    private ProfileJson() {
    }

    public static Parsed parse(String json, String fallbackName) {
        List<ProfileProblem> problems = new ArrayList<>();
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            problems.add(new ProfileProblem(fallbackName, null, "not JSON: " + e.getOriginalMessage()));
            return new Parsed(null, Map.of(), problems);
        }
        if (root == null || !root.isObject()) {
            problems.add(new ProfileProblem(fallbackName, null, "a profile must be a JSON object"));
            return new Parsed(null, Map.of(), problems);
        }
        return new Reader(root, fallbackName, problems).read();
    }

    private static final class Reader {
        private final JsonNode root;
        private final List<ProfileProblem> problems;
        private String name;

        Reader(JsonNode root, String fallbackName, List<ProfileProblem> problems) {
            this.root = root;
            this.problems = problems;
            this.name = fallbackName;
        }

        private void problem(String mem, String message) {
            problems.add(new ProfileProblem(name, mem, message));
        }

        Parsed read() {
            JsonNode n = root.get("name");
            if (n != null && n.isTextual() && !n.asText().isBlank()) {
                name = n.asText();
            } else {
                problem(null, "'name' must be a non-empty string");
            }
            JsonNode sv = root.get("schemaVersion");
            if (sv == null || !sv.isInt() || sv.asInt() != SCHEMA_VERSION) {
                problem(null, "'schemaVersion' must be " + SCHEMA_VERSION + ", was " + sv);
            }
            String kind = text("kind", CapabilityProfile.KIND_KERNEL);
            if (!kind.equals(CapabilityProfile.KIND_KERNEL) && !kind.equals(CapabilityProfile.KIND_PROPOSAL)) {
                problem(null, "'kind' must be kernel or proposal, was " + kind);
            }
            String version = text("version", "");
            if (!version.matches("\\d+\\.\\d+")) {
                problem(null, "'version' must be MAJOR.MINOR (e.g. 6.18), was '" + version + "'");
            }
            Set<String> features = names(root.get("features"), "features", null);
            Set<String> modes = names(root.get("modes"), "modes", null);
            Set<String> ioctls = names(root.get("ioctls"), "ioctls", null);
            Map<String, Set<String>> flags = flagMap(root.get("ioctlFlags"));
            Map<String, String> modeIoctls = new LinkedHashMap<>(DEFAULT_MODE_IOCTLS);
            JsonNode mi = root.get("modeIoctls");
            if (mi != null && mi.isObject()) {
                mi.fields().forEachRemaining(e -> modeIoctls.put(e.getKey(), e.getValue().asText()));
            }
            Map<String, RawDeclaration> declared = new LinkedHashMap<>();
            Map<MemType, Declaration> contract = declarations(root.get("contract"), "contract", true, modeIoctls, declared);
            JsonNode kernel = root.get("kernel");
            boolean continueRequiresMinor = true;
            Map<MemType, Declaration> kernelTypes = Map.of();
            List<CapabilityProfile.RejectingErrno> rejecting = new ArrayList<>();
            if (kernel != null && kernel.isObject()) {
                JsonNode crm = kernel.get("continueRequiresMinor");
                if (crm != null) {
                    if (!crm.isBoolean()) {
                        problem(null, "'kernel.continueRequiresMinor' must be a boolean");
                    } else {
                        continueRequiresMinor = crm.asBoolean();
                    }
                }
                kernelTypes = declarations(kernel.get("types"), "kernel.types", false, modeIoctls, declared);
                JsonNode re = kernel.get("rejectingErrnos");
                if (re != null && re.isArray()) {
                    for (JsonNode r : re) {
                        MemType mem = MemType.exact(r.path("mem").asText());
                        if (mem == null || !r.path("op").isTextual() || !r.path("errno").isTextual()) {
                            problem(null, "'kernel.rejectingErrnos' entries need mem, op and errno: " + r);
                        } else {
                            rejecting.add(new CapabilityProfile.RejectingErrno(mem, r.get("op").asText(), r.get("errno").asText()));
                        }
                    }
                }
            } else if (kernel != null) {
                problem(null, "'kernel' must be an object");
            }
            CapabilityProfile p = new CapabilityProfile(name, kind, version, text("description", ""), features, modes,
                    ioctls, flags, modeIoctls, contract, kernelTypes, continueRequiresMinor, rejecting);
            return new Parsed(p, declared, problems);
        }

        private String text(String field, String dflt) {
            JsonNode n = root.get(field);
            if (n == null) {
                return dflt;
            }
            if (!n.isTextual()) {
                problem(null, "'" + field + "' must be a string");
                return dflt;
            }
            return n.asText();
        }

        private Set<String> names(JsonNode n, String where, String mem) {
            Set<String> out = new LinkedHashSet<>();
            if (n == null) {
                return out;
            }
            if (!n.isArray()) {
                problem(mem, "'" + where + "' must be an array of names");
                return out;
            }
            for (JsonNode e : n) {
                if (!e.isTextual() || e.asText().isBlank()) {
                    problem(mem, "'" + where + "' holds a non-name: " + e);
                } else {
                    out.add(e.asText());
                }
            }
            return out;
        }

        private Map<String, Set<String>> flagMap(JsonNode n) {
            Map<String, Set<String>> out = new TreeMap<>();
            if (n == null) {
                return out;
            }
            if (!n.isObject()) {
                problem(null, "'ioctlFlags' must be an object of op -> flags");
                return out;
            }
            n.fields().forEachRemaining(e -> out.put(e.getKey(), names(e.getValue(), "ioctlFlags." + e.getKey(), null)));
            return out;
        }

        private Map<MemType, Declaration> declarations(JsonNode n, String where, boolean backingOnly,
                                                       Map<String, String> modeIoctls,
                                                       Map<String, RawDeclaration> declared) {
            Map<MemType, Declaration> out = new TreeMap<>();
            if (n == null) {
                return out;
            }
            if (!n.isObject()) {
                problem(null, "'" + where + "' must be an object of memory type -> declaration");
                return out;
            }
            Iterator<Map.Entry<String, JsonNode>> it = n.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                MemType mem = MemType.exact(e.getKey());
                if (mem == null) {
                    problem(e.getKey(), "'" + where + "' names an unknown memory type '" + e.getKey() + "'");
                    continue;
                }
                if (backingOnly && mem.isPrivateMapping()) {
                    problem(e.getKey(), "the contract declares backing types only; " + e.getKey()
                            + " has its backing type's declaration");
                    continue;
                }
                JsonNode d = e.getValue();
                if (!d.isObject()) {
                    problem(e.getKey(), "a declaration must be an object with modes and/or ioctls");
                    continue;
                }
                Set<String> modes = d.has("modes") ? names(d.get("modes"), where + "." + e.getKey() + ".modes", e.getKey()) : null;
                Set<String> ioctls = d.has("ioctls") ? names(d.get("ioctls"), where + "." + e.getKey() + ".ioctls", e.getKey()) : null;
                declared.put(where + "." + e.getKey(), new RawDeclaration(where, mem, modes, ioctls));
                out.put(mem, derive(modes, ioctls, modeIoctls));
            }
            return out;
        }
    }

    /** Fills in whichever view a declaration left out. */
    static Declaration derive(Set<String> modes, Set<String> ioctls, Map<String, String> modeIoctls) {
        Set<String> m = modes != null ? new LinkedHashSet<>(modes) : new LinkedHashSet<>();
        Set<String> i = ioctls != null ? new LinkedHashSet<>(ioctls) : new LinkedHashSet<>();
        if (modes == null && ioctls != null) {
            for (String op : ioctls) {
                if (Names.ZEROPAGE.equals(op)) {
                    m.add(Names.MODE_MISSING);
                }
                modeIoctls.forEach((mode, serving) -> {
                    if (serving.equals(op)) {
                        m.add(mode);
                    }
                });
            }
        }
        if (ioctls == null && modes != null) {
            for (String mode : modes) {
                String serving = modeIoctls.get(mode);
                if (serving != null) {
                    i.add(serving);
                }
            }
        }
        i.removeAll(Names.IMPLICIT_IOCTLS);
        return new Declaration(m, i);
    }

    /** The profile as JSON (both views of every declaration written out). */
    public static String write(CapabilityProfile p) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("schemaVersion", SCHEMA_VERSION);
        root.put("name", p.name());
        root.put("kind", p.kind());
        root.put("version", p.version());
        root.put("description", p.description());
        array(root.putArray("features"), sortedFeatures(p.features()));
        array(root.putArray("modes"), new java.util.TreeSet<>(p.modes()));
        array(root.putArray("ioctls"), new java.util.TreeSet<>(p.ioctls()));
        ObjectNode flags = root.putObject("ioctlFlags");
        new TreeMap<>(p.ioctlFlags()).forEach((op, f) -> array(flags.putArray(op), new java.util.TreeSet<>(f)));
        ObjectNode contract = root.putObject("contract");
        new TreeMap<>(p.contract()).forEach((mem, d) -> declaration(contract.putObject(mem.wireName()), d));
        ObjectNode kernel = root.putObject("kernel");
        kernel.put("continueRequiresMinor", p.continueRequiresMinor());
        ObjectNode types = kernel.putObject("types");
        new TreeMap<>(p.kernelTypes()).forEach((mem, d) -> declaration(types.putObject(mem.wireName()), d));
        ArrayNode re = kernel.putArray("rejectingErrnos");
        for (CapabilityProfile.RejectingErrno r : p.rejectingErrnos()) {
            re.addObject().put("mem", r.mem().wireName()).put("op", r.op()).put("errno", r.errno());
        }
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> sortedFeatures(Set<String> features) {
        List<String> out = new ArrayList<>();
        for (String f : Names.FEATURES) {
            if (features.contains(f)) {
                out.add(f);
            }
        }
        features.stream().filter(f -> !Names.FEATURES.contains(f)).sorted().forEach(out::add);
        return out;
    }

    private static void declaration(ObjectNode o, Declaration d) {
        array(o.putArray("modes"), new java.util.TreeSet<>(d.modes()));
        array(o.putArray("ioctls"), new java.util.TreeSet<>(d.ioctls()));
    }

    private static void array(ArrayNode a, Iterable<String> values) {
        values.forEach(a::add);
    }
}
