/*
 * bulwark-probe: attempts the attack steps of Yasrab, "Mitigating Docker Security Issues" (section IV)
 * from inside a throw-away container, without doing harm, and prints one JSON record per attack on stdout:
 *
 *   {"id":"af-packet","class":"R-A","requirements":["R-A","R-G5"],"attempted":"socket(AF_PACKET, SOCK_RAW)",
 *    "result":"allowed","errno":null,"evidence":"socket created (fd closed at once)"}
 *
 * result: "blocked" (the step failed because of a control), "allowed" (the step succeeded: the threat is
 * present), "not-applicable" (nothing to attack, e.g. no Docker socket mounted).
 *
 * Safety (issue 5, "The probe"):
 *  - writes nothing to the host except create + remove of one temp file inside each path the runner names
 *    with --writable (bind mounts the user mounted read-write); the container's own root filesystem is
 *    written only by create + remove of one file and one device node, removed at once;
 *  - reads no host file contents: the shocker step only opens the host root inode by handle and fstat()s it;
 *  - /proc/sysrq-trigger and /proc/sys/kernel/core_pattern are opened for writing and closed, never written;
 *  - the Docker socket is sent `GET /_ping` only;
 *  - init_module gets a 64-byte zero image the kernel rejects (EPERM = blocked, ENOEXEC/EINVAL = allowed);
 *  - it bounds itself: a global deadline (alarm), RLIMIT_AS on the memory hog child, a count and a time
 *    bound on the fork bomb and the CPU hog; every child is killed before the probe exits. RLIMIT_NPROC is
 *    not used: it counts every process of the real uid host-wide, so it would measure the host, not the
 *    container.
 *
 * Modes:
 *   bulwark-probe [--writable DIR]... [--readonly PATH]... [--docker-sock PATH]... [--setuid-helper PATH] [--dos]
 *                 [--fork-max N] [--fork-ms N] [--mem-mb N] [--hog-ms N] [--deadline S]
 *   bulwark-probe --whoami            print {"euid":N} (run as the setuid-root helper)
 *   bulwark-probe --work MS           neighbour: CPU work loop, prints {"t":ms,"work":n} every 50 ms
 *
 * Time stamps are CLOCK_MONOTONIC milliseconds, which every container of a host shares (no time namespace),
 * so the runner can line up a neighbour's work rate with the attacker's phases.
 *
 * Build: gcc -static -O2 -Wall -o bulwark-probe bulwark-probe.c   (Debian: apt-get install gcc libc6-dev)
 * Requirements: R-B, R-A, R-G5, R-G7, R-G8, R-G12, R-K, R-S, R-D, R-G6 (/work/shared/spec/requirements.md).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/if_ether.h>
#include <netinet/in.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/ptrace.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/types.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_ARGS 64

static const char *writable[MAX_ARGS];
static int n_writable;
static const char *readonly_binds[MAX_ARGS];
static int n_readonly;
static const char *sockets[MAX_ARGS];
static int n_sockets;
static const char *setuid_helper;
static int dos;
static long fork_max = 512;
static long mem_mb = 256;
static long hog_ms = 4000;
static long fork_ms = 20000;
static long deadline_s = 90;

/* ------------------------------------------------------------------ output */

static long long now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/** In a child: the default SIGALRM action (terminate) and a safety bound; the parent kills it long before. */
static void child_bound(unsigned seconds) {
  signal(SIGALRM, SIG_DFL);
  alarm(seconds);
}

/** Appends `s` to `out` as a JSON string body (no quotes), control characters escaped. */
static void json_escape(char *out, size_t cap, const char *s) {
  size_t n = strlen(out);
  for (; *s && n + 8 < cap; s++) {
    unsigned char c = (unsigned char)*s;
    if (c == '"' || c == '\\') { out[n++] = '\\'; out[n++] = c; }
    else if (c < 0x20 || c == 0x7f) n += snprintf(out + n, cap - n, "\\u%04x", c);
    else out[n++] = c;
  }
  out[n] = 0;
}

static const char *errno_name(int e) {
  switch (e) {
    case 0: return NULL;
    case EPERM: return "EPERM";
    case ENOENT: return "ENOENT";
    case ESRCH: return "ESRCH";
    case EINTR: return "EINTR";
    case EIO: return "EIO";
    case ENXIO: return "ENXIO";
    case E2BIG: return "E2BIG";
    case ENOEXEC: return "ENOEXEC";
    case EBADF: return "EBADF";
    case ECHILD: return "ECHILD";
    case EAGAIN: return "EAGAIN";
    case ENOMEM: return "ENOMEM";
    case EACCES: return "EACCES";
    case EFAULT: return "EFAULT";
    case EBUSY: return "EBUSY";
    case EEXIST: return "EEXIST";
    case ENODEV: return "ENODEV";
    case ENOTDIR: return "ENOTDIR";
    case EISDIR: return "EISDIR";
    case EINVAL: return "EINVAL";
    case ENOSPC: return "ENOSPC";
    case EROFS: return "EROFS";
    case ENOSYS: return "ENOSYS";
    case ESTALE: return "ESTALE";
    case EOPNOTSUPP: return "EOPNOTSUPP";
    case EAFNOSUPPORT: return "EAFNOSUPPORT";
    case EPROTONOSUPPORT: return "EPROTONOSUPPORT";
    case ECONNREFUSED: return "ECONNREFUSED";
    case ENOTSOCK: return "ENOTSOCK";
    case ETIMEDOUT: return "ETIMEDOUT";
    case ENOKEY: return "ENOKEY";
    case EKEYREJECTED: return "EKEYREJECTED";
    default: return "E?";
  }
}

/**
 * Prints one record. `reqs` is a comma-separated list of requirement ids; `err` 0 prints errno null.
 * The evidence is a printf format.
 */
static void record(const char *id, const char *cls, const char *reqs, const char *attempted, const char *result, int err,
                   const char *fmt, ...) {
  char ev[2048];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(ev, sizeof ev, fmt, ap);
  va_end(ap);
  char line[8192] = "{\"id\":\"";
  json_escape(line, sizeof line, id);
  strcat(line, "\",\"class\":\"");
  json_escape(line, sizeof line, cls);
  strcat(line, "\",\"requirements\":[");
  char rq[256];
  snprintf(rq, sizeof rq, "%s", reqs);
  int first = 1;
  for (char *tok = strtok(rq, ","); tok; tok = strtok(NULL, ",")) {
    if (!first) strcat(line, ",");
    strcat(line, "\"");
    json_escape(line, sizeof line, tok);
    strcat(line, "\"");
    first = 0;
  }
  strcat(line, "],\"attempted\":\"");
  json_escape(line, sizeof line, attempted);
  strcat(line, "\",\"result\":\"");
  strcat(line, result);
  strcat(line, "\",\"errno\":");
  if (err) {
    const char *n = errno_name(err);
    size_t l = strlen(line);
    if (n && strcmp(n, "E?")) snprintf(line + l, sizeof line - l, "\"%s\"", n);
    else snprintf(line + l, sizeof line - l, "\"%d\"", err);
  } else strcat(line, "null");
  strcat(line, ",\"evidence\":\"");
  json_escape(line, sizeof line, ev);
  size_t l = strlen(line);
  snprintf(line + l, sizeof line - l, "\",\"t\":%lld}\n", now_ms());
  /* one write per record: lines never interleave with a child's */
  ssize_t w = write(1, line, strlen(line));
  (void)w;
}

/* ------------------------------------------------------------------ helpers */

/** Reads a whole small file into buf (NUL-terminated); returns the length or -1 with errno set. */
static ssize_t read_small(const char *path, char *buf, size_t cap) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return -1;
  size_t n = 0;
  for (;;) {
    ssize_t r = read(fd, buf + n, cap - 1 - n);
    if (r < 0) { if (errno == EINTR) continue; int e = errno; close(fd); errno = e; return -1; }
    if (r == 0 || n + r >= cap - 1) { n += r; break; }
    n += r;
  }
  buf[n] = 0;
  close(fd);
  return (ssize_t)n;
}

/** The value of a `Key:\tvalue` line of /proc/self/status, or NULL. */
static const char *status_field(const char *status, const char *key, char *out, size_t cap) {
  size_t kl = strlen(key);
  for (const char *p = status; p && *p;) {
    if (!strncmp(p, key, kl) && p[kl] == ':') {
      p += kl + 1;
      while (*p == ' ' || *p == '\t') p++;
      size_t i = 0;
      while (p[i] && p[i] != '\n' && i + 1 < cap) { out[i] = p[i]; i++; }
      out[i] = 0;
      return out;
    }
    p = strchr(p, '\n');
    if (p) p++;
  }
  return NULL;
}

#define PROC_MAGIC 0x9fa0L
#define SYSFS_MAGIC 0x62656572L

