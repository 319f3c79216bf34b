// SPDX-License-Identifier: GPL-2.0
/*
 * uffdtrace observe: follows every userfaultfd of the host from the raw syscall and page-fault
 * tracepoints and hands what it sees to user space as records of at most 128 bytes (each kind as
 * long as its fields) through one BPF ring buffer.
 *
 *   sys_exit of userfaultfd / ioctl(USERFAULTFD_IOC_NEW) ─► uffds[(tgid,fd)] = ctx, files[file] = ctx
 *   sys_enter/sys_exit of ioctl on a uffd (type 0xAA)    ─► REC_IOCTL (arg struct read at exit, dur)
 *   sys_exit of read on a uffd (fd, buffer: pt_regs)     ─► REC_MSG per uffd_msg returned (max MAX_MSGS)
 *   sys_enter of close on a uffd                         ─► REC_CLOSE (files[file] dropped with the last reference)
 *   ioctl on an unknown fd whose file is a known uffd    ─► REC_HANDOFF (SCM_RIGHTS, pidfd_getfd, dup)
 *   page_fault_user inside a registration                ─► REC_UFAULT (the faulting thread's time)
 *   sched_process_exit (group dead)                      ─► REC_EXIT (user space closes its uffds)
 *
 * The syscalls and user faults come from BTF-typed raw tracepoints (tp_btf/sys_enter, sys_exit,
 * page_fault_user): the program gets the tracepoint's own arguments (pt_regs and the syscall number
 * or return value; address, regs, error code), where the syscalls:* and exceptions:* events made
 * the kernel build a trace record first, for every matching syscall and every user fault of the
 * host. The price: sys_enter and sys_exit run for every syscall, so each tests the syscall number
 * before anything else. sched_process_exit is rare and stays a tracefs tracepoint.
 *
 * Records are submitted without a wake-up (BPF_RB_NO_WAKEUP): user space reads the ring every
 * millisecond instead, so a busy handler does not pay for a reader wake-up per record.
 * A full ring buffer never blocks anything: the record is counted in drops[ctx] and user space
 * turns the count into a loss event. With cfg.counters_only the ring buffer is not used for
 * ioctls and messages; per-ctx counters are kept instead.
 *
 * Only tracepoint arguments, the sched_process_exit format (/sys/kernel/tracing/events/.../format)
 * and a few CO-RE-relocated fields (task->files->fdt->fd, the VMA of a registration, a syscall's
 * saved registers) are used, so a small hand-written header does.
 *
 * Cost: every syscall and user page fault of the host runs a program, so each leaves at the
 * cheapest test that can tell it is not wanted (the syscall number, a read's length, an ioctl's
 * type byte, the --pid filter) before any hash lookup where it can; see OBSERVE-BENCH.md.
 */
#include "observe.h"

char LICENSE[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 8 << 20);
} events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct obs_cfg);
} cfg SEC(".maps");

/* (tgid << 32 | fd) -> ctx id, for every uffd fd known in every process */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 65536);
	__type(key, __u64);
	__type(value, __u64);
} uffds SEC(".maps");

/* struct file * -> ctx id: how a handed-off fd is recognised as the same uffd */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 65536);
	__type(key, __u64);
	__type(value, __u64);
} files SEC(".maps");

/*
 * Each thread's call in flight (an ioctl, a uffd being made), in task-local storage: made once
 * per thread and reused, so a call costs no hash update and delete (a tid-keyed hash map did, the
 * largest single item in a profile of the programs), and a thread that dies inside a call leaves
 * nothing behind. kind CALL_NONE: no call. (read(2) needs none: see exit_read.)
 */
struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct obs_call);
} calls SEC(".maps");

/* tgid -> registered ranges (filter for page_fault_user) */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4096);
	__type(key, __u32);
	__type(value, struct obs_ranges);
} ranges SEC(".maps");

/* ctx -> records lost because the ring buffer was full */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 65536);
	__type(key, __u64);
	__type(value, __u64);
} drops SEC(".maps");

