/*
 * sockdiag.c: the kernel's TCP socket table as fixed-size binary records, through
 * NETLINK_SOCK_DIAG (the interface `ss` uses). Linux only; an optional addon of tcpwatch.
 *
 * Why: reading /proc/net/tcp makes the kernel format ~150 bytes of text per socket; a sock_diag
 * dump hands out binary messages and drops unwanted states inside the kernel. Node cannot open
 * netlink sockets, hence this addon. A dump answers for the namespace its netlink socket was
 * opened in: the caller's, or the one at `nsPath` (see in_netns).
 *
 *   dumpBatches(family, stateMask, batch, onBatch, nsPath?) -> undefined: fills the caller's Buffer
 *       `batch` with whole RECORD_SIZE-byte records (layout below) and calls onBatch(bytes) each
 *       time it is full and once at the end, so a dump of any size holds one batch at a time
 *   countStates(family, stateMask, nsPath?) -> number[16]: sockets per state code
 *   readInNetns(nsPath, paths) -> (string | number)[]: each file read from inside the network
 *       namespace at nsPath (an nsfs file: /proc/PID/ns/net, /run/netns/NAME), as latin1 text, or
 *       the errno that stopped it. /proc/sys/net shows the reading thread's namespace, and
 *       /proc/thread-self/net its net/ files.
 *
 * family is 4 or 6, or 0 for both in one dump: the legacy TCPDIAG_GETSOCK request, which the kernel
 * answers for AF_UNSPEC (net/ipv4/inet_diag.c inet_diag_dump_compat). Each dump walks the whole
 * TCP hash, which namespaces share unless made with tcp_child_ehash_entries: one walk, not two.
 * stateMask has bit (1 << code) set for each kernel state code wanted
 * (include/net/tcp_states.h); request socks live under NEW_SYN_RECV (12), so set bit 12 with
 * bit 3, as ss does. The kernel reports request socks as SYN_RECV (3) and timewait socks by their
 * substate (TIME_WAIT 6, or FIN_WAIT2 5 for an orphaned FIN_WAIT2), exactly as /proc/net/tcp
 * prints them (net/ipv4/inet_diag.c inet_req_diag_fill, inet_twsk_diag_fill).
 *
 * Record layout: numbers little-endian on every host (so captured dumps read the same
 * everywhere), addresses as the kernel's network-order bytes.
 *    0 u8   family: 4 or 6
 *    1 u8   state (kernel code)
 *    2 u8   timer: 0 none, 1 retransmit, 2 keepalive, 3 timewait, 4 zero-window probe
 *    3 u8   retransmits (or unanswered probes)
 *    4 u16  local port
 *    6 u16  remote port
 *    8 16B  local address (IPv4: the first 4 bytes, the rest zero)
 *   24 16B  remote address
 *   40 u32  inode (0 for timewait and request socks, and orphans)
 *   44 u32  uid (0 for timewait and request socks)
 *   48 u32  receive queue (LISTEN: accept-queue length)
 *   52 u32  send queue (LISTEN: accept-queue limit)
 *   56 u32  time left on the timer, in ms
 */
#define _GNU_SOURCE /* setns(), CLONE_NEWNET */
/* Node-API 1 has every call used here: one binary loads in every Node version that has Node-API. */
#define NAPI_VERSION 1
#include <node_api.h>

#include <endian.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <linux/inet_diag.h>

#define RECORD_SIZE 60
/* what the loader checks besides RECORD_SIZE: 2 since family 0 (both in one dump) */
#define API_VERSION 2
#define STATE_SLOTS 16
#define REQUEST_SEQ 1
/* The kernel caps a dump message at about 32 KiB; bigger ones are still read whole (peek). */
#define INITIAL_RX (64 * 1024)

/* Where the dump's sockets go: records packed into a fixed batch handed out when full, or
 * per-state counts only. flush returns 0, or an errno value that stops the dump. */
typedef struct {
  int keep_records;
  uint8_t *data;
  size_t len, cap; /* cap: whole records only */
  int (*flush)(void *ctx, size_t len);
  void *ctx;
  double counts[STATE_SLOTS];
} sink_t;