/**
 * Mount points of proc filesystems other than the container's own /proc and the paths Docker mounts over
 * parts of it (a host /proc bind-mounted, directly or inside a bound host root: `-v /:/host` brings
 * /host/proc). From /proc/self/mountinfo (field 5 the mount point, the field after " - " the type); at most `max`.
 */
static int proc_mounts(char out[][256], int max) {
  static char mi[65536];
  if (read_small("/proc/self/mountinfo", mi, sizeof mi) < 0) return 0;
  int n = 0;
  for (char *line = mi; line && *line && n < max;) {
    char *nl = strchr(line, '\n');
    if (nl) *nl = 0;
    char mp[256] = "", type[32] = "";
    const char *dash = strstr(line, " - ");
    if (dash && sscanf(line, "%*s %*s %*s %*s %255s", mp) == 1 && sscanf(dash + 3, "%31s", type) == 1 && !strcmp(type, "proc") &&
        strcmp(mp, "/proc") && strncmp(mp, "/proc/", 6)) {
      int dup = 0;
      for (int i = 0; i < n; i++) dup |= !strcmp(out[i], mp);
      if (!dup) snprintf(out[n++], 256, "%s", mp);
    }
    line = nl ? nl + 1 : NULL;
  }
  return n;
}

/** The filesystem type (statfs f_type) of `path`, or 0 when it cannot be examined. */
static long fs_magic(const char *path) {
  struct statfs sf;
  return statfs(path, &sf) == 0 ? (long)sf.f_type : 0;
}

static const char *CAP_NAMES[] = {
  "CHOWN", "DAC_OVERRIDE", "DAC_READ_SEARCH", "FOWNER", "FSETID", "KILL", "SETGID", "SETUID", "SETPCAP",
  "LINUX_IMMUTABLE", "NET_BIND_SERVICE", "NET_BROADCAST", "NET_ADMIN", "NET_RAW", "IPC_LOCK", "IPC_OWNER",
  "SYS_MODULE", "SYS_RAWIO", "SYS_CHROOT", "SYS_PTRACE", "SYS_PACCT", "SYS_ADMIN", "SYS_BOOT", "SYS_NICE",
  "SYS_RESOURCE", "SYS_TIME", "SYS_TTY_CONFIG", "MKNOD", "LEASE", "AUDIT_WRITE", "AUDIT_CONTROL", "SETFCAP",
  "MAC_OVERRIDE", "MAC_ADMIN", "SYSLOG", "WAKE_ALARM", "BLOCK_SUSPEND", "AUDIT_READ", "PERFMON", "BPF",
  "CHECKPOINT_RESTORE",
};
#define N_CAPS (int)(sizeof CAP_NAMES / sizeof CAP_NAMES[0])

static uint64_t cap_eff;

/** Collapses a uid_map's runs of blanks in place, lines joined by ';': "0 0 4294967295", "0 100000 65536". */
static void collapse_map(char *map) {
  char *w = map;
  int blank = 1;
  for (char *c = map; *c; c++) {
    int b = *c == ' ' || *c == '\t' || *c == '\n';
    if (b) { if (!blank) *w++ = *c == '\n' ? ';' : ' '; blank = 1; }
    else { *w++ = *c; blank = 0; }
  }
  while (w > map && (w[-1] == ' ' || w[-1] == ';')) w--;
  *w = 0;
}

/** Runs `fn(arg)` in a child bounded by `ms`; returns the child's exit status (or -1 when killed by the bound). */
static int in_child(int (*fn)(void *), void *arg, long ms, int *killed_by) {
  pid_t pid = fork();
  if (pid < 0) return -2;
  if (pid == 0) {
    child_bound((unsigned)(ms / 1000 + 1));
    _exit(fn(arg) & 0xff);
  }
  int st = 0;
  long long end = now_ms() + ms;
  for (;;) {
    pid_t r = waitpid(pid, &st, WNOHANG);
    if (r == pid) break;
    if (now_ms() > end) { kill(pid, SIGKILL); waitpid(pid, &st, 0); if (killed_by) *killed_by = SIGKILL; return -1; }
    usleep(2000);
  }
  if (WIFSIGNALED(st)) { if (killed_by) *killed_by = WTERMSIG(st); return -1; }
  return WEXITSTATUS(st);
}

/* ------------------------------------------------------------------ R-B breakout */

struct handle8 {
  unsigned int handle_bytes;
  int handle_type;
  unsigned char f_handle[8];
};

/** A regular file bind-mounted from the host (mountinfo: mount point is a file), for the shocker step. */
static int host_file_mount(char *out, size_t cap) {
  static char mi[65536];
  if (read_small("/proc/self/mountinfo", mi, sizeof mi) < 0) return 0;
  const char *prefer[] = {"/etc/hosts", "/etc/hostname", "/etc/resolv.conf", NULL};
  for (int i = 0; prefer[i]; i++) {
    char pat[64];
    snprintf(pat, sizeof pat, " %s ", prefer[i]);
    struct stat st;
    if (strstr(mi, pat) && stat(prefer[i], &st) == 0 && S_ISREG(st.st_mode)) { snprintf(out, cap, "%s", prefer[i]); return 1; }
  }
  return 0;
}

static void attack_shocker(void) {
  char path[256];
  const char *what = "open_by_handle_at(fd of a host bind-mounted file, root inode handle {ino 2, gen 0}, O_RDONLY)";
  if (!host_file_mount(path, sizeof path)) {
    record("shocker", "R-B", "R-B,R-G5", what, "not-applicable", 0, "no host file is bind-mounted (/etc/hosts, /etc/hostname, /etc/resolv.conf)");
    return;
  }
  int mfd = open(path, O_RDONLY | O_CLOEXEC);
  if (mfd < 0) {
    record("shocker", "R-B", "R-B,R-G5", what, "blocked", errno, "cannot open %s to get a host filesystem fd", path);
    return;
  }
  struct handle8 h = {.handle_bytes = 8, .handle_type = 1 /* FILEID_INO32_GEN */};
  uint32_t ino = 2, gen = 0;
  memcpy(h.f_handle, &ino, 4);
  memcpy(h.f_handle + 4, &gen, 4);
  int fd = (int)syscall(SYS_open_by_handle_at, mfd, &h, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  int e = errno;
  close(mfd);
  if (fd >= 0) {
    struct stat st;
    fstat(fd, &st);
    close(fd);
    record("shocker", "R-B", "R-B,R-G5", what, "allowed", 0,
           "opened the host root directory (inode %lu, device %u:%u) behind %s: the container can walk the host filesystem; nothing read",
           (unsigned long)st.st_ino, major(st.st_dev), minor(st.st_dev), path);
  } else if (e == EPERM || e == ENOSYS || e == EACCES) {
    record("shocker", "R-B", "R-B,R-G5", what, "blocked", e, "open_by_handle_at refused behind %s (no CAP_DAC_READ_SEARCH, or seccomp)", path);
  } else {
    record("shocker", "R-B", "R-B,R-G5", what, "allowed", e,
           "open_by_handle_at is reachable on the host filesystem behind %s; the ext4 root-inode guess was rejected", path);
  }
}

static const char *mount_dir(void) {
  static const char *dirs[] = {"/tmp", "/mnt", "/root", "/srv", "/home", "/"};
  struct stat st;
  for (int i = 0; i < 6; i++)
    if (stat(dirs[i], &st) == 0 && S_ISDIR(st.st_mode)) return dirs[i];
  return "/";
}

struct mount_arg { const char *src, *fstype, *data; };

/** Child: a private mount namespace when allowed (so nothing leaks), then mount + umount. Exit code: errno. */
static int do_mount(void *p) {
  struct mount_arg *m = p;
  (void)unshare(CLONE_NEWNS);
  (void)mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL);
  const char *dir = mount_dir();
  if (mount(m->src, dir, m->fstype, MS_NOSUID | MS_NODEV | MS_NOEXEC, m->data) != 0) return errno;
  umount2(dir, MNT_DETACH);
  return 0;
}

static void attack_mount(const char *id, const char *fstype, const char *data) {
  struct mount_arg m = {fstype, fstype, data};
  char what[160];
  snprintf(what, sizeof what, "mount(\"%s\", \"%s\", \"%s\", MS_NOSUID|MS_NODEV|MS_NOEXEC, %s%s%s) in a child", fstype, mount_dir(), fstype,
           data ? "\"" : "", data ? data : "NULL", data ? "\"" : "");
  int rc = in_child(do_mount, &m, 3000, NULL);
  if (rc == 0) record(id, "R-B", "R-B,R-G5", what, "allowed", 0, "%s mounted (and unmounted at once)", fstype);
  else if (rc < 0) record(id, "R-B", "R-B,R-G5", what, "blocked", 0, "the child did not finish");
  else if (rc == EPERM || rc == EACCES || rc == ENOSYS || rc == EROFS)
    record(id, "R-B", "R-B,R-G5", what, "blocked", rc, "mount refused (needs CAP_SYS_ADMIN; seccomp blocks mount without it)");
  else record(id, "R-B", "R-B,R-G5", what, "allowed", rc, "mount(2) is reachable (failed later, not on permission)");
}