/* ctx -> counters (--counters) */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 65536);
	__type(key, __u64);
	__type(value, struct obs_counters);
} counters SEC(".maps");

/*
 * With --pid: the ctxs user space publishes (made in or handed to the observed process) and
 * their owners. Faults, range ioctls and user faults of other uffds are not sent at all; their
 * creation, API, REGISTER, UNREGISTER and close still are (a later handoff needs them).
 */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 65536);
	__type(key, __u64);
	__type(value, __u8);
} watched SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4096);
	__type(key, __u32);
	__type(value, __u8);
} watched_tgids SEC(".maps");

/* index 0: the next ctx id */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} next_ctx SEC(".maps");

static __always_inline struct obs_cfg *config(void)
{
	__u32 zero = 0;
	return bpf_map_lookup_elem(&cfg, &zero);
}

/*
 * Whether the faults and range ioctls of ctx, seen in process tgid, are wanted (see watched).
 * Decided when a call begins, so the calls of uffds nobody publishes cost one or two lookups
 * and nothing more.
 */
static __always_inline int wanted(struct obs_cfg *conf, __u32 tgid, __u64 ctx)
{
	if (!conf || !conf->target_tgid || conf->target_tgid == tgid)
		return 1;
	return bpf_map_lookup_elem(&watched, &ctx) != 0;
}

/* API, REGISTER and UNREGISTER of every uffd are followed: user space needs them to name a ctx later handed over */
static __always_inline int names_ctx(__u32 nr)
{
	return nr == NR_API || nr == NR_REGISTER || nr == NR_UNREGISTER;
}

/* The current thread's call slot, made on its first call; 0 only if the kernel is out of memory. */
static __always_inline struct obs_call *call_slot(void)
{
	return bpf_task_storage_get(&calls, bpf_get_current_task_btf(), 0, BPF_LOCAL_STORAGE_GET_F_CREATE);
}

/* Remembers the call the current thread begins (until its sys_exit takes it). */
static __always_inline void begin_call(const struct obs_call *c)
{
	struct obs_call *slot = call_slot();

	if (slot)
		*slot = *c;
}

/* The call the current thread began, or 0; the caller ends it (kind = CALL_NONE). */
static __always_inline struct obs_call *pending_call(void)
{
	struct obs_call *c = bpf_task_storage_get(&calls, bpf_get_current_task_btf(), 0, 0);

	return c && c->kind != CALL_NONE ? c : 0;
}

static __always_inline __u64 fd_key(__u32 tgid, __s64 fd)
{
	return ((__u64)tgid << 32) | (__u32)fd;
}

static __always_inline __u64 new_ctx(void)
{
	__u32 zero = 0;
	__u64 *n = bpf_map_lookup_elem(&next_ctx, &zero);
	if (!n)
		return 0;
	return __sync_fetch_and_add(n, 1) + 1;
}

/* The struct file * behind fd in the current process (0 if none). */
static __always_inline __u64 file_of(__s64 fd)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	struct fdtable *fdt = BPF_CORE_READ(task, files, fdt);
	unsigned int max = BPF_CORE_READ(fdt, max_fds);
	struct file **fds = BPF_CORE_READ(fdt, fd);
	__u64 f = 0;

	if (fd < 0 || fd >= max)
		return 0;
	bpf_probe_read_kernel(&f, sizeof(f), &fds[fd]);
	return f;
}

static __always_inline void count_drops(__u64 ctx, __u64 n)
{
	__u64 *d = bpf_map_lookup_elem(&drops, &ctx);
	if (d)
		__sync_fetch_and_add(d, n);
	else if (bpf_map_update_elem(&drops, &ctx, &n, BPF_NOEXIST))
		/* another CPU created it meanwhile */
		if ((d = bpf_map_lookup_elem(&drops, &ctx)))
			__sync_fetch_and_add(d, n);
}

/*
 * A record of len bytes (REC_LEN_*, a constant: the verifier then refuses a write past it) with
 * its header filled in; the caller writes every other field of its kind (nothing is zeroed
 * twice). ts is the caller's one clock read (0: read it here).
 */