static int sink_add(sink_t *s, const struct inet_diag_msg *m) {
  s->counts[m->idiag_state & (STATE_SLOTS - 1)]++;
  if (!s->keep_records) return 0;
  if (s->len + RECORD_SIZE > s->cap) {
    int err = s->flush(s->ctx, s->len);
    if (err) return err;
    s->len = 0;
  }
  uint8_t *r = s->data + s->len;
  uint16_t sport = htole16(ntohs(m->id.idiag_sport)), dport = htole16(ntohs(m->id.idiag_dport));
  uint32_t tail[5] = {htole32(m->idiag_inode), htole32(m->idiag_uid), htole32(m->idiag_rqueue),
                      htole32(m->idiag_wqueue), htole32(m->idiag_expires)};
  r[0] = m->idiag_family == AF_INET6 ? 6 : 4;
  r[1] = m->idiag_state;
  r[2] = m->idiag_timer;
  r[3] = m->idiag_retrans;
  memcpy(r + 4, &sport, 2);
  memcpy(r + 6, &dport, 2);
  memcpy(r + 8, m->id.idiag_src, 16);
  memcpy(r + 24, m->id.idiag_dst, 16);
  memcpy(r + 40, tail, sizeof tail);
  s->len += RECORD_SIZE;
  return 0;
}

static ssize_t recv_retry(int fd, void *buf, size_t len, int flags) {
  ssize_t n;
  do n = recv(fd, buf, len, flags); while (n < 0 && errno == EINTR);
  return n;
}

/*
 * Runs one dump (SOCK_DIAG_BY_FAMILY, or TCPDIAG_GETSOCK for both families) into the sink. Returns 0, or an errno value with *step naming
 * what failed. The socket and the receive buffer are released on every path.
 */
/*
 * Runs `job(arg)` on a short-lived thread that first joins the network namespace at ns_path, and
 * waits for it. setns() moves only the calling thread, so Node's own threads never change
 * namespace; what the job opens there (a netlink socket, a /proc/sys file) stays bound to that
 * namespace after the thread ends. Returns 0, or an errno value with *step naming what failed.
 */
typedef struct {
  const char *ns_path;
  int (*job)(void *arg, const char **step);
  void *arg;
  int err;
  const char *step;
} ns_call_t;

static void *ns_thread(void *p) {
  ns_call_t *c = p;
  int nsfd = open(c->ns_path, O_RDONLY | O_CLOEXEC);
  if (nsfd < 0) {
    c->err = errno;
    c->step = "open(network namespace)";
    return NULL;
  }
  if (setns(nsfd, CLONE_NEWNET) != 0) {
    c->err = errno;
    c->step = "setns(network namespace)";
    close(nsfd);
    return NULL;
  }
  close(nsfd);
  c->err = c->job(c->arg, &c->step);
  return NULL;
}

static int in_netns(const char *ns_path, int (*job)(void *, const char **), void *arg, const char **step) {
  ns_call_t c = {.ns_path = ns_path, .job = job, .arg = arg, .err = 0, .step = ""};
  pthread_t t;
  int e = pthread_create(&t, NULL, ns_thread, &c);
  if (e) {
    *step = "pthread_create";
    return e;
  }
  pthread_join(t, NULL);
  if (c.err) *step = c.step;
  return c.err;
}

static int open_diag_socket(void *arg, const char **step) {
  int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
  if (fd < 0) {
    *step = "socket(NETLINK_SOCK_DIAG)";
    return errno;
  }
  *(int *)arg = fd;
  return 0;
}

