package dev.uffdtrace.collector.firecracker;

/**
 * Constants and byte layouts of the socket structs (x86_64 / aarch64 LP64, sys/socket.h,
 * sys/un.h, bits/socket.h), kept in one place as {@code collector.linux.Layouts} does for uffd.
 */
final class SocketLayouts {
    private SocketLayouts() {
    }

    static final int AF_UNIX = 1;
    static final int SOCK_STREAM = 1;
    /** {@code SOCK_CLOEXEC} (= O_CLOEXEC, 02000000). */
    static final int SOCK_CLOEXEC = 0x80000;
    static final int SOL_SOCKET = 1;
    /** {@code SCM_RIGHTS}: the ancillary data carries file descriptors. */
    static final int SCM_RIGHTS = 1;
    /** {@code SO_PEERCRED}: the connected peer's {@code struct ucred}. */
    static final int SO_PEERCRED = 17;
    /** {@code MSG_CTRUNC}: ancillary data was cut (more fds than the buffer holds). */
    static final int MSG_CTRUNC = 0x8;
    /** {@code MSG_NOSIGNAL}: a send to a closed peer fails EPIPE instead of raising SIGPIPE. */
    static final int MSG_NOSIGNAL = 0x4000;
    /** {@code MSG_CMSG_CLOEXEC}: received fds get O_CLOEXEC. */
    static final int MSG_CMSG_CLOEXEC = 0x40000000;
    static final short POLLIN = 0x1;
    static final short POLLERR = 0x8;
    static final short POLLHUP = 0x10;
    static final short POLLRDHUP = 0x2000;

    /** {@code struct sockaddr_un { sa_family_t sun_family; char sun_path[108]; }} */
    static final int SUN_FAMILY = 0;
    static final int SUN_PATH = 2;
    static final int SUN_PATH_MAX = 108;
    static final int SOCKADDR_UN_SIZE = 110;

    /** {@code struct iovec { void *iov_base; size_t iov_len; }} */
    static final int IOV_BASE = 0;
    static final int IOV_LEN = 8;
    static final int IOVEC_SIZE = 16;

    /** {@code struct msghdr}: name, namelen (+4 padding), iov, iovlen, control, controllen, flags (+4). */
    static final int MSG_NAME = 0;
    static final int MSG_NAMELEN = 8;
    static final int MSG_IOV = 16;
    static final int MSG_IOVLEN = 24;
    static final int MSG_CONTROL = 32;
    static final int MSG_CONTROLLEN = 40;
    static final int MSG_FLAGS = 48;
    static final int MSGHDR_SIZE = 56;

    /** {@code struct cmsghdr { size_t cmsg_len; int cmsg_level; int cmsg_type; }} then the data, 8-aligned. */
    static final int CMSG_LEN = 0;
    static final int CMSG_LEVEL = 8;
    static final int CMSG_TYPE = 12;
    static final int CMSG_DATA = 16;

    /** {@code struct ucred { pid_t pid; uid_t uid; gid_t gid; }} */
    static final int UCRED_PID = 0;
    static final int UCRED_UID = 4;
    static final int UCRED_GID = 8;
    static final int UCRED_SIZE = 12;

    /** {@code struct pollfd { int fd; short events; short revents; }} */
    static final int POLLFD_FD = 0;
    static final int POLLFD_EVENTS = 4;
    static final int POLLFD_REVENTS = 6;
    static final int POLLFD_SIZE = 8;

    /** {@code CMSG_SPACE(n)}: header plus {@code n} data bytes rounded up to 8. */
    static int cmsgSpace(int n) {
        return CMSG_DATA + ((n + 7) & ~7);
    }

    /** {@code CMSG_LEN(n)}: header plus {@code n} data bytes, unpadded. */
    static int cmsgLen(int n) {
        return CMSG_DATA + n;
    }
}
