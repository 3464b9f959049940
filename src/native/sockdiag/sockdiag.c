/*
 * sockdiag.c: the kernel's TCP socket table as fixed-size binary records, through
 * NETLINK_SOCK_DIAG (the interface `ss` uses). Linux only; an optional addon of tcpwatch.
 *
 * Why: reading /proc/net/tcp makes the kernel format ~150 bytes of text per socket; a sock_diag
 * dump hands out binary messages and drops unwanted states inside the kernel. Node cannot open
 * netlink sockets, hence this addon. It sees only the caller's own network namespace.
 *
 *   dumpBatches(family, stateMask, batch, onBatch) -> undefined: fills the caller's Buffer `batch`
 *       with whole RECORD_SIZE-byte records (layout below) and calls onBatch(bytes) each time it is
 *       full and once at the end, so a dump of any size holds one batch at a time
 *   countStates(family, stateMask) -> number[16]: sockets per state code
 *
 * family is 4 or 6. stateMask has bit (1 << code) set for each kernel state code wanted
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
/* Node-API 1 has every call used here: one binary loads in every Node version that has Node-API. */
#define NAPI_VERSION 1
#include <node_api.h>

#include <endian.h>
#include <errno.h>
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
 * Runs one SOCK_DIAG_BY_FAMILY dump into the sink. Returns 0, or an errno value with *step naming
 * what failed. The socket and the receive buffer are released on every path.
 */
static int run_dump(int af, uint32_t states, sink_t *s, const char **step) {
  int err = 0;
  uint8_t *rx = NULL;
  int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
  if (fd < 0) {
    *step = "socket(NETLINK_SOCK_DIAG)";
    return errno;
  }

  struct {
    struct nlmsghdr nh;
    struct inet_diag_req_v2 r;
  } req;
  memset(&req, 0, sizeof req);
  req.nh.nlmsg_len = sizeof req;
  req.nh.nlmsg_type = SOCK_DIAG_BY_FAMILY;
  req.nh.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
  req.nh.nlmsg_seq = REQUEST_SEQ;
  req.r.sdiag_family = af;
  req.r.sdiag_protocol = IPPROTO_TCP;
  req.r.idiag_states = states;
  req.r.idiag_ext = 0; /* no tcp_info, meminfo, congestion: only the fixed message */
  struct sockaddr_nl kernel = {.nl_family = AF_NETLINK};
  ssize_t n;
  do n = sendto(fd, &req, sizeof req, 0, (struct sockaddr *)&kernel, sizeof kernel);
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
        *step = "SOCK_DIAG_BY_FAMILY request";
        goto out;
      }
      if (h->nlmsg_type != SOCK_DIAG_BY_FAMILY) continue;
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

/* Reads the first `want` arguments into argv, (family: 4 | 6, stateMask: number) first; -1 when
 * they are not there or not those (the caller throws its TypeError). */
static int read_args(napi_env env, napi_callback_info info, size_t want, napi_value *argv, int *af, uint32_t *mask) {
  size_t argc = want;
  int32_t family = 0;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < want ||
      napi_get_value_int32(env, argv[0], &family) != napi_ok || (family != 4 && family != 6) ||
      napi_get_value_uint32(env, argv[1], mask) != napi_ok) {
    return -1;
  }
  *af = family == 6 ? AF_INET6 : AF_INET;
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
  napi_value argv[4];
  int af;
  uint32_t mask;
  bool is_buffer = false;
  napi_valuetype fn_type = napi_undefined;
  void *data = NULL;
  size_t size = 0;
  if (read_args(env, info, 4, argv, &af, &mask) ||
      napi_is_buffer(env, argv[2], &is_buffer) != napi_ok || !is_buffer ||
      napi_get_buffer_info(env, argv[2], &data, &size) != napi_ok || size < RECORD_SIZE ||
      napi_typeof(env, argv[3], &fn_type) != napi_ok || fn_type != napi_function) {
    napi_throw_type_error(env, NULL,
                          "expected (family: 4 | 6, stateMask: number, batch: Buffer of at least one record, onBatch: function)");
    return NULL;
  }
  batch_target_t target = {.env = env, .on_batch = argv[3]};
  sink_t s = {.keep_records = 1, .data = data, .cap = size - size % RECORD_SIZE, .flush = call_on_batch, .ctx = &target};
  const char *step = "";
  int err = run_dump(af, mask, &s, &step);
  bool pending = false;
  napi_is_exception_pending(env, &pending);
  if (err && !pending) throw_errno(env, err, step);
  return NULL;
}

static napi_value count_states(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  int af;
  uint32_t mask;
  if (read_args(env, info, 2, argv, &af, &mask)) {
    napi_throw_type_error(env, NULL, "expected (family: 4 | 6, stateMask: number)");
    return NULL;
  }
  sink_t s = {.keep_records = 0};
  const char *step = "";
  int err = run_dump(af, mask, &s, &step);
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

static napi_value init(napi_env env, napi_value exports) {
  napi_value fn, size;
  napi_create_function(env, "dumpBatches", NAPI_AUTO_LENGTH, dump_batches, NULL, &fn);
  napi_set_named_property(env, exports, "dumpBatches", fn);
  napi_create_function(env, "countStates", NAPI_AUTO_LENGTH, count_states, NULL, &fn);
  napi_set_named_property(env, exports, "countStates", fn);
  napi_create_uint32(env, RECORD_SIZE, &size);
  napi_set_named_property(env, exports, "RECORD_SIZE", size);
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