static void attack_docker_sock(void) {
  const char *what = "connect(AF_UNIX) to a mounted Docker socket, send GET /_ping";
  /* the sockets the runner named, then every bind mount that is a socket or a directory holding docker.sock
     (`-v /var/run:/host-run` reaches the engine as surely as the socket itself), then the usual paths */
  static char inside[6 * MAX_ARGS][600];
  const char *cands[8 * MAX_ARGS + 3];
  int n = 0, k = 0;
  for (int i = 0; i < n_sockets; i++) cands[n++] = sockets[i];
  for (int pass = 0; pass < 2; pass++) {
    const char **list = pass ? readonly_binds : writable;
    int cnt = pass ? n_readonly : n_writable;
    for (int i = 0; i < cnt; i++) {
      struct stat bs;
      if (stat(list[i], &bs) != 0) continue;
      if (S_ISSOCK(bs.st_mode)) cands[n++] = list[i];
      else if (S_ISDIR(bs.st_mode)) {
        /* the directory itself (-v /var/run:/host-run) or a whole root filesystem (-v /:/host) */
        static const char *rel[] = {"docker.sock", "run/docker.sock", "var/run/docker.sock"};
        for (int r = 0; r < 3 && k < 6 * MAX_ARGS; r++) {
          snprintf(inside[k], sizeof inside[k], "%s%s%s", list[i], list[i][strlen(list[i]) - 1] == '/' ? "" : "/", rel[r]);
          cands[n++] = inside[k++];
        }
      }
    }
  }
  cands[n++] = "/var/run/docker.sock";
  cands[n++] = "/run/docker.sock";
  int found = 0;
  for (int i = 0; i < n; i++) {
    struct stat st;
    if (stat(cands[i], &st) != 0 || !S_ISSOCK(st.st_mode)) continue;
    found = 1;
    int s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_un a = {.sun_family = AF_UNIX};
    snprintf(a.sun_path, sizeof a.sun_path, "%s", cands[i]);
    if (s < 0 || connect(s, (struct sockaddr *)&a, sizeof a) != 0) {
      int e = errno;
      if (s >= 0) close(s);
      record("docker-socket", "R-B", "R-B", what, "blocked", e, "%s exists but connect failed", cands[i]);
      return;
    }
    struct timeval tv = {2, 0};
    setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    const char *req = "GET /_ping HTTP/1.0\r\nHost: docker\r\n\r\n";
    ssize_t w = write(s, req, strlen(req));
    char buf[512] = {0};
    ssize_t r = w > 0 ? read(s, buf, sizeof buf - 1) : -1;
    close(s);
    if (r > 0) {
      buf[r] = 0;
      char *nl = strpbrk(buf, "\r\n");
      if (nl) *nl = 0;
      record("docker-socket", "R-B", "R-B", what, strstr(buf, " 200") ? "allowed" : "blocked", 0,
             "%s answered \"%s\": %s", cands[i], buf, strstr(buf, " 200") ? "the engine (and so the host) is controllable from the container" : "refused");
    } else record("docker-socket", "R-B", "R-B", what, "blocked", errno, "%s did not answer", cands[i]);
    return;
  }
  if (!found) record("docker-socket", "R-B", "R-B", what, "not-applicable", 0, "no Docker socket is mounted");
}

static void attack_writable_binds(void) {
  /* read-only binds: the mount flag is checked (statvfs ST_RDONLY); nothing is written */
  for (int i = 0; i < n_readonly; i++) {
    char id[300], what[600];
    snprintf(id, sizeof id, "bind-write:%s", readonly_binds[i]);
    snprintf(what, sizeof what, "statvfs(\"%s\"): is the mount read-only? (no write attempted)", readonly_binds[i]);
    struct statvfs sv;
    struct stat ss;
    if (stat(readonly_binds[i], &ss) == 0 && S_ISSOCK(ss.st_mode)) {
      /* read-only does not stop connect(2): the socket is the docker-socket step's */
      record(id, "R-B", "R-B", "connect to the socket (the docker-socket step)", "not-applicable", 0, "%s is a socket (read-only does not stop connect): see docker-socket", readonly_binds[i]);
      continue;
    }
    if (statvfs(readonly_binds[i], &sv) != 0) record(id, "R-B", "R-B", what, "not-applicable", errno, "%s cannot be examined", readonly_binds[i]);
    else if (sv.f_flag & ST_RDONLY) record(id, "R-B", "R-B", what, "blocked", EROFS, "%s is mounted read-only", readonly_binds[i]);
    else record(id, "R-B", "R-B", what, "allowed", 0, "%s was asked read-only but is mounted read-write", readonly_binds[i]);
  }
  if (n_writable == 0 && n_readonly > 0) return;
  if (n_writable == 0) {
    record("bind-write", "R-B", "R-B", "create + remove a temp file in each read-write host bind mount", "not-applicable", 0,
           "no read-write host bind mount");
    return;
  }
  for (int i = 0; i < n_writable; i++) {
    char id[300], path[512], what[600];
    snprintf(id, sizeof id, "bind-write:%s", writable[i]);
    snprintf(path, sizeof path, "%s/.bulwark-probe-%d", writable[i], (int)getpid());
    snprintf(what, sizeof what, "open(\"%s\", O_CREAT|O_EXCL|O_WRONLY) then unlink", path);
    struct stat st;
    long magic = fs_magic(writable[i]);
    if (magic == PROC_MAGIC) {
      /* no file can be created in proc: its writable files are what matters, tried by core-pattern and sysrq-trigger */
      record(id, "R-B", "R-B", "a host proc filesystem mounted read-write", "not-applicable", 0,
             "%s is a proc filesystem (no file can be created in it): its writable files are tried by core-pattern and sysrq-trigger", writable[i]);
      continue;
    }
    if (magic == SYSFS_MAGIC) {
      /* sysfs: no file can be created either; a host control file that opens for writing is the breach */
      static const char *ctl[] = {"kernel/uevent_helper", "power/state", "kernel/mm/transparent_hugepage/enabled", "kernel/profiling", NULL};
      int done = 0, err = 0;
      for (int c = 0; ctl[c] && !done; c++) {
        char p[480];
        snprintf(p, sizeof p, "%s/%s", writable[i], ctl[c]);
        snprintf(what, sizeof what, "open(\"%s\", O_WRONLY), closed without writing (a host sysfs mounted read-write)", p);
        int fd = open(p, O_WRONLY | O_CLOEXEC);
        if (fd >= 0) {
          close(fd);
          record(id, "R-B", "R-B", what, "allowed", 0, "the host sysfs file %s is writable from the container (nothing written)", p);
          done = 1;
        } else if (errno != ENOENT) err = errno;
      }
      if (!done) {
        if (err) record(id, "R-B", "R-B", "open host sysfs control files for writing, nothing written", "blocked", err, "no host sysfs control file under %s opens for writing", writable[i]);
        else record(id, "R-B", "R-B", "open host sysfs control files for writing, nothing written", "not-applicable", 0, "%s is a sysfs without the control files tried", writable[i]);
      }
      continue;
    }
    if (stat(writable[i], &st) == 0 && S_ISSOCK(st.st_mode)) {
      record(id, "R-B", "R-B", "connect to the socket (the docker-socket step)", "not-applicable", 0, "%s is a socket: see docker-socket", writable[i]);
      continue;
    }
    if (stat(writable[i], &st) == 0 && !S_ISDIR(st.st_mode)) {
      /* a file bind mount: only check whether it could be opened for writing, without writing */
      int fd = open(writable[i], O_WRONLY | O_CLOEXEC);
      snprintf(what, sizeof what, "open(\"%s\", O_WRONLY), closed without writing", writable[i]);
      if (fd >= 0) { close(fd); record(id, "R-B", "R-B", what, "allowed", 0, "the host file %s is writable from the container", writable[i]); }
      else record(id, "R-B", "R-B", what, "blocked", errno, "the host file %s cannot be opened for writing", writable[i]);
      continue;
    }
    int fd = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0600);
    if (fd >= 0) {
      close(fd);
      unlink(path);
      record(id, "R-B", "R-B", what, "allowed", 0, "created and removed a file in host directory %s", writable[i]);
    } else record(id, "R-B", "R-B", what, "blocked", errno, "cannot create a file in %s", writable[i]);
  }
}

/**
 * Whether the container's device cgroup (cgroup v1 /sys/fs/cgroup/devices/devices.list, the container's own
 * list) lets it `access` ('r', 'w' or 'm') the device `type` ('b' or 'c') maj:min: 1 yes, 0 no, -1 unknown (no
 * v1 devices controller, e.g. cgroup v2, where the rules are an eBPF program that cannot be read back).
 */
