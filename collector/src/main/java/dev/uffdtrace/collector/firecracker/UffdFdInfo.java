package dev.uffdtrace.collector.firecracker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a handed-over descriptor is, read from /proc: a uffd is the anon inode
 * {@code [userfaultfd]}, and its fdinfo line {@code API:\t<api>:<features>:<ioctls>} holds the
 * features the VMM negotiated (the kernel's ctx->features). Bit 31 there is the kernel's private
 * "UFFDIO_API done" flag (6.18; older kernels kept that state elsewhere), not a feature: it is
 * stripped, and its absence is not held against the VMM. This is the only way to learn the features of a uffd
 * someone else opened: a second UFFDIO_API on it fails EINVAL.
 */
final class UffdFdInfo {
    static final String UFFD_LINK = "anon_inode:[userfaultfd]";
    /** {@code UFFD_FEATURE_INITIALIZED} (fs/userfaultfd.c, private): set once UFFDIO_API succeeded. */
    static final long FEATURE_INITIALIZED = 1L << 31;

    private UffdFdInfo() {
    }

    /** The negotiated features of our descriptor {@code fd}, or why it is not a usable uffd. */
    static long negotiatedFeatures(int fd) throws HandoffException {
        String link;
        String info;
        try {
            link = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
            info = Files.readString(Path.of("/proc/self/fdinfo/" + fd));
        } catch (IOException e) {
            throw new HandoffException("cannot inspect the received fd " + fd + ": " + e.getMessage(), e);
        }
        if (!UFFD_LINK.equals(link)) {
            throw new HandoffException("the received fd is not a userfaultfd but " + link);
        }
        return features(info);
    }

    /** The features of an fdinfo text (pure; tested with captured text). */
    static long features(String fdinfo) throws HandoffException {
        for (String line : fdinfo.split("\n")) {
            if (!line.startsWith("API:")) {
                continue;
            }
            String[] parts = line.substring(4).trim().split(":");
            if (parts.length != 3) {
                throw new HandoffException("unexpected uffd fdinfo line: " + line);
            }
            long raw;
            try {
                raw = Long.parseUnsignedLong(parts[1], 16);
            } catch (NumberFormatException e) {
                throw new HandoffException("unexpected uffd fdinfo line: " + line, e);
            }
            return raw & ~FEATURE_INITIALIZED;
        }
        throw new HandoffException("uffd fdinfo has no API line");
    }
}