static __always_inline struct obs_rec *reserve_at(__u32 kind, __u64 ctx, __s64 fd, __u64 ts, __u32 len)
{
	struct obs_rec *r = bpf_ringbuf_reserve(&events, len, 0);
	__u64 id = bpf_get_current_pid_tgid();

	if (!r) {
		count_drops(ctx, 1);
		return 0;
	}
	r->kind = kind;
	r->tgid = id >> 32;
	r->tid = (__u32)id;
	r->fd = (__s32)fd;
	r->ctx = ctx;
	r->ts = ts ? ts : bpf_ktime_get_ns();
	return r;
}

static __always_inline struct obs_rec *reserve(__u32 kind, __u64 ctx, __s64 fd, __u32 len)
{
	return reserve_at(kind, ctx, fd, 0, len);
}

/* CREATE and FORKED: a, b, the fd as ret, and the uffd's struct file pointer in data[0..8] */
static __always_inline void submit_new(__u32 kind, __u64 ctx, __s64 fd, __u64 a, __u64 b, __u64 file)
{
	struct obs_rec *r = reserve(kind, ctx, fd, REC_LEN_CREATE);

	if (!r)
		return;
	r->a = a;
	r->b = b;
	r->ret = fd;
	r->dur = 0;
	*(__u64 *)r->data = file;
	bpf_ringbuf_submit(r, BPF_RB_NO_WAKEUP);
}

/* A new uffd: remember its fd and file, tell user space. */
static __always_inline void created(__s64 fd, __u32 via, __u64 flags)
{
	__u64 ctx = new_ctx(), f = file_of(fd);
	__u64 key = fd_key(bpf_get_current_pid_tgid() >> 32, fd);

	bpf_map_update_elem(&uffds, &key, &ctx, BPF_ANY);
	if (f)
		bpf_map_update_elem(&files, &f, &ctx, BPF_ANY);
	submit_new(REC_CREATE, ctx, fd, via, flags, f);
}

static __always_inline void enter_userfaultfd(__u64 flags)
{
	struct obs_call c = {.kind = CALL_CREATE, .arg = flags, .t0 = bpf_ktime_get_ns()};

	begin_call(&c);
}

static __always_inline void exit_userfaultfd(__s64 ret)
{
	struct obs_call *c = pending_call();
	__u64 flags;

	if (!c)
		return;
	c->kind = CALL_NONE;
	flags = c->arg;
	if (ret >= 0)
		created(ret, VIA_SYSCALL, flags);
}

/* An fd not known as a uffd used with a uffd ioctl: a handed-off uffd, or one created before we attached. */
static __always_inline __u64 adopt(__s64 fd)
{
	__u64 f = file_of(fd), *known, ctx;
	__u64 key = fd_key(bpf_get_current_pid_tgid() >> 32, fd);
	__u32 kind = REC_HANDOFF;
	struct obs_rec *r;

	if (!f)
		return 0;
	known = bpf_map_lookup_elem(&files, &f);
	if (known) {
		ctx = *known;
	} else {
		ctx = new_ctx();
		kind = REC_ADOPT;
		bpf_map_update_elem(&files, &f, &ctx, BPF_ANY);
	}
	bpf_map_update_elem(&uffds, &key, &ctx, BPF_ANY);
	r = reserve(kind, ctx, fd, REC_LEN_FILE);
	if (r) {
		r->a = f;
		bpf_ringbuf_submit(r, BPF_RB_NO_WAKEUP);
	}
	return ctx;
}

/* bpf_find_vma callback: what the memory type and page size of a registration depend on */
static long vma_of(struct task_struct *task, struct vm_area_struct *vma, struct obs_vma *out)
{
	struct file *f = BPF_CORE_READ(vma, vm_file);

	out->vm_flags = BPF_CORE_READ(vma, vm_flags);
	if (f) {
		out->s_magic = BPF_CORE_READ(f, f_inode, i_sb, s_magic);
		out->s_blocksize = BPF_CORE_READ(f, f_inode, i_sb, s_blocksize);
	}
	return 0;
}