static int devcg_allows(char type, unsigned maj, unsigned min, char access) {
  static char list[16384];
  if (read_small("/sys/fs/cgroup/devices/devices.list", list, sizeof list) < 0) return -1;
  for (char *line = list; line && *line;) {
    char *nl = strchr(line, '\n');
    if (nl) *nl = 0;
    char t = 0, ma[16] = "", mi[16] = "", acc[8] = "";
    if (sscanf(line, "%c %15[^:]:%15s %7s", &t, ma, mi, acc) == 4 && (t == 'a' || t == type) &&
        (!strcmp(ma, "*") || strtoul(ma, NULL, 10) == maj) && (!strcmp(mi, "*") || strtoul(mi, NULL, 10) == min) && strchr(acc, access)) {
      if (nl) *nl = '\n';
      return 1;
    }
    if (nl) { *nl = '\n'; line = nl + 1; } else line = NULL;
  }
  return 0;
}

/**
 * A device open refused with EPERM although the container's device cgroup allows it: this host refuses it
 * whatever the container's configuration (a sandboxed VM whose own root cannot open the disk either), so the
 * step cannot be tried here: "not-testable", never "blocked" (issue 5: an attack this host cannot try says so).
 */
static int host_refuses(int err, char type, unsigned maj, unsigned min) {
  return err == EPERM && devcg_allows(type, maj, min, 'r') == 1;
}

static void attack_host_devices(void) {
  /* 1. a block device node for the host filesystem behind a bind-mounted file (the disk holding it), created
        where an attacker would: /dev first (a tmpfs without nodev, writable even with a read-only root
        filesystem), then the usual writable directories; a node on a nodev mount cannot be opened (EACCES),
        so the next directory is tried */
  char path[256];
  const char *what = "mknod(block device of the host filesystem behind /etc/hosts) in /dev or a writable directory + open(O_RDONLY), nothing read";
  struct stat st;
  char ev[1024] = "";
  if (host_file_mount(path, sizeof path) && stat(path, &st) == 0 && major(st.st_dev) != 0) {
    unsigned ma = major(st.st_dev), mi = minor(st.st_dev);
    static const char *dirs[] = {"/dev", "/tmp", "/run", "/mnt", "/root", "/srv", "/home", "/"};
    char tried[512] = "";
    int made = 0, mknod_err = 0, open_err = 0;
    const char *where = NULL;
    for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
      char node[96];
      snprintf(node, sizeof node, "%s%s.bulwark-probe-dev-%d", dirs[i], dirs[i][1] ? "/" : "", (int)getpid());
      if (mknod(node, S_IFBLK | 0600, st.st_dev) != 0) {
        int e = errno;
        if (e == ENOENT || e == ENOTDIR) continue; /* no such directory in this image */
        if (!mknod_err) mknod_err = e;
        size_t l = strlen(tried);
        snprintf(tried + l, sizeof tried - l, "%s%s %s", l ? ", " : "", dirs[i], errno_name(e) ? errno_name(e) : "error");
        continue;
      }
      made = 1;
      int fd = open(node, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
      int e = errno;
      unlink(node);
      where = dirs[i];
      if (fd >= 0) {
        close(fd);
        record("host-device", "R-B", "R-B,R-G8", what, "allowed", 0, "opened the host disk %u:%u (holds the filesystem behind %s) through a node made in %s; nothing read",
               ma, mi, path, where);
        goto present;
      }
      open_err = e;
      if (e == EACCES) continue; /* a nodev mount: try the next directory */
      break;
    }
    if (!made)
      record("host-device", "R-B", "R-B,R-G8", what, "blocked", mknod_err ? mknod_err : EPERM, "mknod of block device %u:%u refused (%s)", ma, mi, tried[0] ? tried : "no writable directory");
    else if (host_refuses(open_err, 'b', ma, mi))
      record("host-device", "R-B", "R-B,R-G8", what, "not-testable", open_err,
             "cannot be tried on this host: the container's device cgroup allows block device %u:%u (the configuration lets it open the host disk), but this host refuses the open whatever the configuration",
             ma, mi);
    else if (open_err == EACCES)
      record("host-device", "R-B", "R-B,R-G8", what, "blocked", open_err, "block device %u:%u made but cannot be opened: every writable directory is mounted nodev", ma, mi);
    else
      record("host-device", "R-B", "R-B,R-G8", what, "blocked", open_err, "block device %u:%u cannot be opened (device cgroup)", ma, mi);
  } else {
    record("host-device", "R-B", "R-B,R-G8", what, "not-applicable", 0, "no host file bind mount on a block device");
  }
present:;
  /* 2. block devices already present in /dev (--privileged, --device) */
  DIR *d = opendir("/dev");
  int n = 0, seen = 0, refused_by_host = 0, last_err = 0;
  char refused[512] = "";
  if (d) {
    struct dirent *de;
    while ((de = readdir(d))) {
      char p[300];
      snprintf(p, sizeof p, "/dev/%s", de->d_name);
      if (stat(p, &st) != 0 || !S_ISBLK(st.st_mode)) continue;
      seen++;
      int fd = open(p, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
      if (fd >= 0) {
        close(fd);
        if (n++ < 8) { strncat(ev, p, sizeof ev - strlen(ev) - 2); strcat(ev, " "); }
      } else {
        last_err = errno;
        if (host_refuses(errno, 'b', major(st.st_rdev), minor(st.st_rdev)) && refused_by_host++ < 8) {
          strncat(refused, p, sizeof refused - strlen(refused) - 2);
          strcat(refused, " ");
        }
      }
    }
    closedir(d);
  }
  const char *dwhat = "open(O_RDONLY) of each block device in /dev, nothing read";
  if (n) record("dev-block", "R-B", "R-B,R-G8", dwhat, "allowed", 0, "%d block device(s) open: %s", n, ev);
  else if (refused_by_host)
    record("dev-block", "R-B", "R-B,R-G8", dwhat, "not-testable", EPERM,
           "cannot be tried on this host: the container's device cgroup allows %s(the configuration passes the device in), but this host refuses the open whatever the configuration",
           refused);
  else if (seen) record("dev-block", "R-B", "R-B,R-G8", dwhat, "blocked", last_err, "%d block device(s) in /dev, none can be opened", seen);
  else record("dev-block", "R-B", "R-B,R-G8", dwhat, "blocked", 0, "no block device in /dev");
}

/**
 * Opens `/proc/<rel>` for writing (never writes), and the same file under every other proc filesystem mounted
 * in the container (`-v /proc:/host/proc`, or /host/proc inside `-v /:/host`: the host's core_pattern is
 * writable through it even though the container's own /proc/sys is read-only). The first one that opens is the
 * record; otherwise /proc's.
 */
static void attack_proc_write(const char *id, const char *rel) {
  char path[600], what[1024];
  snprintf(path, sizeof path, "/proc/%s", rel);
  snprintf(what, sizeof what, "open(\"%s\", O_WRONLY), closed without writing", path);
  char mounts[16][256];
  int nm = proc_mounts(mounts, 16);
  for (int i = 0; i < nm; i++) {
    const char *m = mounts[i];
    char p[600];
    snprintf(p, sizeof p, "%.255s/%s", m, rel);
    size_t l = strlen(what);
    snprintf(what + l, sizeof what - l, " and \"%s\" (a proc filesystem mounted from the host)", p);
    int fd = open(p, O_WRONLY | O_CLOEXEC);
    if (fd >= 0) {
      close(fd);
      record(id, "R-B", "R-B,R-G5", what, "allowed", 0, "%s is writable through the host proc filesystem mounted at %s: the host kernel could be driven from the container (nothing written)", p, m);
      return;
    }
  }
  int fd = open(path, O_WRONLY | O_CLOEXEC);
  if (fd >= 0) {
    close(fd);
    record(id, "R-B", "R-B,R-G5", what, "allowed", 0, "%s is writable: the host kernel could be driven from the container (nothing written)", path);
  } else if (errno == ENOENT)
    /* Docker masks paths by mounting /dev/null over them, so a missing file is missing from this host's kernel
       (no CONFIG_MAGIC_SYSRQ): the step cannot be tried here */
    record(id, "R-B", "R-B,R-G5", what, "not-testable", ENOENT, "cannot be tried on this host: %s does not exist in this host's kernel", path);
  else record(id, "R-B", "R-B,R-G5", what, "blocked", errno, "%s is not writable", path);
}

static void attack_init_module(void) {
  static unsigned char image[64];
  const char *what = "init_module(64 zero bytes, \"\")";
  long r = syscall(SYS_init_module, image, sizeof image, "");
  int e = errno;
  if (r == 0) record("init-module", "R-B", "R-B,R-K", what, "allowed", 0, "the kernel accepted a module image");
  else if (e == EPERM || e == ENOSYS || e == EACCES)
    record("init-module", "R-B", "R-B,R-K", what, "blocked", e, e == ENOSYS ? "module loading unavailable (seccomp, or a kernel without module support)" : "module loading refused (no CAP_SYS_MODULE, or seccomp)");
  else record("init-module", "R-B", "R-B,R-K", what, "allowed", e, "the kernel parsed the image (rejected as invalid, not on permission): modules can be loaded");
}

static int do_unshare(void *p) {
  (void)p;
  return unshare(CLONE_NEWUSER | CLONE_NEWNS) == 0 ? 0 : errno;
}

static void attack_unshare(void) {
  const char *what = "unshare(CLONE_NEWUSER|CLONE_NEWNS) in a child";
  int rc = in_child(do_unshare, NULL, 3000, NULL);
  if (rc == 0) record("unshare", "R-B", "R-B,R-K,R-G11", what, "allowed", 0, "new user and mount namespaces created");
  else if (rc < 0) record("unshare", "R-B", "R-B,R-K,R-G11", what, "blocked", 0, "the child did not finish");
  else record("unshare", "R-B", "R-B,R-K,R-G11", what, "blocked", rc, "namespace creation refused");
}

static void attack_ptrace(void) {
  const char *what = "ptrace(PTRACE_ATTACH) of a child process";
  pid_t c = fork();
  if (c == 0) { child_bound(5); for (;;) pause(); }
  if (c < 0) { record("ptrace", "R-B", "R-B,R-K", what, "not-applicable", errno, "fork failed"); return; }
  long r = ptrace(PTRACE_ATTACH, c, NULL, NULL);
  int e = errno;
  if (r == 0) { int st; waitpid(c, &st, __WALL); ptrace(PTRACE_DETACH, c, NULL, NULL); }
  kill(c, SIGKILL);
  waitpid(c, NULL, __WALL);
  if (r == 0) record("ptrace", "R-B", "R-B,R-K", what, "allowed", 0, "attached to pid %d (detached at once)", (int)c);
  else record("ptrace", "R-B", "R-B,R-K", what, "blocked", e, "ptrace refused");
}

/**
 * Host (or another container's) processes, seen two ways:
 *  - a shared pid namespace (`--pid host`, `--pid container:…`): the probe is the container's entrypoint, so in
 *    a pid namespace of its own it is PID 1 and sees only itself; otherwise it counts the processes it sees
 *    that are not its own, and how many accept a signal from it — kill(pid, 0) checks the permission and sends
 *    nothing;
 *  - a host proc filesystem mounted (`-v /proc:/host/proc:ro`, as monitoring agents do, or inside `-v /:/host`): the host's
 *    processes are listed there whatever the pid namespace, and with CAP_SYS_PTRACE their environments (where
 *    secrets live) open — opened and closed, never read.
 */
static void attack_pid_namespace(void) {
  char what[1024] = "list /proc for processes outside the container; kill(pid, 0) on each (permission check only, no signal sent)";
  pid_t self = getpid();
  char ev[1536] = "";
  int breach = 0;
  if (self != 1) {
    DIR *d = opendir("/proc");
    int seen = 0, signalable = 0;
    if (d) {
      struct dirent *de;
      while ((de = readdir(d))) {
        char *end;
        long pid = strtol(de->d_name, &end, 10);
        if (*end || pid <= 0 || pid == self) continue;
        seen++;
        if (kill((pid_t)pid, 0) == 0) signalable++;
      }
      closedir(d);
    }
    char comm[64] = "?";
    if (read_small("/proc/1/comm", comm, sizeof comm) > 0) { char *nl = strchr(comm, '\n'); if (nl) *nl = 0; }
    if (seen) {
      breach = 1;
      snprintf(ev, sizeof ev, "the probe is pid %d, not PID 1: it shares a pid namespace and sees %d other process(es) (PID 1 is \"%s\"); %d accept signals from the container (nothing was sent)",
               (int)self, seen, comm, signalable);
    } else snprintf(ev, sizeof ev, "the probe is pid %d but sees no other process", (int)self);
  } else snprintf(ev, sizeof ev, "the probe is PID 1 of its own pid namespace: no process outside the container is visible");
  char mounts[16][256];
  int nm = proc_mounts(mounts, 16);
  const char *list[16];
  for (int i = 0; i < nm; i++) list[i] = mounts[i];
  {
    for (int i = 0; i < nm; i++) {
      size_t wl = strlen(what);
      snprintf(what + wl, sizeof what - wl, "; list %s, open(<pid>/environ, O_RDONLY) of each, nothing read", list[i]);
      DIR *d = opendir(list[i]);
      if (!d) continue;
      /* the probe itself is listed there too, under its host pid (<proc>/self) */
      char selfp[600], selfl[32] = "";
      snprintf(selfp, sizeof selfp, "%s/self", list[i]);
      ssize_t sl = readlink(selfp, selfl, sizeof selfl - 1);
      long own = sl > 0 ? (selfl[sl] = 0, strtol(selfl, NULL, 10)) : -1;
      int seen = 0, env_open = 0;
      struct dirent *de;
      while ((de = readdir(d))) {
        char *end;
        long pid = strtol(de->d_name, &end, 10);
        if (*end || pid <= 0 || pid == own) continue;
        seen++;
        char p[600];
        snprintf(p, sizeof p, "%s/%ld/environ", list[i], pid);
        int fd = open(p, O_RDONLY | O_CLOEXEC);
        if (fd >= 0) { close(fd); env_open++; }
      }
      closedir(d);
      if (!seen) continue;
      if (self == 1 && !breach) snprintf(ev, sizeof ev, "the probe has a pid namespace of its own, but");
      else if (!strstr(ev, "; and")) strncat(ev, "; and", sizeof ev - strlen(ev) - 1);
      breach = 1;
      size_t l = strlen(ev);
      snprintf(ev + l, sizeof ev - l, " %d other process(es) of the host are listed in the proc filesystem mounted at %s, the environment of %d of them opens (nothing read);", seen, list[i], env_open);
    }
  }
  size_t el = strlen(ev);
  if (el && ev[el - 1] == ';') ev[el - 1] = 0;
  record("host-pid", "R-B", "R-B", what, breach ? "allowed" : "blocked", 0, "%s", ev);
}

/* ------------------------------------------------------------------ R-A ARP spoofing precondition */

static void attack_sockets(void) {
  int s = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, htons(ETH_P_ALL));
  if (s >= 0) { close(s); record("af-packet", "R-A", "R-A", "socket(AF_PACKET, SOCK_RAW, ETH_P_ALL)", "allowed", 0, "raw link-layer socket created (ARP frames can be forged); nothing sent"); }
  else record("af-packet", "R-A", "R-A", "socket(AF_PACKET, SOCK_RAW, ETH_P_ALL)", "blocked", errno, "raw link-layer socket refused (no CAP_NET_RAW)");
  s = socket(AF_INET, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_ICMP);
  if (s >= 0) { close(s); record("raw-icmp", "R-A", "R-A", "socket(AF_INET, SOCK_RAW, IPPROTO_ICMP)", "allowed", 0, "raw IP socket created; nothing sent"); }
  else record("raw-icmp", "R-A", "R-A", "socket(AF_INET, SOCK_RAW, IPPROTO_ICMP)", "blocked", errno, "raw IP socket refused (no CAP_NET_RAW)");
}

