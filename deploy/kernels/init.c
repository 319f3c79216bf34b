/*
 * PID 1 of the probe-kernel.sh guest (built static, the only program in its initramfs).
 * Loads the modules listed in /modules.list (in that order: dependencies first), mounts the
 * host's root read-only over 9p (tag hostroot) as the new root, and in it: proc, sysfs,
 * devtmpfs, a tmpfs /dev/shm, the ext4 scratch disk /dev/vda on /var/tmp (the probe's disk-file
 * memory) and the writable 9p share "out" on the directory named in the first line of
 * /probe.args. Then it runs the rest of /probe.args (one argument per line) in that root,
 * syncs and powers the machine off whatever happened, so QEMU always exits.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static void off(void) {
    sync();
    reboot(RB_POWER_OFF);
    for (;;) pause();
}

static void load_modules(void) {
    FILE *list = fopen("/modules.list", "r");
    char line[512];
    if (!list) return;
    while (fgets(line, sizeof line, list)) {
        line[strcspn(line, "\n")] = 0;
        if (!*line) continue;
        int fd = open(line, O_RDONLY | O_CLOEXEC);
        if (fd < 0 || (syscall(SYS_finit_module, fd, "", 0) != 0 && errno != EEXIST))
            printf("init: module %s: %s\n", line, strerror(errno));
        if (fd >= 0) close(fd);
    }
    fclose(list);
}

/* devices appear while their drivers probe: retry a mount for up to ~10 s */
static int mount_retry(const char *src, const char *dst, const char *type, unsigned long flags, const char *data) {
    for (int i = 0; i < 100; i++) {
        if (mount(src, dst, type, flags, data) == 0) return 0;
        usleep(100000);
    }
    printf("init: mount %s on %s (%s): %s\n", src, dst, type, strerror(errno));
    return -1;
}

int main(void) {
    static char *argv[64];
    static char outdir[4096];
    char line[4096];
    int argc = 0;

    mkdir("/dev", 0755); mkdir("/proc", 0755); mkdir("/sys", 0755); mkdir("/root", 0755);
    mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);
    mount("proc", "/proc", "proc", 0, NULL);
    mount("sysfs", "/sys", "sysfs", 0, NULL);
    int con = open("/dev/console", O_RDWR);
    if (con >= 0) { dup2(con, 1); dup2(con, 2); }
    setvbuf(stdout, NULL, _IONBF, 0);
    load_modules();

    FILE *args = fopen("/probe.args", "r");
    if (!args || !fgets(outdir, sizeof outdir, args)) { printf("init: no /probe.args\n"); off(); }
    outdir[strcspn(outdir, "\n")] = 0;
    while (argc < 63 && fgets(line, sizeof line, args)) {
        line[strcspn(line, "\n")] = 0;
        argv[argc++] = strdup(line);
    }
    argv[argc] = NULL;

    if (mount_retry("hostroot", "/root", "9p", MS_RDONLY,
                    "trans=virtio,version=9p2000.L,cache=loose,msize=262144") != 0) off();
    mount("proc", "/root/proc", "proc", 0, NULL);
    mount("sysfs", "/root/sys", "sysfs", 0, NULL);
    mount("devtmpfs", "/root/dev", "devtmpfs", 0, NULL);
    /* no tmpfs on /tmp: OUT_DIR may be under it; the JVM's temporary files go to /dev/shm */
    mkdir("/root/dev/shm", 01777);
    mount("tmpfs", "/root/dev/shm", "tmpfs", 0, "size=512m");
    char disk[32] = "/root/var/tmp", out[4200];
    if (mount_retry("/dev/vda", disk, "ext4", 0, NULL) != 0) off();
    snprintf(out, sizeof out, "/root%s", outdir);
    if (mount_retry("out", out, "9p", 0, "trans=virtio,version=9p2000.L,msize=262144") != 0) off();
    if (chroot("/root") != 0 || chdir(outdir) != 0) { printf("init: chroot: %s\n", strerror(errno)); off(); }

    pid_t pid = fork();
    if (pid == 0) {
        char *env[] = {"PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin", "HOME=/tmp", "LANG=C.UTF-8", NULL};
        execve(argv[0], argv, env);
        printf("init: exec %s: %s\n", argv[0], strerror(errno));
        _exit(127);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    printf("init: probe exit status %d\n", WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
    sync();
    umount(outdir);
    umount("/var/tmp");
    off();
}