static __always_inline void enter_ioctl(__s64 fd, __u32 cmd, __u64 arg)
{
	__u32 nr = cmd & 0xff;
	__u64 id, key, *known, uffd = 0;
	struct obs_call *c;

	if (((cmd >> 8) & 0xff) != UFFDIO_TYPE)
		return;
	id = bpf_get_current_pid_tgid();
	key = fd_key(id >> 32, fd);
	known = bpf_map_lookup_elem(&uffds, &key);
	if (known)
		uffd = *known;
	if (cmd == USERFAULTFD_IOC_NEW) {
		/* on /dev/userfaultfd: the return value is the new uffd */
		struct obs_call dev = {.kind = CALL_DEVNEW, .arg = arg, .t0 = bpf_ktime_get_ns()};
		begin_call(&dev);
		return;
	}
	if (!uffd) {
		if (nr != NR_API && nr > NR_POISON)
			return;
		uffd = adopt(fd);
		if (!uffd)
			return;
	}
	if (!names_ctx(nr) && !wanted(config(), id >> 32, uffd))
		return;
	c = call_slot();
	if (!c)
		return;
	/* written in place: a range ioctl (the hot path) stores six fields and copies nothing */
	c->cmd = cmd;
	c->fd = fd;
	c->ctx = uffd;
	c->arg = arg;
	c->in_features = 0;
	if (nr == NR_API)
		bpf_probe_read_user(&c->in_features, sizeof(c->in_features), (void *)(arg + 8));
	if (nr == NR_REGISTER) {
		struct obs_vma vma = {};
		__u64 start = 0;
		bpf_probe_read_user(&start, sizeof(start), (void *)arg);
		bpf_find_vma(bpf_get_current_task_btf(), start, vma_of, &vma, 0);
		c->vma = vma;
	}
	c->kind = CALL_IOCTL;
	c->t0 = bpf_ktime_get_ns();
	return;
}

static __always_inline void add_range(__u32 tgid, __u64 start, __u64 len)
{
	struct obs_ranges zero = {}, *rs = bpf_map_lookup_elem(&ranges, &tgid);
	int i;

	if (!rs) {
		bpf_map_update_elem(&ranges, &tgid, &zero, BPF_NOEXIST);
		rs = bpf_map_lookup_elem(&ranges, &tgid);
		if (!rs)
			return;
	}
	for (i = 0; i < MAX_RANGES; i++) {
		if (rs->end[i] == 0) {
			rs->start[i] = start;
			rs->end[i] = start + len;
			return;
		}
	}
}

static __always_inline void remove_range(__u32 tgid, __u64 start, __u64 len)
{
	struct obs_ranges *rs = bpf_map_lookup_elem(&ranges, &tgid);
	int i;

	if (!rs)
		return;
	for (i = 0; i < MAX_RANGES; i++) {
		if (rs->start[i] >= start && rs->end[i] <= start + len) {
			rs->start[i] = 0;
			rs->end[i] = 0;
		}
	}
}

/* ctx's counters (--counters), made on first use */
static __always_inline struct obs_counters *counters_of(__u64 ctx)
{
	struct obs_counters zero = {}, *k = bpf_map_lookup_elem(&counters, &ctx);

	if (!k) {
		bpf_map_update_elem(&counters, &ctx, &zero, BPF_NOEXIST);
		k = bpf_map_lookup_elem(&counters, &ctx);
	}
	return k;
}

static __always_inline void count_ioctl(struct obs_call *c, __s64 ret)
{
	struct obs_counters *k = counters_of(c->ctx);
	__u32 nr = c->cmd & 0xff;

	if (!k)
		return;
	if (nr == NR_API)
		nr = COUNTER_API;
	if (nr < COUNTER_OPS)
		__sync_fetch_and_add(&k->ioctls[nr], 1);
	if (ret < 0)
		__sync_fetch_and_add(&k->errors, 1);
}