/* ------------------------------------------------------------------ R-G7 privilege escalation */

static void attack_setuid(const char *status) {
  char nnp[16] = "?";
  status_field(status, "NoNewPrivs", nnp, sizeof nnp);
  record("no-new-privs", "R-G7", "R-G7", "read NoNewPrivs from /proc/self/status", !strcmp(nnp, "1") ? "blocked" : "allowed", 0,
         "NoNewPrivs: %s (%s)", nnp, !strcmp(nnp, "1") ? "setuid/setgid bits and file capabilities are ignored on exec" : "exec of a setuid binary raises privileges");
  const char *what = "exec of a setuid-root helper as a non-root user";
  if (!setuid_helper) { record("setuid-exec", "R-G7", "R-G7", what, "not-applicable", 0, "no setuid-root helper was provided"); return; }
  struct stat st;
  if (stat(setuid_helper, &st) != 0) { record("setuid-exec", "R-G7", "R-G7", what, "not-applicable", errno, "%s is missing", setuid_helper); return; }
  if (!(st.st_mode & S_ISUID) || st.st_uid != 0) {
    char map[128] = "";
    if (read_small("/proc/self/uid_map", map, sizeof map) > 0) {
      unsigned long in = 1, out = 1;
      sscanf(map, "%lu %lu", &in, &out);
      if ((st.st_mode & S_ISUID) && !(in == 0 && out == 0)) {
        /* a user namespace (userns-remap): the helper, owned by the host's root, shows as an unmapped uid, so
           a setuid-root binary of the image (owned by the container's root) cannot be stood in for */
        collapse_map(map);
        record("setuid-exec", "R-G7", "R-G7", what, "not-testable", 0,
               "cannot be tried with this engine: the container runs in a user namespace (uid_map %s) where bulwark's setuid-root helper, owned by the host's root, shows as uid %u; a setuid binary of the image (owned by the container's root) would still raise a non-root user to the container's root unless no-new-privileges is set",
               map, st.st_uid);
        return;
      }
    }
    record("setuid-exec", "R-G7", "R-G7", what, "not-applicable", 0, "%s is not setuid-root here (uid %u, mode %o)", setuid_helper, st.st_uid, st.st_mode & 07777);
    return;
  }
  int pfd[2];
  if (pipe(pfd) != 0) return;
  uid_t me = geteuid();
  pid_t c = fork();
  if (c == 0) {
    close(pfd[0]);
    dup2(pfd[1], 1);
    if (geteuid() == 0 && setresuid(65534, 65534, 65534) != 0) _exit(100);
    child_bound(3);
    execl(setuid_helper, setuid_helper, "--whoami", (char *)NULL);
    _exit(101);
  }
  close(pfd[1]);
  char buf[128] = {0};
  ssize_t r = read(pfd[0], buf, sizeof buf - 1);
  close(pfd[0]);
  int st2 = 0;
  waitpid(c, &st2, 0);
  if (WIFEXITED(st2) && WEXITSTATUS(st2) == 100) {
    record("setuid-exec", "R-G7", "R-G7", what, "not-applicable", 0, "the container runs as uid 0 and cannot switch to a non-root uid to test (no CAP_SETUID)");
    return;
  }
  const char *p = r > 0 ? strstr(buf, "\"euid\":") : NULL;
  if (!p) { record("setuid-exec", "R-G7", "R-G7", what, "blocked", 0, "the helper did not run (exit status %d)", WIFEXITED(st2) ? WEXITSTATUS(st2) : -1); return; }
  long euid = strtol(p + 7, NULL, 10);
  unsigned caller = me == 0 ? 65534 : me;
  if (euid == 0) record("setuid-exec", "R-G7", "R-G7", what, "allowed", 0, "uid %u ran %s and got euid 0", caller, setuid_helper);
  else record("setuid-exec", "R-G7", "R-G7", what, "blocked", 0, "uid %u ran %s and kept euid %ld", caller, setuid_helper, euid);
}

