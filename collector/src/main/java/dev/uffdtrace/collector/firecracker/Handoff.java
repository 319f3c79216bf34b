package dev.uffdtrace.collector.firecracker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The regions message a Firecracker VMM sends with its uffd: a JSON array of
 * {@code {"base_host_virt_addr", "size", "offset", "page_size"}} objects (Firecracker before 1.7:
 * {@code page_size_kib} instead of {@code page_size}). Pure: parsing and validation only.
 */
public final class Handoff {
    /** Trailing bytes after the array are an error, not silently ignored. */
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private Handoff() {
    }

    /** True while {@code json} is a prefix of a JSON document: more bytes may complete it. */
    static boolean incomplete(byte[] json, int length) {
        try {
            JsonNode n = JSON.readTree(json, 0, length);
            return n == null || n.isMissingNode();
        } catch (JsonEOFException e) {
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /**
     * The regions of {@code json} in the message's order (Firecracker's guest memory order, so
     * {@code region-i} is the VMM's i-th region), checked against each other and against a
     * memory file of {@code memFileSize} bytes.
     */
    public static List<GuestRegion> parse(byte[] json, int length, long memFileSize) throws HandoffException {
        JsonNode root;
        try {
            root = JSON.readTree(json, 0, length);
        } catch (JsonProcessingException e) {
            throw new HandoffException("regions message is not JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new HandoffException("regions message cannot be read: " + e.getMessage(), e);
        }
        if (root == null || root.isMissingNode() || !root.isArray()) {
            throw new HandoffException("regions message: expected a JSON array of regions");
        }
        if (root.isEmpty()) {
            throw new HandoffException("regions message: no regions");
        }
        List<GuestRegion> regions = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            regions.add(region(root.get(i), i));
        }
        List<GuestRegion> sorted = new ArrayList<>(regions);
        sorted.sort(Comparator.comparingLong(GuestRegion::baseHostVirtAddr));
        check(sorted, memFileSize);
        return List.copyOf(regions);
    }

    private static GuestRegion region(JsonNode n, int i) throws HandoffException {
        if (!n.isObject()) {
            throw new HandoffException("region " + i + ": expected an object");
        }
        long pageSize;
        if (n.hasNonNull("page_size")) {
            pageSize = number(n, "page_size", i);
        } else if (n.hasNonNull("page_size_kib")) {
            long kib = number(n, "page_size_kib", i);
            if (kib > Long.MAX_VALUE / 1024) {
                throw new HandoffException("region " + i + ": page_size_kib too large: " + kib);
            }
            pageSize = kib * 1024;
        } else {
            throw new HandoffException("region " + i + ": missing page_size (or page_size_kib)");
        }
        try {
            return new GuestRegion(number(n, "base_host_virt_addr", i), number(n, "size", i),
                    number(n, "offset", i), pageSize);
        } catch (IllegalArgumentException e) {
            throw new HandoffException("region " + i + ": " + e.getMessage());
        }
    }

    private static long number(JsonNode n, String field, int i) throws HandoffException {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            throw new HandoffException("region " + i + ": missing " + field);
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < 0) {
            throw new HandoffException("region " + i + ": " + field + " must be a non-negative integer, was " + v);
        }
        return v.asLong();
    }

    /** Regions sorted by address must not overlap, and each must lie inside the memory file. */
    private static void check(List<GuestRegion> sorted, long memFileSize) throws HandoffException {
        for (int i = 0; i < sorted.size(); i++) {
            GuestRegion r = sorted.get(i);
            if (r.offset() + r.size() > memFileSize) {
                throw new HandoffException(String.format("region at 0x%x: offset %d + size %d is beyond the "
                        + "memory file (%d bytes)", r.baseHostVirtAddr(), r.offset(), r.size(), memFileSize));
            }
            if (i > 0 && sorted.get(i - 1).end() > r.baseHostVirtAddr()) {
                throw new HandoffException(String.format("regions overlap: [0x%x, 0x%x) and [0x%x, 0x%x)",
                        sorted.get(i - 1).baseHostVirtAddr(), sorted.get(i - 1).end(), r.baseHostVirtAddr(),
                        r.end()));
            }
        }
    }
}
