/**
 * Records of the sock_diag addon (src/native/sockdiag/sockdiag.c has the layout): one per socket
 * of a NETLINK_SOCK_DIAG dump, numbers little-endian, addresses in network order. Alone in this
 * file so that the addon's loader (and --version) can check it without loading the parser.
 */
export const SOCKDIAG_RECORD_SIZE = 60;