static __always_inline void exit_ioctl(__s64 ret)
{
	struct obs_call *c = pending_call();
	struct obs_cfg *conf;
	struct obs_rec *r;
	__u64 arg[5] = {}, now;
	__u32 nr, size;

	if (!c)
		return;
	if (c->kind == CALL_DEVNEW) {
		if (ret >= 0)
			created(ret, VIA_DEV, c->arg);
		goto out;
	}
	if (c->kind != CALL_IOCTL)
		goto out;
	now = bpf_ktime_get_ns();
	nr = c->cmd & 0xff;
	conf = config();
	if (conf && conf->counters_only) {
		count_ioctl(c, ret);
		/* API, REGISTER and UNREGISTER still go out: user space needs them to name the ctx */
		if (!names_ctx(nr))
			goto out;
	}
	/*
	 * The argument struct as the kernel left it (bytes written back), read once onto the stack.
	 * Its size is the one the command encodes (_IOC_SIZE), so a struct at the end of a page
	 * followed by an unmapped one is still read.
	 */
	size = (c->cmd >> 16) & 0x3fff;
	if (size > sizeof(arg))
		size = sizeof(arg);
	bpf_probe_read_user(arg, size, (void *)c->arg);
	if (nr == NR_REGISTER && c->vma.vm_flags == 0) {
		/* bpf_find_vma only trylocks mmap_lock: when another thread of the process held it at
		 * enter (a JVM maps and unmaps all the time), try once more now */
		struct obs_vma again = {};
		bpf_find_vma(bpf_get_current_task_btf(), arg[0], vma_of, &again, 0);
		c->vma = again;
	}
	if (ret == 0 && nr == NR_REGISTER)
		add_range(bpf_get_current_pid_tgid() >> 32, arg[0], arg[1]);
	else if (ret == 0 && nr == NR_UNREGISTER)
		remove_range(bpf_get_current_pid_tgid() >> 32, arg[0], arg[1]);
	r = reserve_at(REC_IOCTL, c->ctx, c->fd, now, REC_LEN_IOCTL);
	if (r) {
		r->a = c->cmd;
		r->b = c->in_features;
		r->ret = ret;
		r->dur = now - c->t0;
		__builtin_memcpy(r->data, arg, sizeof(arg));
		if (nr == NR_REGISTER)
			__builtin_memcpy(r->data + 40, &c->vma, sizeof(c->vma));
		else
			__builtin_memset(r->data + 40, 0, sizeof(c->vma));
		bpf_ringbuf_submit(r, BPF_RB_NO_WAKEUP);
	}
out:
	c->kind = CALL_NONE;
}

/* A FORK message installed a new uffd (msg.arg.fork.ufd) in the reader: the child's ctx. */
static __always_inline void forked(__u64 parent, __u32 ufd)
{
	__u64 child = new_ctx(), f = file_of(ufd);
	__u64 key = fd_key(bpf_get_current_pid_tgid() >> 32, ufd);

	bpf_map_update_elem(&uffds, &key, &child, BPF_ANY);
	if (f)
		bpf_map_update_elem(&files, &f, &child, BPF_ANY);
	submit_new(REC_FORKED, child, ufd, parent, 0, f);
}

/*
 * An fd not known as a uffd whose read returned messages in the observed process: a uffd it
 * received (SCM_RIGHTS) and reads before its first ioctl. Only with --pid, so that every other
 * read of the host costs one lookup.
 */
static __always_inline __u64 received(struct obs_cfg *conf, __u32 tgid, __s64 fd)
{
	__u64 f;

	if (!conf || !conf->target_tgid || conf->target_tgid != tgid)
		return 0;
	f = file_of(fd);
	if (!f || !bpf_map_lookup_elem(&files, &f))
		return 0;
	return adopt(fd);
}