static int run_dump(int af, uint32_t states, sink_t *s, const char **step, const char *ns_path) {
  int err = 0;
  uint8_t *rx = NULL;
  int fd = -1;
  err = ns_path ? in_netns(ns_path, open_diag_socket, &fd, step) : open_diag_socket(&fd, step);
  if (err) return err;

  /* no tcp_info, meminfo, congestion (idiag_ext 0): only the fixed message */
  struct {
    struct nlmsghdr nh;
    union {
      struct inet_diag_req_v2 v2;
      struct inet_diag_req compat;
    } r;
  } req;
  memset(&req, 0, sizeof req);
  const int both = af == AF_UNSPEC;
  const uint16_t type = both ? TCPDIAG_GETSOCK : SOCK_DIAG_BY_FAMILY; /* the answers carry it too */
  req.nh.nlmsg_len = NLMSG_LENGTH(both ? sizeof req.r.compat : sizeof req.r.v2);
  req.nh.nlmsg_type = type;
  req.nh.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
  req.nh.nlmsg_seq = REQUEST_SEQ;
  if (both) {
    req.r.compat.idiag_family = AF_INET; /* not read: the compat dump asks for AF_UNSPEC */
    req.r.compat.idiag_states = states;
  } else {
    req.r.v2.sdiag_family = af;
    req.r.v2.sdiag_protocol = IPPROTO_TCP;
    req.r.v2.idiag_states = states;
  }
  struct sockaddr_nl kernel = {.nl_family = AF_NETLINK};
  ssize_t n;
  do n = sendto(fd, &req, req.nh.nlmsg_len, 0, (struct sockaddr *)&kernel, sizeof kernel);
  while (n < 0 && errno == EINTR);
  if (n < 0) {
    err = errno;
    *step = "send";
    goto out;
  }

  size_t cap = INITIAL_RX;
  rx = malloc(cap);
  if (!rx) {
    err = ENOMEM;
    *step = "malloc";
    goto out;
  }
  for (;;) {
    /* the next datagram's full size, without consuming it */
    n = recv_retry(fd, NULL, 0, MSG_PEEK | MSG_TRUNC);
    if (n < 0) {
      err = errno;
      *step = "recv";
      goto out;
    }
    if ((size_t)n > cap) {
      uint8_t *bigger = realloc(rx, (size_t)n);
      if (!bigger) {
        err = ENOMEM;
        *step = "malloc";
        goto out;
      }
      rx = bigger;
      cap = (size_t)n;
    }
    n = recv_retry(fd, rx, cap, 0);
    if (n < 0) {
      err = errno;
      *step = "recv";
      goto out;
    }
    if (n == 0) {
      err = EPROTO;
      *step = "recv (the dump ended without NLMSG_DONE)";
      goto out;
    }
    int left = (int)n;
    for (struct nlmsghdr *h = (struct nlmsghdr *)rx; NLMSG_OK(h, left); h = NLMSG_NEXT(h, left)) {
      if (h->nlmsg_seq != REQUEST_SEQ) continue; /* not an answer to our request */
      if (h->nlmsg_type == NLMSG_DONE) {
        /* a dump that failed midway ends with NLMSG_DONE carrying the negative errno */
        if (h->nlmsg_len >= NLMSG_LENGTH(sizeof(int))) {
          int e;
          memcpy(&e, NLMSG_DATA(h), sizeof e);
          if (e < 0) {
            err = -e;
            *step = "dump";
            goto out;
          }
        }
        if (s->keep_records && s->len > 0 && (err = s->flush(s->ctx, s->len)) != 0) *step = "batch callback";
        goto out;
      }
      if (h->nlmsg_type == NLMSG_ERROR) {
        const struct nlmsgerr *e = NLMSG_DATA(h);
        if (h->nlmsg_len < NLMSG_LENGTH(sizeof *e)) {
          err = EPROTO;
        } else if (e->error == 0) {
          continue; /* an acknowledgement, not an error */
        } else {
          err = -e->error;
        }
        *step = both ? "TCPDIAG_GETSOCK request" : "SOCK_DIAG_BY_FAMILY request";
        goto out;
      }
      if (h->nlmsg_type != type) continue;
      if (h->nlmsg_len < NLMSG_LENGTH(sizeof(struct inet_diag_msg))) {
        err = EPROTO;
        *step = "parse (short inet_diag_msg)";
        goto out;
      }
      if ((err = sink_add(s, NLMSG_DATA(h))) != 0) {
        *step = "batch callback";
        goto out;
      }
    }
  }
out:
  free(rx);
  close(fd);
  return err;
}

/* Throws an Error with code ESOCKDIAG, the errno number in `errno`, and what failed in the message. */
static void throw_errno(napi_env env, int err, const char *step) {
  char text[256];
  snprintf(text, sizeof text, "sock_diag %s: %s", step, strerror(err));
  napi_value code, msg, error, num;
  napi_create_string_utf8(env, "ESOCKDIAG", NAPI_AUTO_LENGTH, &code);
  napi_create_string_utf8(env, text, NAPI_AUTO_LENGTH, &msg);
  napi_create_error(env, code, msg, &error);
  napi_create_int32(env, err, &num);
  napi_set_named_property(env, error, "errno", num);
  napi_throw(env, error);
}

#define NS_PATH_MAX 4096

/* An optional string argument into buf: 0 with *out NULL when absent or undefined, -1 when not a
 * string or too long. */
static int read_ns_path(napi_env env, napi_value v, char *buf, const char **out) {
  napi_valuetype t = napi_undefined;
  size_t len = 0;
  *out = NULL;
  if (v == NULL || napi_typeof(env, v, &t) != napi_ok || t == napi_undefined) return 0;
  if (t != napi_string || napi_get_value_string_utf8(env, v, buf, NS_PATH_MAX, &len) != napi_ok || len == 0 || len >= NS_PATH_MAX - 1) return -1;
  *out = buf;
  return 0;
}

