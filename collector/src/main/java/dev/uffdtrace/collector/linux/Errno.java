package dev.uffdtrace.collector.linux;

/** Symbolic names of the errno values (asm-generic/errno-base.h, errno.h) a uffd program meets. */
public final class Errno {
    public static final int EPERM = 1;
    public static final int ENOENT = 2;
    public static final int ESRCH = 3;
    public static final int EINTR = 4;
    public static final int EIO = 5;
    public static final int EBADF = 9;
    public static final int EAGAIN = 11;
    public static final int ENOMEM = 12;
    public static final int EACCES = 13;
    public static final int EFAULT = 14;
    public static final int EBUSY = 16;
    public static final int EEXIST = 17;
    public static final int ENODEV = 19;
    public static final int EINVAL = 22;
    public static final int ENOTTY = 25;
    public static final int ENOSPC = 28;
    public static final int ENOSYS = 38;
    public static final int EOPNOTSUPP = 95;

    private static final String[] NAMES = new String[134];

    static {
        String[][] table = {
            {"1", "EPERM"}, {"2", "ENOENT"}, {"3", "ESRCH"}, {"4", "EINTR"}, {"5", "EIO"}, {"6", "ENXIO"},
            {"7", "E2BIG"}, {"9", "EBADF"}, {"10", "ECHILD"}, {"11", "EAGAIN"}, {"12", "ENOMEM"},
            {"13", "EACCES"}, {"14", "EFAULT"}, {"16", "EBUSY"}, {"17", "EEXIST"}, {"19", "ENODEV"},
            {"20", "ENOTDIR"}, {"21", "EISDIR"}, {"22", "EINVAL"}, {"23", "ENFILE"}, {"24", "EMFILE"},
            {"25", "ENOTTY"}, {"27", "EFBIG"}, {"28", "ENOSPC"}, {"30", "EROFS"}, {"34", "ERANGE"},
            {"38", "ENOSYS"}, {"75", "EOVERFLOW"}, {"95", "EOPNOTSUPP"}, {"133", "EHWPOISON"},
        };
        for (String[] row : table) {
            NAMES[Integer.parseInt(row[0])] = row[1];
        }
    }

    private Errno() {
    }

    /** {@code EINVAL} for 22; {@code ERRNO_n} for a number this table lacks; {@code ok} for 0. */
    public static String name(int errno) {
        if (errno == 0) {
            return "ok";
        }
        if (errno > 0 && errno < NAMES.length && NAMES[errno] != null) {
            return NAMES[errno];
        }
        return "ERRNO_" + errno;
    }
}