/* The n uffd_msgs a read returned at buf: one MSG record each (with --counters: page faults counted). */
static __always_inline void messages(struct obs_cfg *conf, __u64 uffd, __s64 fd, __u64 buf, __u64 n)
{
	__u32 max = conf && conf->max_msgs ? conf->max_msgs : MAX_MSGS;
	int counting = conf && conf->counters_only;
	struct obs_counters *k = counting ? counters_of(uffd) : 0;
	__u64 now = counting ? 0 : bpf_ktime_get_ns();
	int i;

	for (i = 0; i < MAX_MSGS; i++) {
		struct obs_rec *r;
		__u64 msg[2];

		if (i >= n || i >= max)
			break;
		if (counting) {
			/* the event byte and, for FORK, the new fd: the first 16 bytes of the uffd_msg */
			bpf_probe_read_user(msg, sizeof(msg), (void *)(buf + i * 32));
			if ((__u8)msg[0] == UFFD_EVENT_FORK)
				forked(uffd, (__u32)msg[1]);
			else if (k && (__u8)msg[0] == UFFD_EVENT_PAGEFAULT)
				__sync_fetch_and_add(&k->faults, 1);
			continue;
		}
		r = reserve_at(REC_MSG, uffd, fd, now, REC_LEN_MSG);
		if (!r)
			continue;
		r->a = i;
		r->b = n;
		r->ret = 0;
		r->dur = 0;
		/* the uffd_msg read once, straight into the record (no copy through the stack) */
		if (bpf_probe_read_user(r->data, 32, (void *)(buf + i * 32)))
			__builtin_memset(r->data, 0, 32);
		if (r->data[0] == UFFD_EVENT_FORK)
			forked(uffd, *(__u32 *)(r->data + 8));
		bpf_ringbuf_submit(r, BPF_RB_NO_WAKEUP);
	}
	if (n > max)
		/* messages past the per-read cap were read by the handler but not copied: lost */
		count_drops(uffd, n - max);
}

/*
 * read(2) of a uffd. Only the exit is traced: the fd and the buffer are still in the thread's
 * saved user registers, so no program runs when a read begins (one program per read of the
 * host, not two), and most reads leave at the first test, as a uffd read returns whole 32-byte
 * messages. The price: a MSG record does not carry the read's duration (nothing used it).
 */
static __always_inline void exit_read(struct pt_regs *regs, __s64 ret)
{
	struct obs_cfg *conf;
	__u64 id, key, *known, uffd;
	__s64 fd;

	if (ret < 32 || (ret & 31))
		return;
	fd = (int)regs->di;
	id = bpf_get_current_pid_tgid();
	key = fd_key(id >> 32, fd);
	known = bpf_map_lookup_elem(&uffds, &key);
	conf = config();
	if (known) {
		uffd = *known;
		if (!wanted(conf, id >> 32, uffd))
			return;
	} else {
		uffd = received(conf, id >> 32, fd);
		if (!uffd)
			return;
	}
	messages(conf, uffd, fd, regs->si, (__u64)ret / 32);
}

/* Whether file f has one reference left (the fd being closed holds it): see struct file___ref. */
static __always_inline int last_reference(__u64 f)
{
	__s64 n;

	if (bpf_core_field_exists(struct file___ref, f_ref)) {
		n = BPF_CORE_READ((struct file___ref *)f, f_ref.refcnt.counter);
		return n == 0;
	}
	if (bpf_core_field_exists(struct file___count, f_count)) {
		n = BPF_CORE_READ((struct file___count *)f, f_count.counter);
		return n == 1;
	}
	return 0;
}

/*
 * close(2) of a uffd fd. When it holds the file's last reference the uffd is gone with it, so
 * its files entry goes too (else the map fills over the observer's life, and a new uffd whose
 * struct file reuses the address would be taken for the old one). A file still referenced (a dup,
 * a fork child's copy, an SCM_RIGHTS message in flight) keeps it: its next holder is a handoff.
 * A process that exits without close(2) leaves its entries to user space (Observer housekeeping).
 */