/* ------------------------------------------------------------------ R-K kernel attack surface */

/**
 * Is the root filesystem writable? A file is created and removed in /; when / itself refuses on permission
 * (a non-root user: EACCES) and the root filesystem is not mounted read-only, the directories any user may
 * write on it (/tmp, /var/tmp, …, only those on the root filesystem itself, not tmpfs or bind mounts over
 * them) are tried too: a non-root user who can write /tmp can persist in the container as surely as root can
 * write /, and only `read_only` stops both.
 */
static void attack_rootfs_write(void) {
  const char *what = "create + remove a file in /, else in the world-writable directories of the root filesystem";
  char f[64];
  snprintf(f, sizeof f, "/.bulwark-probe-%d", (int)getpid());
  int fd = open(f, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0600);
  if (fd >= 0) { close(fd); unlink(f); record("rootfs-write", "R-K", "R-K", what, "allowed", 0, "the root filesystem is writable"); return; }
  int e = errno;
  struct statvfs sv;
  struct stat root;
  if (e == EROFS || statvfs("/", &sv) != 0 || (sv.f_flag & ST_RDONLY) || stat("/", &root) != 0) {
    record("rootfs-write", "R-K", "R-K", what, "blocked", e, "cannot create %s", f);
    return;
  }
  static const char *dirs[] = {"/tmp", "/var/tmp", "/run", "/var/run", "/dev/shm", "/home", "/var/cache", "/var/log"};
  for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
    struct stat ds;
    if (stat(dirs[i], &ds) != 0 || !S_ISDIR(ds.st_mode) || ds.st_dev != root.st_dev) continue;
    char g[96];
    snprintf(g, sizeof g, "%s/.bulwark-probe-%d", dirs[i], (int)getpid());
    int gd = open(g, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0600);
    if (gd >= 0) {
      close(gd);
      unlink(g);
      record("rootfs-write", "R-K", "R-K", what, "allowed", 0, "the root filesystem is mounted read-write: uid %u cannot create files in / (%s) but created and removed one in %s",
             (unsigned)geteuid(), errno_name(e) ? errno_name(e) : "error", dirs[i]);
      return;
    }
  }
  record("rootfs-write", "R-K", "R-K", what, "blocked", e, "cannot create %s; the root filesystem is mounted read-write, but uid %u can create files in none of its directories tried", f, (unsigned)geteuid());
}

static void attack_kernel_surface(const char *status) {
  char v[64] = "?";
  status_field(status, "Seccomp", v, sizeof v);
  const char *mode = !strcmp(v, "2") ? "filter" : !strcmp(v, "1") ? "strict" : !strcmp(v, "0") ? "disabled" : "unknown";
  record("seccomp", "R-K", "R-K,R-G12", "read Seccomp from /proc/self/status", strcmp(v, "0") ? "blocked" : "allowed", 0, "Seccomp: %s (%s)", v, mode);

  struct { const char *id, *what; long nr; long a[6]; } calls[] = {
    {"syscall-keyctl", "keyctl(9999 /* no such operation */)", SYS_keyctl, {9999}},
    {"syscall-bpf", "bpf(9999 /* no such command */, NULL, 0)", SYS_bpf, {9999, 0, 0}},
    {"syscall-userfaultfd", "userfaultfd(~0 /* invalid flags */)", SYS_userfaultfd, {~0L}},
    {"syscall-perf_event_open", "perf_event_open(NULL, 0, -1, -1, 0)", SYS_perf_event_open, {0, 0, -1, -1, 0}},
    {"syscall-io_uring_setup", "io_uring_setup(0, NULL)", SYS_io_uring_setup, {0, 0}},
  };
  for (size_t i = 0; i < sizeof calls / sizeof calls[0]; i++) {
    errno = 0;
    long r = syscall(calls[i].nr, calls[i].a[0], calls[i].a[1], calls[i].a[2], calls[i].a[3], calls[i].a[4], calls[i].a[5]);
    int e = r < 0 ? errno : 0;
    if (r >= 0) close((int)r);
    if (e == EPERM || e == ENOSYS || e == EACCES)
      record(calls[i].id, "R-K", "R-K,R-G12", calls[i].what, "blocked", e, "the syscall was refused before the kernel looked at its arguments (seccomp or a permission check)");
    else record(calls[i].id, "R-K", "R-K,R-G12", calls[i].what, "allowed", e, "the kernel's code for this syscall ran (it rejected the harmless arguments)");
  }

  status_field(status, "CapEff", v, sizeof v);
  cap_eff = strtoull(v, NULL, 16);
  char names[1024] = "";
  int n = 0;
  for (int i = 0; i < 64; i++) {
    if (!(cap_eff >> i & 1)) continue;
    if (n++) strcat(names, " ");
    if (i < N_CAPS) strcat(names, CAP_NAMES[i]);
    else { char t[16]; snprintf(t, sizeof t, "CAP_%d", i); strcat(names, t); }
  }
  record("capabilities", "R-K", "R-K,R-B,R-G5", "decode CapEff from /proc/self/status", n ? "allowed" : "blocked", 0, "CapEff %s: %d capabilities%s%s", v, n,
         n ? ": " : "", names);
  static const struct { const char *name; int bit; const char *cls, *reqs; } held[] = {
    {"NET_RAW", 13, "R-A", "R-A"}, {"SETUID", 7, "R-G7", "R-G7"}, {"SETGID", 6, "R-G7", "R-G7"},
    {"SYS_ADMIN", 21, "R-B", "R-B,R-G5"}, {"DAC_READ_SEARCH", 2, "R-B", "R-B"}, {"SYS_MODULE", 16, "R-B", "R-B,R-K"},
    {"SYS_PTRACE", 19, "R-B", "R-B"}, {"NET_ADMIN", 12, "R-A", "R-A,R-M"}, {"MKNOD", 27, "R-B", "R-B,R-G8"},
    {"DAC_OVERRIDE", 1, "R-B", "R-B"},
  };
  for (size_t i = 0; i < sizeof held / sizeof held[0]; i++) {
    char id[48], what[64];
    snprintf(id, sizeof id, "cap:%s", held[i].name);
    snprintf(what, sizeof what, "hold CAP_%s (CapEff bit %d)", held[i].name, held[i].bit);
    int has = (int)(cap_eff >> held[i].bit & 1);
    record(id, held[i].cls, held[i].reqs, what, has ? "allowed" : "blocked", 0, "CAP_%s %s", held[i].name, has ? "is held" : "is not held");
  }

  char map[256] = "";
  if (read_small("/proc/self/uid_map", map, sizeof map) < 0) snprintf(map, sizeof map, "unreadable");
  unsigned long inside = 0, outside = 0, count = 0;
  sscanf(map, "%lu %lu %lu", &inside, &outside, &count);
  uid_t eu = geteuid();
  unsigned long host_uid = eu >= inside && eu < inside + count ? outside + (eu - inside) : (unsigned long)-1;
  collapse_map(map);
  record("userns-root", "R-K", "R-K,R-G11", "read /proc/self/uid_map: is this process root on the host?", host_uid == 0 ? "allowed" : "blocked", 0,
         "euid %u in the container is uid %ld on the host (uid_map: %s)", (unsigned)eu, (long)host_uid, map);

  attack_rootfs_write();
}