/* Reads the first `want` arguments into argv (and an optional network namespace path after them),
 * (family: 0 | 4 | 6, stateMask: number) first; -1 when they are not there or not those (the caller
 * throws its TypeError). */
static int read_args(napi_env env, napi_callback_info info, size_t want, napi_value *argv, int *af, uint32_t *mask, char *ns_buf, const char **ns_path) {
  size_t argc = want + 1;
  int32_t family = 0;
  argv[want] = NULL;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < want ||
      napi_get_value_int32(env, argv[0], &family) != napi_ok || (family != 0 && family != 4 && family != 6) ||
      napi_get_value_uint32(env, argv[1], mask) != napi_ok ||
      read_ns_path(env, argc > want ? argv[want] : NULL, ns_buf, ns_path) != 0) {
    return -1;
  }
  *af = family == 6 ? AF_INET6 : family == 4 ? AF_INET : AF_UNSPEC;
  return 0;
}

/* The JS side of a dump: onBatch(bytes) after each full batch and at the end. */
typedef struct {
  napi_env env;
  napi_value on_batch;
} batch_target_t;

/* ECANCELED when onBatch threw: its exception is pending and is what the caller sees. */
static int call_on_batch(void *ctx, size_t len) {
  batch_target_t *t = ctx;
  napi_handle_scope scope; /* one per call: a dump can hand out thousands of batches */
  if (napi_open_handle_scope(t->env, &scope) != napi_ok) return ENOMEM;
  napi_value global, bytes, ignored;
  napi_status st = napi_get_global(t->env, &global);
  if (st == napi_ok) st = napi_create_double(t->env, (double)len, &bytes);
  if (st == napi_ok) st = napi_call_function(t->env, global, t->on_batch, 1, &bytes, &ignored);
  napi_close_handle_scope(t->env, scope);
  if (st == napi_ok) return 0;
  bool pending = false;
  napi_is_exception_pending(t->env, &pending);
  return pending ? ECANCELED : EPROTO;
}

static napi_value dump_batches(napi_env env, napi_callback_info info) {
  napi_value argv[5];
  int af;
  uint32_t mask;
  bool is_buffer = false;
  napi_valuetype fn_type = napi_undefined;
  void *data = NULL;
  size_t size = 0;
  char ns_buf[NS_PATH_MAX];
  const char *ns_path = NULL;
  if (read_args(env, info, 4, argv, &af, &mask, ns_buf, &ns_path) ||
      napi_is_buffer(env, argv[2], &is_buffer) != napi_ok || !is_buffer ||
      napi_get_buffer_info(env, argv[2], &data, &size) != napi_ok || size < RECORD_SIZE ||
      napi_typeof(env, argv[3], &fn_type) != napi_ok || fn_type != napi_function) {
    napi_throw_type_error(env, NULL,
                          "expected (family: 0 | 4 | 6, stateMask: number, batch: Buffer of at least one record, onBatch: function, nsPath?: string)");
    return NULL;
  }
  batch_target_t target = {.env = env, .on_batch = argv[3]};
  sink_t s = {.keep_records = 1, .data = data, .cap = size - size % RECORD_SIZE, .flush = call_on_batch, .ctx = &target};
  const char *step = "";
  int err = run_dump(af, mask, &s, &step, ns_path);
  bool pending = false;
  napi_is_exception_pending(env, &pending);
  if (err && !pending) throw_errno(env, err, step);
  return NULL;
}

static napi_value count_states(napi_env env, napi_callback_info info) {
  napi_value argv[3];
  int af;
  uint32_t mask;
  char ns_buf[NS_PATH_MAX];
  const char *ns_path = NULL;
  if (read_args(env, info, 2, argv, &af, &mask, ns_buf, &ns_path)) {
    napi_throw_type_error(env, NULL, "expected (family: 0 | 4 | 6, stateMask: number, nsPath?: string)");
    return NULL;
  }
  sink_t s = {.keep_records = 0};
  const char *step = "";
  int err = run_dump(af, mask, &s, &step, ns_path);
  if (err) {
    throw_errno(env, err, step);
    return NULL;
  }
  napi_value out, v;
  napi_create_array_with_length(env, STATE_SLOTS, &out);
  for (uint32_t i = 0; i < STATE_SLOTS; i++) {
    napi_create_double(env, s.counts[i], &v);
    napi_set_element(env, out, i, v);
  }
  return out;
}

