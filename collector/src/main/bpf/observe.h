/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The few kernel types observe.bpf.c needs, instead of a whole vmlinux.h: fixed integer types,
 * the sched_process_exit tracepoint context (its offsets are those of its format file under
 * /sys/kernel/tracing/events, an ABI), and the structs read with CO-RE relocations
 * (preserve_access_index: libbpf fixes the offsets from the running kernel's BTF at load), pt_regs
 * among them (the raw sys_enter/sys_exit tracepoints' argument).
 *
 * The record layout here is mirrored by dev.uffdtrace.collector.observe.ObsRecord: change both.
 */
#ifndef UFFDTRACE_OBSERVE_H
#define UFFDTRACE_OBSERVE_H

typedef unsigned char __u8;
typedef unsigned short __u16;
typedef unsigned int __u32;
typedef int __s32;
typedef unsigned long long __u64;
typedef long long __s64;
typedef __u16 __be16;
typedef __u32 __be32;
typedef __u32 __wsum;

enum bpf_map_type_min {
	BPF_MAP_TYPE_HASH = 1,
	BPF_MAP_TYPE_ARRAY = 2,
	BPF_MAP_TYPE_RINGBUF = 27,
	BPF_MAP_TYPE_TASK_STORAGE = 29,
};
#define BPF_ANY 0
#define BPF_NOEXIST 1
#define BPF_RB_NO_WAKEUP 1
#define BPF_F_NO_PREALLOC 1
#define BPF_LOCAL_STORAGE_GET_F_CREATE 1

#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

/* CO-RE: only the members read; libbpf matches them by name in the kernel's BTF */
struct super_block {
	unsigned long s_blocksize;
	unsigned long s_magic;
} __attribute__((preserve_access_index));
struct inode {
	struct super_block *i_sb;
} __attribute__((preserve_access_index));
struct file {
	struct inode *f_inode;
} __attribute__((preserve_access_index));
/*
 * A file's reference count, which moved: Linux 6.13 and later keep file_ref_t f_ref, whose
 * counter holds the references less one; earlier kernels atomic_long_t f_count, the references.
 * The flavours (___ref, ___count) let one object read whichever the running kernel has.
 */
typedef struct {
	__s64 counter;
} obs_atomic64;
typedef struct {
	obs_atomic64 refcnt;
} obs_file_ref;
struct file___ref {
	obs_file_ref f_ref;
} __attribute__((preserve_access_index));
struct file___count {
	obs_atomic64 f_count;
} __attribute__((preserve_access_index));
struct vm_area_struct {
	unsigned long vm_start;
	unsigned long vm_end;
	unsigned long vm_flags;
	struct file *vm_file;
} __attribute__((preserve_access_index));
struct fdtable {
	unsigned int max_fds;
	struct file **fd;
} __attribute__((preserve_access_index));
struct files_struct {
	struct fdtable *fdt;
} __attribute__((preserve_access_index));
struct task_struct {
	struct files_struct *files;
} __attribute__((preserve_access_index));
/* x86-64: a syscall's saved user registers (the raw sys_enter/sys_exit tracepoints' first
 * argument): its number in orig_ax, its first three arguments in di, si, dx, intact at sys_exit */
struct pt_regs {
	unsigned long dx;
	unsigned long si;
	unsigned long di;
	unsigned long orig_ax;
} __attribute__((preserve_access_index));

/* x86-64 syscall numbers (asm/unistd_64.h) */
#define NR_read 0
#define NR_close 3
#define NR_ioctl 16
#define NR_userfaultfd 323

/* sched:sched_process_exit */
struct tp_process_exit {
	__u64 common;
	char comm[16];
	__s32 pid;
	__s32 prio;
	_Bool group_dead;
};

/* include/uapi/linux/userfaultfd.h */
#define UFFDIO_TYPE 0xAA
#define USERFAULTFD_IOC_NEW 0xAA00
#define NR_REGISTER 0x00
#define NR_UNREGISTER 0x01
#define NR_POISON 0x08
#define NR_API 0x3F
#define UFFD_EVENT_PAGEFAULT 0x12
#define UFFD_EVENT_FORK 0x13

#define MAX_MSGS 64
#define MAX_RANGES 16

/* record kinds (ObsRecord.Kind) */
#define REC_CREATE 1
#define REC_IOCTL 2
#define REC_MSG 3
#define REC_FORKED 4
#define REC_CLOSE 5
#define REC_HANDOFF 6
#define REC_ADOPT 7
#define REC_UFAULT 8
#define REC_EXIT 9

#define VIA_SYSCALL 0
#define VIA_DEV 1

/* calls in flight (0: none) */
#define CALL_NONE 0
#define CALL_CREATE 1
#define CALL_DEVNEW 2
#define CALL_IOCTL 3

/* counters: ioctls[nr] for the range ioctls, API at COUNTER_API */
#define COUNTER_OPS 10
#define COUNTER_API 9

/*
 * One record, at most 128 bytes, little-endian; each kind is only as long as the fields it uses
 * (REC_LEN_*: a fault's records take 96 + 128 + 48 bytes of the ring instead of 3 x 128, so the
 * ring holds more faults before it drops any). User space reads a missing field as 0.
 *   0 kind u32, 4 tgid u32, 8 tid u32, 12 fd s32, 16 ctx u64, 24 ts u64 (CLOCK_MONOTONIC ns),
 *  32 a u64, 40 b u64, 48 ret s64, 56 dur u64, 64 data[64]
 * CREATE (72): a via, b flags, ret fd, data[0..8] the struct file pointer. IOCTL (128): a cmd,
 * b features asked (API, read at enter), ret, dur, data = the ioctl's arg struct (its _IOC_SIZE,
 * at most 40 bytes, the rest zero) read at exit, and for REGISTER struct obs_vma at data[40..64]
 * (the mapping found with bpf_find_vma at enter, before the call changed it).
 * MSG (96): a index in the read, b messages read, dur 0 (only the read's exit is traced, so its
 * duration is not known), data = the uffd_msg (32 bytes). FORKED (72): ctx = child, a = parent
 * ctx, fd = child's fd, data[0..8] the child's struct file pointer. HANDOFF/ADOPT (40): a = struct
 * file pointer. UFAULT (48): a address, b error code. CLOSE, EXIT (32): header only.
 */
#define REC_LEN_HEADER 32
#define REC_LEN_FILE 40		/* HANDOFF, ADOPT */
#define REC_LEN_UFAULT 48
#define REC_LEN_CREATE 72	/* CREATE, FORKED */
#define REC_LEN_MSG 96
#define REC_LEN_IOCTL 128

struct obs_rec {
	__u32 kind;
	__u32 tgid;
	__u32 tid;
	__s32 fd;
	__u64 ctx;
	__u64 ts;
	__u64 a;
	__u64 b;
	__s64 ret;
	__u64 dur;
	__u8 data[64];
};

/* REGISTER: the mapping at range.start when the call began (IOCTL record data[40..64]) */
struct obs_vma {
	__u64 vm_flags;		/* 0: no mapping there */
	__u64 s_magic;		/* the backing file's filesystem magic, 0 for anonymous memory */
	__u64 s_blocksize;	/* hugetlbfs: the huge page size */
};

struct obs_cfg {
	__u32 counters_only;
	__u32 max_msgs;
	__u32 target_tgid;	/* --pid, 0 for every process */
	__u32 pad;
};

struct obs_call {
	__u32 kind;
	__u32 cmd;
	__s64 fd;
	__u64 ctx;
	__u64 arg;
	__u64 t0;
	__u64 in_features;
	struct obs_vma vma;
};

struct obs_ranges {
	__u64 start[MAX_RANGES];
	__u64 end[MAX_RANGES];
};

struct obs_counters {
	__u64 faults;
	__u64 errors;
	__u64 ioctls[COUNTER_OPS];
};

#endif