/* ------------------------------------------------------------------ R-S secrets */

static int secret_name(const char *n) {
  static const char *words[] = {"PASS", "PWD", "SECRET", "TOKEN", "KEY", "CREDENTIAL", "PRIVATE", "AUTH", "CERT", NULL};
  char up[256];
  size_t i = 0;
  for (; n[i] && i + 1 < sizeof up; i++) up[i] = (char)(n[i] >= 'a' && n[i] <= 'z' ? n[i] - 32 : n[i]);
  up[i] = 0;
  if (!strcmp(up, "PWD") || !strcmp(up, "OLDPWD")) return 0; /* the shell's working directory */
  for (int k = 0; words[k]; k++) if (strstr(up, words[k])) return 1;
  return 0;
}

static void attack_environ(void) {
  static char env[65536];
  const char *what = "read /proc/1/environ; report secret-like variable NAMES only (values never read out)";
  /* in a shared pid namespace (--pid host) PID 1 is not the container's: the container's environment is the
     probe's own (it is the entrypoint), so that is what is read */
  pid_t self = getpid();
  const char *envpath = self == 1 ? "/proc/1/environ" : "/proc/self/environ";
  if (self != 1) what = "read /proc/self/environ (the container's entrypoint: PID 1 is outside the container); report secret-like variable NAMES only (values never read out)";
  int fd = open(envpath, O_RDONLY | O_CLOEXEC);
  if (fd < 0) { record("pid1-environ", "R-S", "R-S", what, "blocked", errno, "PID 1's environment cannot be read"); return; }
  ssize_t n = read(fd, env, sizeof env - 1);
  close(fd);
  if (n < 0) n = 0;
  env[n] = 0;
  char names[1024] = "";
  int found = 0, total = 0;
  for (ssize_t i = 0; i < n;) {
    char *e = env + i;
    size_t l = strnlen(e, (size_t)(n - i));
    char *eq = memchr(e, '=', l);
    if (eq) {
      total++;
      *eq = 0;
      if (secret_name(e)) {
        if (found++ && strlen(names) + 2 < sizeof names) strcat(names, " ");
        strncat(names, e, sizeof names - strlen(names) - 1);
      }
      memset(eq + 1, 0, strnlen(eq + 1, l - (size_t)(eq - e) - 1)); /* forget the value */
    }
    i += (ssize_t)l + 1;
  }
  const char *who = self == 1 ? "PID 1 (the probe)" : "the container's entrypoint (the probe; PID 1 is outside the container)";
  if (found)
    record("pid1-environ", "R-S", "R-S", what, "allowed", 0, "%s holds %d secret-named variable(s) of %d: %s", who, found, total, names);
  else record("pid1-environ", "R-S", "R-S", what, "blocked", 0, "%s's environment is readable but holds no secret-named variable (%d variables)", who, total);
}

/* ------------------------------------------------------------------ R-D denial of service */

static volatile unsigned long sink;

static void spin_until(long long end) {
  unsigned long x = 1;
  while (now_ms() < end) for (int i = 0; i < 200000; i++) x = x * 6364136223846793005UL + 1442695040888963407UL;
  sink = x;
}

static void phase(const char *name, long long start, long long end) {
  char line[160];
  int l = snprintf(line, sizeof line, "{\"phase\":\"%s\",\"start\":%lld,\"end\":%lld}\n", name, start, end);
  ssize_t w = write(1, line, (size_t)l);
  (void)w;
}

#define WINDOW_MS 250

/**
 * In a hog child: nice 19, so inside the attacker's own cgroup the probe's main process still wakes on time to
 * switch windows. Between containers the cgroup weights decide (nice does not cross cgroups), so the neighbour
 * measurement is unchanged.
 */
static void low_priority(void) {
  if (setpriority(PRIO_PROCESS, 0, 19) != 0) { /* keep going at the inherited priority */ }
}

static void sleep_ms(long ms) {
  long long end = now_ms() + ms;
  while (now_ms() < end) usleep(5000);
}

static void signal_all(pid_t *kids, long n, int sig) {
  for (long i = 0; i < n; i++) kill(kids[i], sig);
}

/**
 * Alternates quiet and attack windows of WINDOW_MS for about hog_ms of attack in all: the attacker's processes
 * are stopped (SIGSTOP) in quiet windows and run (SIGCONT) in attack windows, so the runner compares the
 * neighbour's rate in each attack window with the quiet windows beside it, and slow changes of other load on
 * the host cancel out. Ends with a quiet window. Returns the attack time in ms.
 */
static long long alternate(const char *name, pid_t *kids, long n, long max_rounds) {
  long rounds = hog_ms / WINDOW_MS;
  if (rounds > max_rounds) rounds = max_rounds;
  if (rounds < 1) rounds = 1;
  long long attack = 0;
  for (long r = 0; r < rounds; r++) {
    signal_all(kids, n, SIGSTOP);
    long long s = now_ms();
    sleep_ms(WINDOW_MS);
    phase("quiet", s, now_ms());
    signal_all(kids, n, SIGCONT);
    s = now_ms();
    sleep_ms(WINDOW_MS);
    long long e = now_ms();
    phase(name, s, e);
    attack += e - s;
  }
  signal_all(kids, n, SIGSTOP);
  long long s = now_ms();
  sleep_ms(WINDOW_MS);
  phase("quiet", s, now_ms());
  signal_all(kids, n, SIGKILL);
  for (long i = 0; i < n; i++) waitpid(kids[i], NULL, 0);
  return attack;
}

/**
 * CPU hog: one busy process per online CPU of the host (sysconf(_SC_NPROCESSORS_ONLN) reads the host's
 * /sys/devices/system/cpu/online: a container sees every CPU), at most 64, so an attacker whose configuration
 * leaves the CPUs unlimited can occupy all of them; its own cpuset, CPU quota (--cpus) and weight
 * (--cpu-shares) decide how much it really gets. A pids limit may stop the forks early: the record says how
 * many processes it got. The neighbour's work rate (runner) decides the verdict.
 */
static void dos_cpu(void) {
  char what[160];
  long want = sysconf(_SC_NPROCESSORS_ONLN);
  if (want < 1) want = 1;
  if (want > 64) want = 64;
  cpu_set_t set;
  int allowed = sched_getaffinity(0, sizeof set, &set) == 0 ? CPU_COUNT(&set) : -1;
  /* the host's 1-minute load average (a container's /proc/loadavg is the host's): other load on the host
     competes with the neighbour too, so the reader can judge the measurement */
  char load[64] = "?";
  if (read_small("/proc/loadavg", load, sizeof load) > 0) { char *sp = strchr(load, ' '); if (sp) *sp = 0; }
  snprintf(what, sizeof what, "%ld busy processes (one per host CPU), run in %d ms windows for %ld ms in all", want, WINDOW_MS, hog_ms);
  pid_t kids[64];
  long n = 0;
  int err = 0;
  for (long i = 0; i < want; i++) {
    pid_t c = fork();
    if (c == 0) { child_bound(60); low_priority(); spin_until(now_ms() + 60000); _exit(0); }
    if (c < 0) { err = errno; break; }
    kids[n++] = c;
  }
  long long ran = alternate("cpu-hog", kids, n, 40);
  char got[96];
  if (err) snprintf(got, sizeof got, "%ld of %ld busy processes started (fork: %s)", n, want, errno_name(err) ? errno_name(err) : "error");
  else snprintf(got, sizeof got, "%ld busy processes started", n);
  record("cpu-hog", "R-D", "R-D,R-G6", what, "allowed", 0, "%s, allowed on %d CPU(s) by the container's cpuset, ran %lld ms, host load average %s; the neighbour's work rate decides whether the CPU limit held",
         got, allowed, ran, load);
}