/* Small files only (sysctls, sockstat, snmp): each is read whole into its own buffer. */
#define MAX_FILES 64
#define FILE_CAP (256 * 1024)

typedef struct {
  size_t n;
  char *paths[MAX_FILES];
  char *text[MAX_FILES];
  size_t len[MAX_FILES];
  int err[MAX_FILES];
} file_batch_t;

static int read_files(void *arg, const char **step) {
  (void)step;
  file_batch_t *b = arg;
  for (size_t i = 0; i < b->n; i++) {
    int fd = open(b->paths[i], O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      b->err[i] = errno;
      continue;
    }
    size_t cap = 4096, len = 0;
    char *buf = malloc(cap);
    for (;;) {
      if (!buf) {
        b->err[i] = ENOMEM;
        break;
      }
      ssize_t n = read(fd, buf + len, cap - len);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) {
        b->err[i] = errno;
        break;
      }
      if (n == 0) break;
      len += (size_t)n;
      if (len == cap) {
        if (cap >= FILE_CAP) {
          b->err[i] = EFBIG;
          break;
        }
        char *bigger = realloc(buf, cap * 2);
        if (!bigger) free(buf);
        buf = bigger;
        cap *= 2;
      }
    }
    close(fd);
    if (b->err[i]) {
      free(buf);
      continue;
    }
    b->text[i] = buf;
    b->len[i] = len;
  }
  return 0;
}

static napi_value read_in_netns(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  size_t argc = 2;
  char ns_buf[NS_PATH_MAX];
  const char *ns_path = NULL;
  bool is_array = false;
  uint32_t n = 0;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 2 ||
      read_ns_path(env, argv[0], ns_buf, &ns_path) != 0 || ns_path == NULL ||
      napi_is_array(env, argv[1], &is_array) != napi_ok || !is_array ||
      napi_get_array_length(env, argv[1], &n) != napi_ok || n > MAX_FILES) {
    napi_throw_type_error(env, NULL, "expected (nsPath: string, paths: string[] of at most 64)");
    return NULL;
  }
  file_batch_t b;
  memset(&b, 0, sizeof b);
  int bad = 0;
  for (uint32_t i = 0; i < n && !bad; i++) {
    napi_value v;
    size_t len = 0;
    b.paths[i] = malloc(NS_PATH_MAX);
    b.n = i + 1;
    if (!b.paths[i] || napi_get_element(env, argv[1], i, &v) != napi_ok ||
        napi_get_value_string_utf8(env, v, b.paths[i], NS_PATH_MAX, &len) != napi_ok || len == 0) bad = 1;
  }
  napi_value out = NULL;
  if (bad) {
    napi_throw_type_error(env, NULL, "expected (nsPath: string, paths: string[] of at most 64)");
  } else {
    const char *step = "";
    int err = in_netns(ns_path, read_files, &b, &step);
    if (err) {
      throw_errno(env, err, step);
    } else {
      napi_create_array_with_length(env, b.n, &out);
      for (uint32_t i = 0; i < b.n; i++) {
        napi_value v;
        if (b.text[i]) napi_create_string_latin1(env, b.text[i], b.len[i], &v);
        else napi_create_int32(env, b.err[i], &v);
        napi_set_element(env, out, i, v);
      }
    }
  }
  for (size_t i = 0; i < b.n; i++) {
    free(b.paths[i]);
    free(b.text[i]);
  }
  return out;
}

static napi_value init(napi_env env, napi_value exports) {
  napi_value fn, size;
  napi_create_function(env, "dumpBatches", NAPI_AUTO_LENGTH, dump_batches, NULL, &fn);
  napi_set_named_property(env, exports, "dumpBatches", fn);
  napi_create_function(env, "countStates", NAPI_AUTO_LENGTH, count_states, NULL, &fn);
  napi_set_named_property(env, exports, "countStates", fn);
  napi_create_function(env, "readInNetns", NAPI_AUTO_LENGTH, read_in_netns, NULL, &fn);
  napi_set_named_property(env, exports, "readInNetns", fn);
  napi_create_uint32(env, RECORD_SIZE, &size);
  napi_set_named_property(env, exports, "RECORD_SIZE", size);
  napi_create_uint32(env, API_VERSION, &size);
  napi_set_named_property(env, exports, "API_VERSION", size);
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