static __always_inline void enter_close(__s64 fd)
{
	__u64 key = fd_key(bpf_get_current_pid_tgid() >> 32, fd);
	__u64 *known = bpf_map_lookup_elem(&uffds, &key), uffd, f;
	struct obs_rec *r;

	if (!known)
		return;
	uffd = *known;
	bpf_map_delete_elem(&uffds, &key);
	f = file_of(fd);
	if (f && last_reference(f)) {
		__u64 *owner = bpf_map_lookup_elem(&files, &f);
		if (owner && *owner == uffd)
			bpf_map_delete_elem(&files, &f);
	}
	r = reserve(REC_CLOSE, uffd, fd, REC_LEN_HEADER);
	if (r)
		bpf_ringbuf_submit(r, BPF_RB_NO_WAKEUP);
}

/*
 * The raw syscall tracepoints: one program for every syscall of the host, entry and exit, typed
 * by the kernel's BTF (tp_btf: the arguments are the tracepoint's own, regs and the syscall
 * number or return value, with no trace record built first). The number is the first test, so
 * every other syscall costs a compare or three. x86-64 numbers (asm/unistd_64.h); a 32-bit
 * (ia32) syscall has other numbers and is not told apart (see README.md).
 */
SEC("tp_btf/sys_enter")
int sys_enter(__u64 *ctx)
{
	long id = (long)ctx[1];
	struct pt_regs *regs;

	if (id != NR_ioctl && id != NR_close && id != NR_userfaultfd)
		return 0;
	regs = (struct pt_regs *)ctx[0];
	if (id == NR_ioctl)
		enter_ioctl(regs->di, (__u32)regs->si, regs->dx);
	else if (id == NR_close)
		enter_close((__u32)regs->di);
	else
		enter_userfaultfd(regs->di);
	return 0;
}

SEC("tp_btf/sys_exit")
int sys_exit(__u64 *ctx)
{
	struct pt_regs *regs = (struct pt_regs *)ctx[0];
	__s64 ret = (__s64)ctx[1];
	long id = regs->orig_ax;

	if (id == NR_read)
		exit_read(regs, ret);
	else if (id == NR_ioctl)
		exit_ioctl(ret);
	else if (id == NR_userfaultfd)
		exit_userfaultfd(ret);
	return 0;
}

/* exceptions:page_fault_user, raw: (address, regs, error_code), x86 asm/trace/exceptions.h */
SEC("tp_btf/page_fault_user")
int page_fault_user(__u64 *ctx)
{
	__u64 address = ctx[0], error_code = ctx[2];
	__u32 tgid;
	struct obs_cfg *conf = config();
	struct obs_ranges *rs;
	struct obs_rec *r;
	int i;

	/* every user page fault of the host comes here: the checks without a hash lookup first */
	if (conf && conf->counters_only)
		return 0;
	tgid = bpf_get_current_pid_tgid() >> 32;
	if (conf && conf->target_tgid && conf->target_tgid != tgid && !bpf_map_lookup_elem(&watched_tgids, &tgid))
		return 0;
	rs = bpf_map_lookup_elem(&ranges, &tgid);
	if (!rs)
		return 0;
	for (i = 0; i < MAX_RANGES; i++) {
		if (address >= rs->start[i] && address < rs->end[i]) {
			r = reserve(REC_UFAULT, 0, -1, REC_LEN_UFAULT);
			if (!r)
				return 0;
			r->a = address;
			r->b = error_code;
			bpf_ringbuf_submit(r, BPF_RB_NO_WAKEUP);
			return 0;
		}
	}
	return 0;
}

SEC("tracepoint/sched/sched_process_exit")
int process_exit(struct tp_process_exit *ctx)
{
	__u32 tgid = bpf_get_current_pid_tgid() >> 32;
	struct obs_rec *r;

	if (!ctx->group_dead)
		return 0;
	bpf_map_delete_elem(&ranges, &tgid);
	r = reserve(REC_EXIT, 0, -1, REC_LEN_HEADER);
	if (r)
		bpf_ringbuf_submit(r, BPF_RB_NO_WAKEUP);
	return 0;
}