static void dos_fork(void) {
  char what[128];
  snprintf(what, sizeof what, "fork up to %ld processes within %ld ms, then all spin in %d ms windows", fork_max, fork_ms, WINDOW_MS);
  long long end = now_ms() + fork_ms;
  pid_t *kids = calloc((size_t)fork_max, sizeof(pid_t));
  if (!kids) return;
  long n = 0;
  int err = 0;
  while (n < fork_max && now_ms() < end) {
    pid_t c = fork();
    if (c == 0) {
      /* stop at once: the count measures the pids limit, not the scheduler; alternate() runs them */
      child_bound(60);
      low_priority();
      raise(SIGSTOP);
      spin_until(now_ms() + 60000);
      _exit(0);
    }
    if (c < 0) { err = errno; break; }
    kids[n++] = c;
  }
  alternate("fork-bomb", kids, n, 4);
  free(kids);
  if (err == EAGAIN || err == ENOMEM)
    record("fork-bomb", "R-D", "R-D,R-G6", what, "blocked", err, "contained: fork failed after %ld processes", n);
  else if (err)
    record("fork-bomb", "R-D", "R-D,R-G6", what, "blocked", err, "fork failed after %ld processes", n);
  else if (n >= fork_max)
    record("fork-bomb", "R-D", "R-D,R-G6", what, "allowed", 0, "%ld processes created, the probe's own bound (no pids limit stopped it)", n);
  else
    /* the time bound ended it before either the count bound or a fork failure: a loaded host or a low CPU quota
       made forking slow, so neither the pids limit nor its absence was shown */
    record("fork-bomb", "R-D", "R-D,R-G6", what, "not-applicable", 0, "inconclusive: %ld processes created in %ld ms without a fork failing, short of the probe's bound of %ld (a loaded host or a low CPU quota)", n, fork_ms, fork_max);
}

static void dos_mem(void) {
  char what[128];
  snprintf(what, sizeof what, "allocate and touch %ld MiB in a child (RLIMIT_AS bound %ld MiB)", mem_mb, mem_mb + 64);
  int pfd[2];
  if (pipe(pfd) != 0) return;
  long long q = now_ms();
  sleep_ms(WINDOW_MS);
  phase("quiet", q, now_ms());
  long long s = now_ms();
  pid_t c = fork();
  if (c < 0) {
    int e = errno;
    close(pfd[0]);
    close(pfd[1]);
    phase("memory-hog", s, now_ms());
    record("memory-hog", "R-D", "R-D,R-G6", what, "blocked", e, "the hog process could not even start (fork refused: the pids limit)");
    return;
  }
  if (c == 0) {
    close(pfd[0]);
    struct rlimit rl = {(rlim_t)(mem_mb + 64) << 20, (rlim_t)(mem_mb + 64) << 20};
    setrlimit(RLIMIT_AS, &rl);
    signal(SIGALRM, SIG_DFL);
    alarm(30);
    for (long mb = 0; mb < mem_mb; mb += 8) {
      char *p = mmap(NULL, 8 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
      if (p == MAP_FAILED) _exit(2);
      for (long i = 0; i < (8 << 20); i += 4096) p[i] = 1;
      long done = mb + 8;
      ssize_t w = write(pfd[1], &done, sizeof done);
      (void)w;
    }
    _exit(0);
  }
  close(pfd[1]);
  long got = 0, v;
  while (read(pfd[0], &v, sizeof v) == (ssize_t)sizeof v) got = v;
  close(pfd[0]);
  int st = 0;
  waitpid(c, &st, 0);
  long long e = now_ms();
  phase("memory-hog", s, e);
  q = now_ms();
  sleep_ms(WINDOW_MS);
  phase("quiet", q, now_ms());
  if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
    record("memory-hog", "R-D", "R-D,R-G6", what, "allowed", 0, "%ld MiB allocated and touched: no memory limit stopped it", got);
  else if (WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL)
    record("memory-hog", "R-D", "R-D,R-G6", what, "blocked", 0, "killed (SIGKILL) after %ld MiB: the memory limit's OOM killer", got);
  else if (WIFSIGNALED(st) && WTERMSIG(st) == SIGALRM)
    /* too slow to reach the size within the probe's own 30 s bound (a loaded host): neither the limit nor its
       absence was shown, so no verdict */
    record("memory-hog", "R-D", "R-D,R-G6", what, "not-applicable", 0, "inconclusive: reached %ld of %ld MiB before the probe's own 30 s bound stopped it (a loaded host); the memory limit was not reached", got, mem_mb);
  else if (WIFSIGNALED(st))
    record("memory-hog", "R-D", "R-D,R-G6", what, "allowed", 0, "reached %ld MiB, then stopped by signal %d (not the memory limit's OOM killer)", got, WTERMSIG(st));
  else record("memory-hog", "R-D", "R-D,R-G6", what, "blocked", ENOMEM, "allocation failed after %ld MiB", got);
}

/* ------------------------------------------------------------------ modes */

static pid_t main_pid;

/** The global deadline: one record, then the probe's own process group (itself and its children) is killed. */
static void on_alarm(int sig) {
  (void)sig;
  if (getpid() != main_pid) _exit(3);
  const char *m = "{\"id\":\"deadline\",\"class\":\"R-D\",\"requirements\":[],\"attempted\":\"finish within the deadline\",\"result\":\"not-applicable\",\"errno\":null,\"evidence\":\"the probe hit its own deadline and stopped\"}\n";
  ssize_t w = write(1, m, strlen(m));
  (void)w;
  if (getpgrp() == main_pid) kill(-main_pid, SIGKILL); /* only our own group, never a caller's */
  _exit(3);
}

static int work_mode(long ms) {
  long long s = now_ms(), end = s + ms, next = s + 50;
  unsigned long work = 0, x = 1;
  while (now_ms() < end) {
    for (int i = 0; i < 20000; i++) x = x * 6364136223846793005UL + 1442695040888963407UL;
    work++;
    long long t = now_ms();
    if (t >= next) {
      char line[96];
      int l = snprintf(line, sizeof line, "{\"t\":%lld,\"work\":%lu}\n", t, work);
      ssize_t w = write(1, line, (size_t)l);
      (void)w;
      next += 50;
    }
  }
  sink = x;
  return 0;
}

int main(int argc, char **argv) {
  setvbuf(stdout, NULL, _IONBF, 0);
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    const char *v = i + 1 < argc ? argv[i + 1] : NULL;
    if (!strcmp(a, "--whoami")) { printf("{\"euid\":%u}\n", (unsigned)geteuid()); return 0; }
    if (!strcmp(a, "--work") && v) { signal(SIGALRM, SIG_DFL); alarm((unsigned)(atol(v) / 1000 + 10)); return work_mode(atol(v)); }
    if (!strcmp(a, "--dos")) { dos = 1; continue; }
    if (!v) { fprintf(stderr, "bulwark-probe: %s needs a value\n", a); return 2; }
    if (!strcmp(a, "--writable") && n_writable < MAX_ARGS) writable[n_writable++] = v;
    else if (!strcmp(a, "--readonly") && n_readonly < MAX_ARGS) readonly_binds[n_readonly++] = v;
    else if (!strcmp(a, "--docker-sock") && n_sockets < MAX_ARGS) sockets[n_sockets++] = v;
    else if (!strcmp(a, "--setuid-helper")) setuid_helper = v;
    else if (!strcmp(a, "--fork-max")) fork_max = atol(v) > 0 ? atol(v) : fork_max;
    else if (!strcmp(a, "--mem-mb")) mem_mb = atol(v) > 0 ? atol(v) : mem_mb;
    else if (!strcmp(a, "--hog-ms")) hog_ms = atol(v) > 0 ? atol(v) : hog_ms;
    else if (!strcmp(a, "--fork-ms")) fork_ms = atol(v) > 0 ? atol(v) : fork_ms;
    else if (!strcmp(a, "--deadline")) deadline_s = atol(v) > 0 ? atol(v) : deadline_s;
    else { fprintf(stderr, "bulwark-probe: unknown option %s\n", a); return 2; }
    i++;
  }
  if (fork_max > 4096) fork_max = 4096;
  if (mem_mb > 1024) mem_mb = 1024;
  if (hog_ms > 10000) hog_ms = 10000;
  if (fork_ms > 30000) fork_ms = 30000;
  /* PID 1 of a pid namespace ignores signals it has no handler for; the runner's stop must work. */
  signal(SIGTERM, SIG_DFL);
  main_pid = getpid();
  (void)setpgid(0, 0); /* fails for a session leader (PID 1), which already leads its group */
  signal(SIGALRM, on_alarm);
  alarm((unsigned)deadline_s);
  struct rlimit core = {0, 0};
  setrlimit(RLIMIT_CORE, &core);

  static char status[8192];
  if (read_small("/proc/self/status", status, sizeof status) < 0) status[0] = 0;

  attack_shocker();
  attack_mount("mount-proc", "proc", NULL);
  attack_mount("mount-tmpfs", "tmpfs", "size=1m");
  attack_mount("mount-cgroup", "cgroup", "memory");
  attack_docker_sock();
  attack_writable_binds();
  attack_host_devices();
  attack_proc_write("sysrq-trigger", "sysrq-trigger");
  attack_proc_write("core-pattern", "sys/kernel/core_pattern");
  attack_init_module();
  attack_unshare();
  attack_ptrace();
  attack_pid_namespace();
  attack_sockets();
  attack_setuid(status);
  attack_kernel_surface(status);
  attack_environ();
  if (dos) {
    dos_cpu();
    dos_fork();
    dos_mem();
  }
  printf("{\"done\":true,\"t\":%lld}\n", now_ms());
  return 0;
}
